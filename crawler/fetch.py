"""Turning one fetch (a response or a failure) into a `pages` row.

Every fetch is recorded, including the ones that fail: a 404, a WAF challenge or a refused
connection is evidence for the checks (`link.broken`, `audit.unverified`), never a silent drop.
What the answer *is* (page, soft 404, challenge, refusal, transient fault, HTTP error) is decided
by crawler.answers and stored with the row (`answer`, `error`).
"""

from __future__ import annotations

from scrapy import exceptions as sx
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler import answers
from crawler.extract.html import decode_body

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


def classify(response: Response, role: str) -> answers.Answer:
    """The one decision of what this answer is (crawler.answers)."""
    headers = response.headers
    cookies = b"; ".join(headers.getlist(b"Set-Cookie")).decode("latin-1")
    try:
        headers_only = bool(response.meta.get("headers_only"))
    except AttributeError:  # a response built without a request (tests, replays)
        headers_only = False
    return answers.of_response(response.status, response.body, role, url=response.url,
                               set_cookie=cookies,
                               retry_after=bool(headers.get(b"Retry-After")),
                               headers_only=headers_only,
                               content_type=(headers.get(b"Content-Type") or b"").decode(
                                   "latin-1"),
                               structured=lambda body: _known_cms(response))


def _known_cms(response: Response) -> bool:
    """A page a CMS dialect other than the generic one recognises (its navigation may live in
    scripts, read by that dialect)."""
    from crawler.dialects import detect  # late: the dialects import this module's helpers

    return detect(text_of(response), response.url).name != "generic"


def blocked_reason(response: Response, role: str = "other") -> str | None:
    """`blocked:412` for anti-bot answers, None otherwise."""
    answer = classify(response, role)
    return answer.reason if answer.kind == answers.BLOCKED else None


def page_row(response: Response, role: str, title: str | None = None,
             elapsed_ms: int | None = None) -> dict:
    size = len(response.body)
    if not size:
        try:
            size = int(response.headers.get(b"Content-Length") or 0)
        except ValueError:
            size = 0
    answer = classify(response, role)
    return {
        "url": original_url(response),
        "final_url": response.url,
        "status": response.status,
        "bytes": size,
        "elapsed_ms": elapsed_ms,
        "content_type": (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None,
        "error": answer.reason,
        "answer": answer.kind,
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
        if "max redirections" in str(exc).lower() or "redirect loop" in str(exc).lower():
            return "redirect-loop"
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
    reason = failure_reason(failure)
    return {"url": url, "final_url": None, "status": None, "bytes": None, "elapsed_ms": None,
            "content_type": None, "error": reason, "answer": answers.of_failure(reason).kind,
            "role": role, "title": None}
