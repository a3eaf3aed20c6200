"""Crawl safety: private addresses are refused unless allowed; the portal's scope is its hosts."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

from crawler import fetch
from crawler.retry import retry_after_seconds
from crawler.safety import (CrawlRefused, PortalScope, PrivateAddressMiddleware,
                            check_start_url, private_host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.9",
                                  "172.16.5.5", "169.254.169.254", "::1", "0.0.0.0",
                                  "[::ffff:127.0.0.1]", "app.localhost"])
def test_private_hosts(host):
    assert private_host(host)


@pytest.mark.parametrize("host", ["8.8.8.8", "202.100.1.1", "2001:4860::8888",
                                  "no-such-host.invalid"])
def test_public_or_unresolvable_hosts(host):
    assert not private_host(host)


def test_start_url_refused_unless_allowed():
    with pytest.raises(CrawlRefused, match="--allow-private"):
        check_start_url("http://127.0.0.1:8000/", allow_private=False)
    check_start_url("http://127.0.0.1:8000/", allow_private=True)


def test_middleware_refuses_links_into_private_networks():
    guard = PrivateAddressMiddleware(allow=False)
    assert guard.process_request(Request("http://8.8.8.8/x")) is None
    with pytest.raises(IgnoreRequest) as caught:
        guard.process_request(Request("http://10.0.0.1/admin"))
    assert fetch.failure_reason(Failure(caught.value)) == "private"
    assert PrivateAddressMiddleware(allow=True).process_request(
        Request("http://10.0.0.1/admin")) is None


def test_scope_is_the_portal_hosts_with_ports():
    scope = PortalScope("http://127.0.0.1:8000/", ["127.0.0.1:8001", "http://bm.example.gov.cn"])
    assert scope.inside("http://127.0.0.1:8000/a/") and scope.inside("http://127.0.0.1:8001/col/")
    assert scope.inside("http://bm.example.gov.cn:80/x")
    assert not scope.inside("http://127.0.0.1:1/") and not scope.inside("http://bm.example.gov.cn:8080/")
    assert scope.is_primary("http://127.0.0.1:8000/z") and not scope.is_primary(
        "http://127.0.0.1:8001/z")


def test_retry_after_forms():
    assert retry_after_seconds(b"30") == 30
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None
