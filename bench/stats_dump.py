"""A Scrapy extension for the benchmark: writes the crawl's final stats (request and response
counts, 304s, elapsed time) as JSON to the file named by the BENCH_STATS_FILE setting."""

from __future__ import annotations

import json

from scrapy import signals
from scrapy.exceptions import NotConfigured


class StatsDump:
    def __init__(self, crawler, path: str):
        self.crawler, self.path = crawler, path

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("BENCH_STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, path)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def closed(self, spider, reason):
        stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
                 for k, v in self.crawler.stats.get_stats().items()}
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump(stats, fh, indent=1, default=str)
