"""Incremental re-audit of portals that do not help it: no ETag or Last-Modified at all, or a
Last-Modified that changes on every answer (both common on real TRS, Hanweb and home-grown
portals). Nothing can be answered 304, so the re-audit asks every structural page outright;
it must still find exactly what the first audit found, and still trust the deeper list pages
of a list whose first page shows the same entries (crawler/revalidate.py)."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from email.utils import formatdate

import pytest

from ground.store import Store
from replica.generator import build_site
from replica.server import Counts, _handler

from .loopback import serve
from .test_incremental import DAY, assert_same_facts, audit, crawl
from .test_incremental_changes import Edited, _entries, _pages_of, _relist

LATER_PAGE = re.compile(r"/index_\d+\.html$")


def _portal(site, validators: str):
    """A handler serving `site` that ignores conditional requests and sends no ETag, and no
    Last-Modified (`none`) or a new one on every answer (`churning`); with the paths asked."""
    asked: list[str] = []
    lock = threading.Lock()
    tick = itertools.count()

    class Portal(_handler(site, Counts())):
        def _answer(self, with_body):
            for name in ("If-None-Match", "If-Modified-Since"):
                del self.headers[name]
            with lock:
                asked.append(self.path)
            super()._answer(with_body)

        def send_header(self, keyword, value):
            if keyword == "ETag" or (keyword == "Last-Modified" and validators == "none"):
                return
            if keyword == "Last-Modified":
                value = formatdate(time.time() + next(tick), usegmt=True)
            super().send_header(keyword, value)

    return Portal, asked


@pytest.mark.timeout(900)
@pytest.mark.parametrize("validators", ["none", "churning"])
def test_reaudit_without_validators_finds_the_same_and_trusts_unchanged_lists(tmp_path,
                                                                             validators):
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    # One list sorted oldest-first, as some portals do: its order says nothing about where a
    # new entry would go.
    oldest = "/xxgk_13648/fdzdgknr/zfwj/xzfwj/"
    rows = [r for p in _pages_of(site, oldest) for r in _entries(site.pages[p][2])]
    site.pages = Edited(site.pages, _relist(site, oldest, rows[::-1]))
    handler, asked = _portal(site, validators)
    with serve(handler) as url:
        first = crawl(url, db)
        full = len(asked)
        found_first, verdict_first = audit(db, first)  # every periodic run audits its crawl
        second = crawl(url, db)
        again = asked[full:]
    assert any(LATER_PAGE.search(path) for path in asked[:full])  # the replica has paged lists
    # Every structural page was asked outright (no 304 possible) ...
    store = Store(db)
    try:
        row = store.crawl(second)
        assert row["not_modified"] == 0 and row["requests"] >= len(again)
        work = json.loads(row["settings"])
    finally:
        store.close()
    assert work["reused_from"] == first and work["copied_pages"] > 0
    # ... the deeper pages of newest-first lists whose first page showed the same entries
    # were not, nor any unchanged article: the re-audit still asks far less than the first
    # audit. The oldest-first list has its deeper pages asked again.
    assert "/xwzx/jryw/index_1.html" in asked[:full]
    assert [path for path in again if LATER_PAGE.search(path)] == [oldest + "index_1.html"]
    assert len(again) < 0.5 * full
    # And it found exactly what the first audit found, fact for fact.
    assert_same_facts(db, first, second)
    found_second, verdict_second = audit(db, second)
    assert found_first and found_second == found_first
    assert verdict_second == verdict_first


def _page(body: str, url: str = "http://127.0.0.1:1/xwzx/tzgg/"):
    from scrapy.http import HtmlResponse

    return HtmlResponse(url, status=200, body=body.encode("utf-8"), encoding="utf-8")


LIST = ('<html><body><p>访问量：{hits}</p><ul class="list">{rows}</ul>'
        '<script>createPageHTML({pages}, 0, "index", "html");</script></body></html>')
ROW = '<li><a href="./202611/t2026111{n}_{n}.html" title="通知{n}">通知{n}</a><span>2026-11-1{n}</span></li>'


def test_a_first_page_with_a_visit_counter_is_unchanged_when_its_entries_are():
    from crawler.revalidate import same_list

    rows = "".join(ROW.format(n=n) for n in (5, 4, 3))
    old = _page(LIST.format(hits=101, rows=rows, pages=3))
    assert same_list(old, _page(LIST.format(hits=102, rows=rows, pages=3)))
    newer = "".join(ROW.format(n=n) for n in (6, 5, 4))
    assert not same_list(old, _page(LIST.format(hits=102, rows=newer, pages=3)))
    assert not same_list(old, _page(LIST.format(hits=102, rows=rows, pages=4)))  # a page more
    assert not same_list(None, old)  # nothing stored: nothing to compare with


def _run(cache, key: str, answers: dict):
    """One crawl's worth of the cache middleware over `cache`: ask the list's page 1 (answered
    `answers["page1"]`: a body, or 304) and, unless `answers` says stop, its page 2 (answered
    `answers.get("page2")`). Returns page 2's outcome: "cache" (replayed, nobody asked) or
    "asked" (sent to the portal)."""
    from scrapy import Spider
    from scrapy.http import HtmlResponse, Request, Response
    from scrapy.utils.test import get_crawler

    from crawler.incremental import CacheMiddleware, settings_for

    settings = {k: v for k, v in settings_for(cache, "http://127.0.0.1:1/").items()
                if k.startswith(("HTTPCACHE", "GOVAUDIT_CACHE"))}
    settings["GOVAUDIT_CACHE_FILE"] = str(cache)
    settings["GOVAUDIT_NEWEST_FIRST"] = [key]
    crawler = get_crawler(Spider, settings_dict=settings)
    spider = Spider.from_crawler(crawler, name="t")
    crawler.spider = spider
    mw = CacheMiddleware.from_crawler(crawler)
    mw.spider_opened(spider)
    outcome = None
    try:
        for index, url in enumerate(("http://127.0.0.1:1/xwzx/tzgg/",
                                     "http://127.0.0.1:1/xwzx/tzgg/index_1.html")):
            answer = answers.get("page1" if index == 0 else "page2")
            if answer is None:
                break
            req = Request(url, meta={"role": "column" if index == 0 else "list",
                                     "cb": "parse_column",
                                     "cb_kwargs": {"column_key": key, "index": index}})
            hit = mw.process_request(req)
            if index == 1:
                outcome = "cache" if hit is not None else "asked"
            if hit is not None:
                mw.process_response(req, hit)
                continue
            got = Response(url, status=304) if answer == 304 else \
                HtmlResponse(url, status=200, body=answer.encode(), encoding="utf-8",
                             headers={"ETag": str(hash(answer))})
            mw.process_response(req, got)
    finally:
        mw.spider_closed(spider)
    return outcome


def test_a_run_stopped_after_a_changed_first_page_leaves_the_deeper_pages_untrusted(tmp_path):
    """Page 1 changed, then the run stopped (Ctrl-C, a page cap) before page 2 was asked again:
    the stored page 2 is older than page 1's change, and the next run's 304 on page 1 must not
    vouch for it."""
    key = "/xwzx/tzgg/"
    old = LIST.format(hits=1, rows="".join(ROW.format(n=n) for n in (5, 4, 3)), pages=2)
    new = LIST.format(hits=1, rows="".join(ROW.format(n=n) for n in (6, 5, 4)), pages=2)
    page2 = LIST.format(hits=1, rows=ROW.format(n=2), pages=2)
    for name, second_page1, expected in (("unchanged", 304, "cache"), ("changed", new, "asked")):
        cache = tmp_path / f"{name}.httpcache"
        _run(cache, key, {"page1": old, "page2": page2})  # the first audit
        _run(cache, key, {"page1": second_page1})  # stopped after page 1
        assert _run(cache, key, {"page1": 304, "page2": 304}) == expected, name
