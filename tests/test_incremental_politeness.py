"""What a re-audit spends politeness on (docs/politeness.md): a 304 may lower AutoThrottle's
delay, cached answers wait for no delay, and the incremental settings keep the project's
downloader middlewares (the private-address guard among them)."""

from __future__ import annotations

import sys
import subprocess
import time

import pytest
from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler import settings as defaults
from crawler.incremental import settings_for as incremental_settings
from crawler.run import build_settings
from crawler.throttle import ConditionalAutoThrottle
from replica.generator import build_site
from replica.server import start

from .test_incremental import DAY


def _delay_after(extension_class, status: int) -> float:
    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True, "DOWNLOAD_DELAY": 0.25,
                                         "AUTOTHROTTLE_MAX_DELAY": 20.0})
    throttle = extension_class(crawler)
    throttle.mindelay, throttle.maxdelay = 0.25, 20.0
    slot = Slot(concurrency=2, delay=1.0, jitter=0)
    for _ in range(5):  # five fast answers in a row
        throttle._adjust_delay(slot, 0.01, Response("http://example.gov.cn/", status=status))
    return slot.delay


def test_a_304_lowers_the_delay_like_a_200_and_an_error_does_not():
    assert _delay_after(AutoThrottle, 304) == 1.0  # Scrapy's own: stuck at the start delay
    assert _delay_after(ConditionalAutoThrottle, 304) < 0.3
    assert _delay_after(ConditionalAutoThrottle, 200) == _delay_after(ConditionalAutoThrottle, 304)
    assert _delay_after(ConditionalAutoThrottle, 404) == 1.0  # error pages still never speed up


def test_incremental_settings_keep_the_projects_middlewares_and_extensions(tmp_path):
    url = "http://127.0.0.1:8000/"
    settings = build_settings(url, polite=True, progress=False,
                              extra=incremental_settings(tmp_path / "a.db", url))
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    for name, order in defaults.DOWNLOADER_MIDDLEWARES.items():
        assert middlewares[name] == order, name
    assert middlewares["crawler.incremental.CacheMiddleware"] == 900
    extensions = settings.getdict("EXTENSIONS")
    assert extensions["crawler.throttle.ConditionalAutoThrottle"] == 0
    assert extensions["scrapy.extensions.throttle.AutoThrottle"] is None
    assert "crawler.reuse.ReuseExtension" in extensions


# An incremental crawl with a fixed delay and, for the re-audit, no fact copying: every page
# it does not ask for comes out of Scrapy's HttpCacheMiddleware.
CRAWL = ("import sys; from crawler.run import run_crawl; "
         "run_crawl(sys.argv[1], sys.argv[2], polite=True, progress=False, incremental=True, "
         "allow_private=True, extra_settings={'DOWNLOAD_DELAY': float(sys.argv[3]), "
         "'RANDOMIZE_DOWNLOAD_DELAY': False, 'AUTOTHROTTLE_ENABLED': False, "
         "'GOVAUDIT_REUSE_FROM': 0, 'CONCURRENT_REQUESTS_PER_DOMAIN': int(sys.argv[4])})")
DELAY = 0.2


@pytest.mark.timeout(900)
def test_answers_served_from_the_cache_wait_for_no_delay(tmp_path):
    """Scrapy applies DOWNLOAD_DELAY in the downloader's per-host slot, which a cache hit never
    enters: the re-audit's time follows the requests that reach the portal, not the pages
    served from the cache."""
    db = tmp_path / "audit.db"
    with start(build_site(seed=7, size="small", as_of=DAY)) as server:
        subprocess.run([sys.executable, "-c", CRAWL, server.url, str(db), "0", "16"], check=True,
                       timeout=600)
        first = server.counts.requests
        begun = time.monotonic()
        subprocess.run([sys.executable, "-c", CRAWL, server.url, str(db), str(DELAY), "2"],
                       check=True, timeout=600)
        took = time.monotonic() - begun
        asked = server.counts.requests - first
    from_cache = first - asked
    assert from_cache > 2 * asked > 0
    # Delayed cache hits alone would take from_cache × DELAY (over 200 s here; the re-audit takes
    # about 0.2 s × 326 requests plus its parsing).
    assert DELAY * asked <= took < DELAY * from_cache, (took, asked, from_cache)
