"""The engine ceiling: what Scrapy itself costs per request on the benchmark's replica.

A null spider asks for exactly the URLs a govaudit crawl asked for (the `pages` rows of a
finished crawl, in the order they were stored) and does nothing with the answers. It runs with
govaudit's crawler settings (crawler.run.build_settings at politeness off: the same concurrency,
downloader middlewares, cookies, retry and redirect handling, the resume cache), stops the same
requests after their headers (external links, attachments that are only status-checked) and
reads the rest whole. Measured like every other tool (bench/procs.py): its own process, CPU from
the launcher, requests counted at the replica.

Requests per CPU-second of this spider is the most any Scrapy crawl of these URLs with these
settings can reach; govaudit's pages per CPU-second against it is the share of CPU the audit
work (parsing, extraction, attachments, the store) takes. `--bare` runs the same spider on
Scrapy's default settings (only the concurrency and the loopback permission set as govaudit
sets them), to show what govaudit's own settings cost. With the environment variable BENCH_NO_RESUME_CACHE=1 the resume cache
(crawler/resume.py, on in every govaudit crawl) is left out, to show what it costs.

    python -m bench.ceiling URLS.txt STATS.json [--bare]   (URLS.txt: "url<TAB>0|1" lines,
                                                             1 = stop after the headers)
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

from bench.procs import Replica, counted, must, public, run_tool

# Roles govaudit only status-checks (crawler/spiders/fetching.py `_check`), unless an
# attachment is a readable document on the portal's own host (crawler/attachments.py).
CHECKED_ROLES = ("external", "attachment")


def url_list(db: Path, crawl_id: int, out: Path, site_url: str) -> int:
    """Write the URLs crawl `crawl_id` asked for, each with whether govaudit stopped it after
    the headers; returns how many."""
    from crawler import attachments as att
    from crawler.safety import PortalScope

    scope = PortalScope(site_url, None)
    con = sqlite3.connect(db)
    rows = con.execute("select url, role from pages where crawl_id = ? order by id",
                       [crawl_id]).fetchall()
    con.close()
    lines = []
    for url, role in rows:
        headers_only = role in CHECKED_ROLES and not (
            role == "attachment" and scope.inside(url) and att.is_readable(url))
        lines.append(f"{url}\t{int(headers_only)}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def measure(replica: Replica, urls: Path, stats_file: Path, *, bare: bool = False) -> dict:
    """One null-spider run in its own process, requests counted at the replica."""
    target = ["-m", "bench.ceiling", str(urls), str(stats_file)] + ["--bare"] * bare
    result, served = counted(replica, lambda: run_tool(target))
    must(result, "the null spider")
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    return {**public(result), "requests": served["requests"],
            "responses": stats.get("response_received_count", 0),
            "crawl_s": stats.get("elapsed_time_seconds")}


def _spider_class():
    import scrapy
    from scrapy import signals
    from scrapy.exceptions import StopDownload

    class NullSpider(scrapy.Spider):
        """Asks for every listed URL once and ignores the answer."""

        name = "null"

        def __init__(self, entries, **kw):
            super().__init__(**kw)
            self.entries = entries

        @classmethod
        def from_crawler(cls, crawler, *args, **kwargs):
            spider = super().from_crawler(crawler, *args, **kwargs)
            crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
            return spider

        def headers_received(self, headers, body_length, request, spider):
            if request.meta.get("headers_only"):
                raise StopDownload(fail=False)

        async def start(self):
            for url, headers_only in self.entries:
                # Error statuses reach the callback as in govaudit (crawler/fetch.py).
                yield scrapy.Request(url, callback=self.ignore, errback=self.ignore,
                                     dont_filter=True,
                                     meta={"headers_only": headers_only, "allow_offsite": True,
                                           "handle_httpstatus_list": list(range(400, 600))})

        def ignore(self, _answer):
            return None

    return NullSpider


def _settings(url: str, stats_path: str, bare: bool, work: Path):
    """The null spider's settings and its resume cache folder (None without one)."""
    from scrapy.settings import Settings

    from crawler import resume
    from crawler.run import build_settings

    extra = {"EXTENSIONS": {"bench.stats_dump.StatsDump": 900}, "BENCH_STATS_FILE": stats_path}
    if bare:
        settings = Settings()
        settings.setdict({**extra, "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
                          "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
                          "LOG_INSTALL_ROOT_HANDLER": False}, priority="cmdline")
        return settings, None
    cache = resume.state_dir(str(work / "null.db"), url)
    resume.discard(cache)
    from crawler import settings as defaults

    extra["EXTENSIONS"] = {**defaults.EXTENSIONS, **extra["EXTENSIONS"]}
    if os.environ.get("BENCH_NO_RESUME_CACHE"):  # to see what the resume cache costs
        return build_settings(url, polite=False, progress=False, allow_private=True,
                              extra=extra), None
    return build_settings(url, polite=False, progress=False, allow_private=True,
                          extra={**resume.cache_settings(cache), **extra}), cache


def main() -> int:
    bare = "--bare" in sys.argv[1:]
    urls_path, stats_path = [a for a in sys.argv[1:] if a != "--bare"][:2]
    entries = []
    for line in Path(urls_path).read_text(encoding="utf-8").splitlines():
        url, _, flag = line.partition("\t")
        if url:
            entries.append((url, flag == "1"))
    import logging

    from scrapy.crawler import CrawlerProcess

    from crawler import resume

    work = Path(stats_path).resolve().parent
    settings, cache = _settings(entries[0][0], stats_path, bare, work)
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel("WARNING")
    process.crawl(process.create_crawler(_spider_class()), entries=entries)
    process.start()
    if cache is not None:
        resume.discard(cache)  # as govaudit does after a complete crawl
    return 0


if __name__ == "__main__":
    sys.exit(main())
