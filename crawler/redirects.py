"""Redirects followed to their end and recorded, never lost.

Scrapy's RedirectMiddleware hands the redirected request back to the scheduler, whose duplicate
filter drops it when the target was already requested (a column `/xxgk/tzgg/` redirecting to
the platform page, a loop `/a/` → `/b/` → `/a/`). The original request then has no answer at
all: no `pages` row, and the column it stood for looks missing. Here a redirect is never
filtered (the spider already fetches each URL it asks for once), so the answer reaches the
spider under the URL that was asked for (`redirect_urls[0]`) with the target as `final_url`,
and a loop ends as `redirect-loop` (crawler.fetch.failure_reason) instead of silence.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest


class RecordedRedirectMiddleware(RedirectMiddleware):
    def _redirect(self, redirected, request, reason):
        seen = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in seen:
            raise IgnoreRequest("redirect loop: " + " → ".join([*seen, redirected.url])[:300])
        result = super()._redirect(redirected, request, reason)
        result.dont_filter = True  # the target may have been fetched already: answer anyway
        return result
