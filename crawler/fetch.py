"""Turning one fetch (a response or a failure) into a `pages` row.

Every fetch is recorded, including the ones that fail: a 404, a WAF challenge or a refused
connection is evidence for the checks (`link.broken`, `audit.unverified`), never a silent drop.
"""

from __future__ import annotations

from scrapy import exceptions as sx
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.extract.html import decode_body

# Responses of anti-bot gateways (知道创宇加速乐, 瑞数, 安恒 WZWS), refusals (403) and rate
# limits still in force after the retries (429): the site refused *us*, so what lies behind is
# 未能核验 ("blocked"), never "broken" or "empty".
BLOCK_STATUSES = {403, 412, 429, 521}
_CHALLENGE_MARKERS = ("__jsl_clearance", "wzwschallenge", "wzws_cid", "WZWSREL", "$_ts", "jsluid")
# Error statuses the spider wants to see (redirects stay with RedirectMiddleware).
ERROR_STATUSES = list(range(400, 600))


def original_url(response: Response) -> str:
    """The URL that was asked for (before redirects): the key of its `pages` row."""
    try:
        meta = response.meta
    except AttributeError:  # a response built without a request (tests, replays)
        return response.url
    return (meta.get("redirect_urls") or [response.url])[0]


def text_of(response: Response) -> str:
    """Page text, surviving a wrong charset declaration."""
    if isinstance(response, TextResponse):
        try:
            text = response.text
            if "\ufffd" not in text:
                return text
        except (UnicodeDecodeError, LookupError):
            pass
        return decode_body(response.body, getattr(response, "encoding", None))
    return decode_body(response.body, None)


def blocked_reason(response: Response) -> str | None:
    """`blocked:412` for anti-bot answers, None for an ordinary page."""
    if response.status in BLOCK_STATUSES:
        return f"blocked:{response.status}"
    if "wzwschallenge" in response.url or "WZWSREL" in response.url:
        return "blocked:wzws"
    if len(response.body) < 20000:
        head = response.body[:20000].decode("latin-1")
        if any(marker in head for marker in _CHALLENGE_MARKERS):
            return f"blocked:{response.status}"
    return None


def page_row(response: Response, role: str, title: str | None = None,
             elapsed_ms: int | None = None) -> dict:
    size = len(response.body)
    if not size:
        try:
            size = int(response.headers.get(b"Content-Length") or 0)
        except ValueError:
            size = 0
    error = blocked_reason(response)
    if error is None and response.status >= 400:
        error = f"http:{response.status}"
    return {
        "url": original_url(response),
        "final_url": response.url,
        "status": response.status,
        "bytes": size,
        "elapsed_ms": elapsed_ms,
        "content_type": (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None,
        "error": error,
        "role": role,
        "title": title,
    }


def failure_reason(failure: Failure) -> str:
    """Short, stable error text: timeout, refused, dns, robots, reset, ssl …"""
    exc = failure.value
    # Scrapy ≥ 2.14 wraps Twisted's errors in its own download exceptions; accept both.
    if isinstance(exc, (net.TimeoutError, net.TCPTimedOutError,
                        getattr(sx, "DownloadTimeoutError", net.TimeoutError))):
        return "timeout"
    if isinstance(exc, (net.ConnectionRefusedError,
                        getattr(sx, "DownloadConnectionRefusedError", net.ConnectionRefusedError))):
        return "refused"
    if isinstance(exc, (net.DNSLookupError,
                        getattr(sx, "CannotResolveHostError", net.DNSLookupError))):
        return "dns"
    if isinstance(exc, getattr(sx, "ResponseDataLossError", ())) or \
            isinstance(exc, getattr(sx, "DownloadFailedError", ())):
        return "reset"
    if isinstance(exc, IgnoreRequest):
        if str(exc).startswith("private:"):
            return "private"  # refused by crawler.safety: not a fault of the portal
        return "robots" if "robots" in str(exc).lower() or "Forbidden by robots" in str(exc) \
            else f"ignored:{exc}"[:200]
    if isinstance(exc, (net.ConnectionLost, net.ConnectionDone, ResponseNeverReceived)):
        return "reset"
    if "SSL" in type(exc).__name__ or "ssl" in str(exc).lower():
        return "ssl"
    if "maxsize" in str(exc).lower() or "larger than" in str(exc).lower():
        return "too-large"
    name = type(exc).__name__
    return f"{name}: {exc}"[:200] if str(exc) else name


def failure_row(failure: Failure, role: str) -> dict:
    request = getattr(failure, "request", None)
    url = request.url if request is not None else ""
    if request is not None:
        url = (request.meta.get("redirect_urls") or [request.url])[0]
    return {"url": url, "final_url": None, "status": None, "bytes": None, "elapsed_ms": None,
            "content_type": None, "error": failure_reason(failure), "role": role, "title": None}
