"""Scrapy's RetryMiddleware, honouring `Retry-After` on 429 and 503 answers.

A server that says "come back in 30 seconds" is asked again no sooner than that (capped by
GOVAUDIT_RETRY_AFTER_MAX, so a hostile header cannot stall the audit; when the wait asked for is
longer than the cap the request is not retried at all and is recorded as blocked). Everything
else is Scrapy's own retry logic.
"""

from __future__ import annotations

import email.utils
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

RETRY_AFTER_STATUSES = {429, 503}


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class PoliteRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("GOVAUDIT_RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request, response, spider=None):
        if (response.status in RETRY_AFTER_STATUSES and response.status in self.retry_http_codes
                and not request.meta.get("dont_retry", False)):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None:
                if wait > self.max_wait:
                    return response  # not worth waiting for: recorded as blocked:429
                retry = self._retry(request, f"{response.status} Retry-After {wait:g}s")
                if retry is None:
                    return response
                if wait > 0:
                    from twisted.internet import reactor  # the one Scrapy installed

                    await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
                return retry
        return super().process_response(request, response)
