"""Progress of a running crawl on stderr, every couple of seconds.

Crawls of real portals take tens of minutes; a silent terminal looks like a hang. In a terminal
one status line is redrawn in place: pages done and waiting, a bar, the rate, an estimate of the
time left and the unit being read. When stderr is not a terminal (a log file, CI, cron) plain
lines are written instead, one per update, with the same figures and no control characters.
The text is in Chinese (it is for users).

The estimate is honest about what it knows: the queue only holds what has been discovered so
far, so the percentage is done ÷ (done + waiting) *now* and the time left is waiting ÷ the
recent rate; both are shown with "约" and only once a few pages have been read.
"""

from __future__ import annotations

import shutil
import sys
import time
import unicodedata

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

BAR_WIDTH = 20
MIN_PAGES_FOR_ESTIMATE = 20  # before that, a rate and an ETA are noise
RATE_SMOOTHING = 0.3  # weight of the newest interval in the moving average of pages/second


def format_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def status_text(pages: int, queued: int, rate: float | None, unit: str | None,
                units: int, columns: int, *, bar: bool, elapsed: float | None = None) -> str:
    """One progress line (without the leading 抓取中/抓取结束 word); with `elapsed` (the last
    line) the time taken and the average rate instead of an estimate."""
    parts = [f"已抓取 {pages} 个页面，队列 {queued}"]
    if bar and pages + queued:
        share = pages / (pages + queued)
        filled = int(round(share * BAR_WIDTH))
        parts.insert(0, f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] 约{share * 100:.0f}%")
    parts.append(f"单位 {units} 个，栏目 {columns} 个")
    if elapsed is not None:
        average = f"（平均 {pages / elapsed:.1f} 页/秒）" if elapsed > 0 and pages else ""
        parts.append(f"用时 {format_duration(elapsed)}{average}")
    elif rate is not None and pages >= MIN_PAGES_FOR_ESTIMATE:
        parts.append(f"{rate:.1f} 页/秒")
        if queued and rate > 0:
            parts.append(f"预计还需约 {format_duration(queued / rate)}")
    if unit:
        parts.append(f"当前单位：{unit}")
    return "，".join(parts)


def fit(text: str, columns: int) -> str:
    """`text` cut to `columns` terminal cells (CJK characters take two), so the redrawn line
    never wraps: a wrapped line cannot be redrawn in place."""
    out, used = [], 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + width > columns - 1:
            return "".join(out) + "…"
        out.append(ch)
        used += width
    return text


class Progress:
    interval = 2.0

    def __init__(self, crawler, stream=None):
        self.crawler = crawler
        self.stream = stream or sys.stderr
        self.loop: task.LoopingCall | None = None
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.rate: float | None = None
        self._last = (time.monotonic(), 0)
        self.unit: str | None = None  # the unit of the latest page read
        self._drawn = False  # a status line is on screen (TTY): clear it before the last line
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("GOVAUDIT_PROGRESS", False):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def opened(self, spider):
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report, spider)
        self.loop.start(self.interval, now=False)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.report(spider, final=True)

    def response_received(self, response, request, spider):
        """Remember which unit is being read (from the request's unit_key, when it has one)."""
        key = (getattr(request, "cb_kwargs", None) or {}).get("unit_key")
        unit = (getattr(spider, "units", None) or {}).get(key) if key else None
        name = getattr(unit, "name", None) or (key if isinstance(key, str) else None)
        if name:
            self.unit = str(name)[:30]

    def _update_rate(self, pages: int) -> None:
        now = time.monotonic()
        then, before = self._last
        if now - then > 0.1:
            current = (pages - before) / (now - then)
            self.rate = current if self.rate is None else (
                RATE_SMOOTHING * current + (1 - RATE_SMOOTHING) * self.rate)
            self._last = (now, pages)

    def report(self, spider, final: bool = False):
        engine = self.crawler.engine
        queued = 0
        try:
            queued = len(engine._slot.scheduler) + len(engine.downloader.active)  # noqa: SLF001
        except Exception:  # engine internals differ between Scrapy versions; the line is optional
            pass
        snap = spider.progress_snapshot() if hasattr(spider, "progress_snapshot") else {}
        pages = snap.get("pages", 0)
        self._update_rate(pages)
        prefix = "抓取结束" if final else "抓取中"
        text = status_text(pages, queued, self.rate, None if final else self.unit,
                           snap.get("units", 0), snap.get("columns", 0),
                           bar=self.tty and not final,
                           elapsed=time.monotonic() - self.started if final else None)
        if self.tty and not final:
            # Redraw one line in place: carriage return, the line, clear to its end.
            width = shutil.get_terminal_size((100, 24)).columns
            self.stream.write(f"\r{fit(f'{prefix}：{text}', width)}\x1b[K")
            self._drawn = True
        else:
            if self._drawn:
                self.stream.write("\r\x1b[K")
                self._drawn = False
            self.stream.write(f"{prefix}：{text}\n")
        self.stream.flush()
