"""The crawl progress display: a line redrawn in place in a terminal (bar, rate, time left,
current unit), plain lines when stderr is a file or a pipe."""

from __future__ import annotations

import io
from types import SimpleNamespace

from crawler.progress import Progress, fit, format_duration, status_text


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Spider:
    def __init__(self):
        self.pages = 0
        self.units = {"/bm/czj/": SimpleNamespace(name="示例县财政局")}

    def progress_snapshot(self):
        return {"pages": self.pages, "units": 33, "columns": 120}


def crawler_with(queued: int):
    scheduler = [None] * queued
    engine = SimpleNamespace(_slot=SimpleNamespace(scheduler=scheduler),
                             downloader=SimpleNamespace(active=set()))
    return SimpleNamespace(engine=engine)


def run(stream, steps):
    spider = Spider()
    progress = Progress(crawler_with(300), stream=stream)
    progress.response_received(None, SimpleNamespace(cb_kwargs={"unit_key": "/bm/czj/"}), spider)
    for pages in steps:
        spider.pages = pages
        progress._last = (progress._last[0] - 2.0, progress._last[1])  # two seconds passed
        progress.report(spider)
    progress.report(spider, final=True)
    return stream.getvalue()


def test_terminal_gets_one_line_redrawn_with_bar_rate_eta_and_unit(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = run(FakeTTY(), [40, 80, 120])
    frames = out.split("\r")
    last = [f for f in frames if f.startswith("抓取中")][-1]
    assert "约29%" in last and "[" in last  # 120 of 120 + 300 queued
    assert "20.0 页/秒" in last and "预计还需约 0:15" in last
    assert "当前单位：示例县财政局" in last
    assert out.count("\n") == 1  # only the final line ends a line
    # The status line is cleared, then the last line is written for good.
    assert "\r\x1b[K抓取结束：已抓取 120 个页面，队列 300，单位 33 个，栏目 120 个，用时 " in out


def test_a_file_gets_plain_lines_without_control_characters():
    out = run(io.StringIO(), [40, 80])
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("抓取中：已抓取 40 个页面，队列 300")
    assert lines[-1].startswith("抓取结束：已抓取 80 个页面") and "用时 " in lines[-1]
    assert "\r" not in out and "\x1b" not in out and "[#" not in out


def test_a_narrow_terminal_gets_a_cut_line_that_never_wraps(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    frames = [f for f in run(FakeTTY(), [40, 80]).split("\r") if f.startswith("抓取中")]
    assert frames and all(f.endswith("…\x1b[K") for f in frames)


def test_helpers():
    assert format_duration(75) == "1:15" and format_duration(3725) == "1:02:05"
    assert fit("抓取中" * 50, 20).endswith("…") and len(fit("抓取中" * 50, 20)) <= 10
    # No estimate from a handful of pages.
    assert "页/秒" not in status_text(5, 100, 3.0, None, 1, 1, bar=False)
