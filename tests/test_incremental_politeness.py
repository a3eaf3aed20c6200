"""What a re-audit spends politeness on (docs/politeness.md): a 304 may lower AutoThrottle's
delay, cached answers never enter a delayed slot, and the incremental settings keep the project's
downloader middlewares (the private-address guard among them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scrapy import signals
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


class SlotCounter:
    """Counts the requests that enter a downloader slot, the only place DOWNLOAD_DELAY and
    AutoThrottle make a request wait, and the answers the spider receives; writes both to
    GOVAUDIT_TEST_COUNTS when the spider closes."""

    def __init__(self, crawler):
        self.crawler, self.slotted = crawler, 0
        crawler.signals.connect(self.reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def reached(self, request, spider):
        self.slotted += 1

    def closed(self, spider):
        stats = self.crawler.stats
        Path(self.crawler.settings["GOVAUDIT_TEST_COUNTS"]).write_text(json.dumps({
            "slotted": self.slotted, "answers": stats.get_value("response_received_count"),
            "cache_hits": stats.get_value("httpcache/hit") or 0}))


# An incremental crawl without fact copying (every page it does not ask for comes out of
# Scrapy's HttpCacheMiddleware), counting what enters the downloader's slots.
CRAWL = ("import sys; from crawler import settings as s; from crawler.run import run_crawl; "
         "run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, incremental=True, "
         "allow_private=True, extra_settings={'GOVAUDIT_REUSE_FROM': 0, "
         "'GOVAUDIT_TEST_COUNTS': sys.argv[3], 'EXTENSIONS': {**s.EXTENSIONS, "
         "'tests.test_incremental_politeness.SlotCounter': 900}})")


def test_answers_served_from_the_cache_never_enter_a_delayed_slot(tmp_path):
    """Scrapy applies DOWNLOAD_DELAY per download slot, and HttpCacheMiddleware answers a
    cache hit before the request reaches one: on a re-audit only the requests that reach the
    portal (conditional ones, failures asked again) wait for the delay."""
    db = tmp_path / "audit.db"
    counts = tmp_path / "counts.json"
    with start(build_site(seed=7, size="small", as_of=DAY)) as server:
        subprocess.run([sys.executable, "-c", CRAWL, server.url, str(db), str(counts)],
                       check=True, timeout=600)
        first = server.counts.requests
        whole = json.loads(counts.read_text())
        subprocess.run([sys.executable, "-c", CRAWL, server.url, str(db), str(counts)],
                       check=True, timeout=600)
        asked = server.counts.requests - first
    again = json.loads(counts.read_text())
    assert whole["cache_hits"] == 0 and whole["slotted"] >= first
    assert again["cache_hits"] > 2 * asked > 0
    # Requests that waited in a slot: those the portal saw (plus external link checks, which
    # wait in their own host's slot), never the cache hits.
    assert asked <= again["slotted"] <= asked + (whole["slotted"] - first)
    assert again["answers"] >= again["slotted"] + again["cache_hits"] - asked


def test_a_callers_extension_does_not_drop_the_reuse_extension(tmp_path):
    """A caller's own EXTENSIONS (a benchmark's stats dump) are merged with incremental mode's,
    not put in their place: replacing them once turned reuse off without a word."""
    from crawler import settings as defaults
    from crawler.incremental import settings_for as incremental_settings
    from crawler.run import merge_settings

    merged = merge_settings(incremental_settings(str(tmp_path / "a.db"), "http://x.test/", 1),
                            {"EXTENSIONS": {**defaults.EXTENSIONS, "my.StatsDump": 900},
                             "BENCH_STATS_FILE": "s.json"})
    assert "crawler.reuse.ReuseExtension" in merged["EXTENSIONS"]
    assert merged["EXTENSIONS"]["my.StatsDump"] == 900 and merged["BENCH_STATS_FILE"] == "s.json"
