"""Scrapy settings: polite defaults for real government hosts.

Government portals are small servers, often behind WAFs that block aggressive clients, so the
defaults identify the tool, obey robots.txt, keep two connections per host and let AutoThrottle
slow down further when the server does. `settings_for()` relaxes this only for loopback hosts
(the replica portal in tests and the demo).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ground import __version__

BOT_NAME = "govaudit"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = f"govaudit/{__version__} (+https://github.com/govaudit/govaudit; compliance audit)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# The spider yields requests only (facts go to the store directly): Scrapy starts this many
# asyncio tasks for every callback's output, and its default of 100 cost more than a page's
# SQL writes. 1 changes only the order in which a callback's requests reach the scheduler,
# which no stored fact depends on since a column's place is decided over every page linking it
# (crawler/spiders/placement.py; same facts with 16 and 1 on the replica, bench.samefacts).
CONCURRENT_ITEMS = 1
# The floor between two requests to one host (randomised ±50%); AutoThrottle raises it to the
# server's latency. Why 0.25 s and what it makes an audit cost: docs/politeness.md.
DOWNLOAD_DELAY = 0.25
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 20.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 20
# Gov servers drop connections under load; retry a little, then record the failure.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_MAXSIZE = 30 * 1024 * 1024  # attachments above this are recorded, not downloaded
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
# An HTML page (list, article) larger than this is recorded as too-large, not parsed; the cap
# applies after decompression too (HttpCompressionMiddleware), so a gzip bomb stops here.
GOVAUDIT_PAGE_MAXSIZE = 8 * 1024 * 1024
# Own-host document attachments up to this size are downloaded and read (crawler/attachments.py);
# larger ones are recorded as too-large documents (their status is still checked).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
# Pages read per column list: beyond this a pager is taken for a trap and the list is partial.
GOVAUDIT_MAX_LIST_PAGES = 1000
# A 429/503 with Retry-After is retried after that wait, up to this many seconds (longer: blocked).
GOVAUDIT_RETRY_AFTER_MAX = 120.0
# Private and loopback addresses are refused unless the crawl is started with --allow-private.
GOVAUDIT_ALLOW_PRIVATE = False
DOWNLOADER_MIDDLEWARES = {
    "crawler.safety.PrivateAddressMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.retry.PoliteRetryMiddleware": 550,
    # Redirects reach the spider even when their target was fetched already (crawler/redirects.py).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.redirects.RecordedRedirectMiddleware": 600,
}

COOKIES_ENABLED = True  # some WAFs set a cookie on the first response and expect it back
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"

# Breadth-first: unit and column pages before deep article pages, so an interrupted crawl has
# the structure of the whole site rather than all articles of the first column.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

FEED_EXPORT_ENCODING = "utf-8"

EXTENSIONS = {
    "crawler.progress.Progress": 500,
    # A 304 may lower the delay like a 200 (crawler/throttle.py; docs/politeness.md).
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.throttle.ConditionalAutoThrottle": 0,
}

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def settings_for(url: str, *, polite: bool = True, progress: bool = True,
                 extra: dict | None = None, allow_private: bool = False) -> dict:
    """The settings for one crawl of `url`, as a dict of overrides on this module.

    `polite=False` removes delays and raises concurrency, but only when the portal is on
    loopback: a real government host always gets the polite defaults.
    """
    overrides: dict = {"GOVAUDIT_PROGRESS": progress, "GOVAUDIT_ALLOW_PRIVATE": allow_private}
    host = (urlsplit(url).hostname or "").lower()
    if not polite and host in LOOPBACK_HOSTS:
        overrides.update(
            AUTOTHROTTLE_ENABLED=False,
            DOWNLOAD_DELAY=0,
            RANDOMIZE_DOWNLOAD_DELAY=False,
            CONCURRENT_REQUESTS=32,
            CONCURRENT_REQUESTS_PER_DOMAIN=16,
            DOWNLOAD_TIMEOUT=10,
        )
    overrides.update(extra or {})
    return overrides
