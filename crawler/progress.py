"""Progress line on stderr every couple of seconds while a crawl runs.

Crawls of real portals take tens of minutes; a silent terminal looks like a hang. The line is
in Chinese (it is for users): pages done, requests waiting, units and columns found.
"""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    interval = 2.0

    def __init__(self, crawler):
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("GOVAUDIT_PROGRESS", False):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        self.loop = task.LoopingCall(self.report, spider)
        self.loop.start(self.interval, now=False)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.report(spider, final=True)

    def report(self, spider, final: bool = False):
        engine = self.crawler.engine
        queued = 0
        try:
            queued = len(engine._slot.scheduler) + len(engine.downloader.active)  # noqa: SLF001
        except Exception:  # engine internals differ between Scrapy versions; the line is optional
            pass
        snap = spider.progress_snapshot() if hasattr(spider, "progress_snapshot") else {}
        prefix = "抓取结束" if final else "抓取中"
        sys.stderr.write(
            f"{prefix}：已抓取 {snap.get('pages', 0)} 个页面，队列 {queued}，"
            f"单位 {snap.get('units', 0)} 个，栏目 {snap.get('columns', 0)} 个\n"
        )
        sys.stderr.flush()
