"""Crawl safety: private addresses are refused unless allowed; the portal's scope is its hosts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crawler.retry import retry_after_seconds
from crawler.safety import CrawlRefused, PortalScope, check_start_url, private_host


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.9",
                                  "172.16.5.5", "169.254.169.254", "::1", "0.0.0.0",
                                  "[::ffff:127.0.0.1]", "app.localhost",
                                  # issue 14: carrier-grade NAT and a cloud metadata address,
                                  # documentation and benchmarking ranges (not `is_global`)
                                  "100.64.0.1", "100.100.100.200", "100.127.255.254",
                                  "198.18.0.1", "203.0.113.5", "fc00::1"])
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
    """The guard as a whole crawl uses it: a public portal page linking an intranet address."""
    code = r"""
import json, sys
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from twisted.internet import defer, task
from twisted.python.failure import Failure
from crawler import fetch
from crawler.safety import PrivateAddressMiddleware

@defer.inlineCallbacks
def main(reactor):
    out = {}
    guard = PrivateAddressMiddleware(allow=False)
    out["public"] = (yield defer.ensureDeferred(guard.process_request(Request("http://8.8.8.8/x"))))
    try:
        yield defer.ensureDeferred(guard.process_request(Request("http://100.100.100.200/meta")))
        out["metadata"] = "allowed"
    except IgnoreRequest as exc:
        out["metadata"] = fetch.failure_reason(Failure(exc))
    try:
        yield defer.ensureDeferred(guard.process_request(Request("http://10.0.0.1/admin")))
        out["private"] = "allowed"
    except IgnoreRequest as exc:
        out["private"] = fetch.failure_reason(Failure(exc))
    allowed = PrivateAddressMiddleware(allow=True)
    out["allowed"] = (yield defer.ensureDeferred(allowed.process_request(Request("http://10.0.0.1/"))))
    print(json.dumps(out))

task.react(main)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {
        "public": None, "private": "private", "metadata": "private", "allowed": None}


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


def test_js_rendering_is_optional(monkeypatch, tmp_path):
    from crawler import render

    assert render.render_settings(False) == {}
    monkeypatch.setattr(render, "available", lambda: False)
    with pytest.raises(CrawlRefused, match="scrapy-playwright"):
        render.render_settings(True)
    monkeypatch.setattr(render, "available", lambda: True)
    monkeypatch.setattr(render.shutil, "which",
                        lambda name: "/usr/bin/chromium" if name == "chromium" else None)
    settings = render.render_settings(True)
    assert settings["DOWNLOAD_HANDLERS"]["https"].startswith("scrapy_playwright.")
    assert settings["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] == "/usr/bin/chromium"


@pytest.mark.skipif(__import__("crawler.render").render.available(),
                    reason="scrapy-playwright is installed here")
def test_render_js_without_playwright_is_refused_clearly(tmp_path):
    from tests.conftest import run_govaudit

    proc = run_govaudit("crawl", "http://127.0.0.1:1/", "--db", str(tmp_path / "a.db"),
                        "--allow-private", "--render-js", "--quiet")
    assert proc.returncode == 2 and "scrapy-playwright" in proc.stderr
