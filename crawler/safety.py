"""Where the crawler may go: the portal's own hosts, and never private addresses unless asked.

A portal is audited from links it publishes, and those links are untrusted: one pointing at
`http://10.0.0.1/` or `http://localhost:8080/admin` must not make the auditor probe the network
it runs in. Every request therefore passes `PrivateAddressMiddleware`, which refuses hosts that
are, or resolve to, loopback, private, link-local or reserved addresses unless the crawl was
started with `--allow-private` (the demo and the tests, whose replica portal is on 127.0.0.1).

`PortalScope` is the set of host:port pairs that belong to the portal (the start URL's and any
given with `--hosts`): pages there are read, everything else is only checked (one request,
headers only) and never followed.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.extract.urls import netloc

PRIVATE_REFUSED = "private"  # the `pages.error` of a refused request


class CrawlRefused(ValueError):
    """The crawl cannot start (message in Chinese, for the user)."""


def _address_is_private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # `is_global` is IANA's special-purpose registry: it also covers 100.64.0.0/10 (carrier-grade
    # NAT, where cloud metadata services such as 100.100.100.200 live), 192.0.0.0/24,
    # benchmarking and documentation ranges, which `is_private` alone missed.
    return not ip.is_global or ip.is_multicast


@lru_cache(maxsize=4096)
def private_host(host: str) -> bool:
    """True when `host` is, or resolves to, a non-public address (any of its addresses).

    A name that does not resolve is not private: the download fails on its own as `dns`.
    """
    host = (host or "").strip("[]").lower()
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return _address_is_private(host)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(_address_is_private(info[4][0]) for info in infos)


def check_start_url(url: str, allow_private: bool) -> None:
    """Refuse to start a crawl of a private address unless it was explicitly allowed."""
    host = urlsplit(url).hostname or ""
    if not allow_private and private_host(host):
        raise CrawlRefused(
            f"拒绝抓取内网或本机地址 {host}：政府门户应为公网地址。"
            "如确需抓取（例如本机测试门户），请加 --allow-private。")


class PrivateAddressMiddleware:
    """Downloader middleware: refuse requests to private addresses (setting
    GOVAUDIT_ALLOW_PRIVATE turns it off). Redirects pass through here again, so a public page
    that redirects to an internal address is refused too."""

    def __init__(self, allow: bool):
        self.allow = allow

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("GOVAUDIT_ALLOW_PRIVATE"))

    async def process_request(self, request, spider=None):
        if self.allow:
            return None
        host = urlsplit(request.url).hostname or ""
        # Name resolution blocks: do it in a thread so a slow resolver never stalls the crawl.
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        if await maybe_deferred_to_future(deferToThread(private_host, host)):
            raise IgnoreRequest(f"{PRIVATE_REFUSED}: {host}")
        return None


class PortalScope:
    """The host:port pairs of one portal."""

    def __init__(self, site_url: str, extra_hosts: list[str] | None = None):
        self.site_url = site_url
        self.netlocs = {netloc(site_url)}
        scheme = urlsplit(site_url).scheme or "http"
        for host in extra_hosts or []:
            host = host.strip()
            if host:
                self.netlocs.add(netloc(host if "://" in host else f"{scheme}://{host}/"))

    def inside(self, url: str) -> bool:
        return netloc(url) in self.netlocs

    def add(self, url: str) -> None:
        """A host the portal itself sends us to (a unit its index lists on another host)."""
        self.netlocs.add(netloc(url))

    def is_primary(self, url: str) -> bool:
        return netloc(url) == netloc(self.site_url)
