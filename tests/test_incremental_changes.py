"""Incremental re-audit of a portal that changed between the runs: what changed is read again,
never copied from the previous run (crawler/reuse.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from types import SimpleNamespace

import pytest

from checks.runner import run_checks
from ground.store import Store
from replica.generator import build_site
from replica.server import start

from .test_incremental import DAY, crawl

MARK = "【本文已更正】"


class Edited(Mapping):
    """The replica's pages with some paths answered differently (what a CMS does when an
    editor saves a page)."""

    def __init__(self, pages, edits: dict):
        self.pages, self.edits = pages, edits

    def __getitem__(self, path):
        return self.edits[path] if path in self.edits else self.pages[path]

    def __contains__(self, path):
        return path in self.edits or path in self.pages

    def __iter__(self):
        return iter(set(self.pages) | set(self.edits))

    def __len__(self):
        return len(set(self.pages) | set(self.edits))


def _path(url: str, base: str) -> str:
    assert url.startswith(base), url
    return "/" + url[len(base):].lstrip("/")


def _edited_article(store: Store, crawl_id: int, site, base: str):
    """An article whose entry is on its column's first list page (revalidated on every
    re-audit): that entry's title and the article's text are edited."""
    rows = store.db.execute(
        "select i.url, i.title, c.url, t.text from items i join columns c on c.crawl_id = "
        "i.crawl_id and c.key = i.column_key join pages p on p.crawl_id = i.crawl_id and "
        "p.url = i.url join texts t on t.crawl_id = i.crawl_id and t.url = i.url and "
        "t.kind = 'html' where i.crawl_id = ? and p.role = 'article' and p.status = 200 "
        "and c.category not in ('rules', 'on-request') order by i.id", [crawl_id]).fetchall()
    for url, title, list_url, text in rows:
        status, ctype, listing = site.pages[_path(list_url, base)]
        status_a, ctype_a, article = site.pages[_path(url, base)]
        old_title = title.encode("utf-8")
        words = [w for w in text.split() if len(w) >= 12]
        name = url.rsplit("/", 1)[-1].encode()  # lists link their entries relatively
        if not words or old_title not in listing or listing.count(name) != 1:
            continue
        snippet = words[len(words) // 2][:12].encode("utf-8")
        if article.count(snippet) != 1:
            continue
        new_title = (title + "（修订）").encode("utf-8")
        return url, title + "（修订）", {
            _path(list_url, base): (status, ctype, listing.replace(old_title, new_title)),
            _path(url, base): (status_a, ctype_a,
                               article.replace(snippet, snippet + MARK.encode("utf-8"))),
        }
    pytest.fail("no article entry to edit in the replica")


@pytest.mark.timeout(600)
def test_reaudit_reads_again_what_changed_and_never_replays_a_failure(tmp_path):
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    with start(site) as server:
        first = crawl(server.url, db)
        store = Store(db)
        try:
            url, new_title, edits = _edited_article(store, first, site, server.url)
            # A link the first audit found broken (404): the portal has repaired it since.
            broken = store.db.execute(
                "select url from pages where crawl_id = ? and status = 404 and role in "
                "('attachment', 'article') and url like ? order by id limit 1",
                [first, server.url + "%"]).fetchone()[0]
            broken_first = {f["url"] for f in store.findings(run_checks(store, first, DAY))
                            if f["rule"] == "link.broken"}
        finally:
            store.close()
        assert broken in broken_first
        edits[_path(broken, server.url)] = (200, "text/html; charset=utf-8",
                                            "<html><body><p>已修复</p></body></html>".encode())
        site.pages = Edited(site.pages, edits)
        second = crawl(server.url, db)
    store = Store(db)
    try:
        settings = json.loads(store.crawl(second)["settings"])
        assert settings["reused_from"] == first and settings["copied_pages"] > 0
        # The edited entry and its article were read again: the new title, the new text.
        text = store.db.execute("select text from texts where crawl_id = ? and url = ? and "
                                "kind = 'html'", [second, url]).fetchone()[0]
        assert MARK in text
        titles = {t for (t,) in store.db.execute(
            "select title from items where crawl_id = ? and url = ?", [second, url])}
        assert new_title in titles
        # The first run's facts are history: untouched.
        old = store.db.execute("select text from texts where crawl_id = ? and url = ? and "
                               "kind = 'html'", [first, url]).fetchone()[0]
        assert MARK not in old
        # The repaired link was asked again (a stored 404 is never replayed): no accusation.
        assert store.page(second, broken)["status"] == 200
        findings = store.findings(run_checks(store, second, DAY))
        assert broken not in {f["url"] for f in findings if f["rule"] == "link.broken"}
    finally:
        store.close()


# -- lists that change shape between two audits (crawler/revalidate.py) ------------------------

# A list row of the replica's TRS lists, dated or not (the side navigation's rows have no title).
ENTRY = re.compile(rb'<li><a href="[^"]+" title="[^"]*"[^>]*>[^<]*</a>(?:<span>[0-9-]{10}</span>)?'
                   rb"</li>\n?")


def _pages_of(site, column: str) -> list[str]:
    """Paths of a TRS list's pages in order: index.html's twin (the column URL), index_1 …"""
    pages = [column]
    while f"{column}index_{len(pages)}.html" in site.pages:
        pages.append(f"{column}index_{len(pages)}.html")
    return pages


def _entries(body: bytes) -> list[bytes]:
    return ENTRY.findall(body)


def _with_entries(body: bytes, entries: list[bytes]) -> bytes:
    """`body` with its list rows replaced by `entries` (the rows sit together in one <ul>)."""
    old = _entries(body)
    start, end = body.index(old[0]), body.index(old[-1]) + len(old[-1])
    return body[:start] + b"".join(entries) + body[end:]


def _relist(site, column: str, rows: list[bytes], grow: bool = False) -> dict:
    """Edits that show `rows` on the list's pages, as many per page as before; the last page
    takes the rest, or (`grow`) keeps its size and the rest goes on a new page, which every
    page's pager script then counts. The column URL and its index.html twin show the same
    first page."""
    pages = _pages_of(site, column)
    sizes = [len(_entries(site.pages[p][2])) for p in pages]
    if grow:
        pages.append(f"{column}index_{len(pages)}.html")
        sizes.append(len(rows) - sum(sizes))
    edits, at = {}, 0
    for number, (path, size) in enumerate(zip(pages, sizes)):
        size = len(rows) - at if number == len(pages) - 1 else size
        status, ctype, body = site.pages[path] if path in site.pages else site.pages[pages[-2]]
        body = _with_entries(body, rows[at:at + size])
        if grow:
            body = re.sub(rb"createPageHTML\((\d+), \d+,", f"createPageHTML({len(pages)}, "
                          f"{number},".encode(), body)
        edits[path] = (status, ctype, body)
        at += size
    edits[column + "index.html"] = edits[column]
    return edits


def _new_article(site, column: str, number: int, day: str) -> tuple[str, bytes, dict]:
    """A new article page under `column` (a copy of one of its articles, retitled) and its row."""
    first = _entries(site.pages[column][2])[0]
    href = re.search(rb'href="\./([^"]+)"', first).group(1).decode()
    status, ctype, body = site.pages[column + href]
    title = f"新发布的第{number}号通知"
    path = f"{column}{day[:4]}{day[5:7]}/t{day.replace('-', '')}_39900{number:02d}.html"
    old_title = re.search(rb'title="([^"]+)"', first).group(1)
    site_pages = {path: (status, ctype, body.replace(old_title, title.encode()))}
    row = (f'<li><a href="./{path[len(column):]}" title="{title}" target="_blank">{title}</a>'
           f"<span>{day}</span></li>\n").encode()
    return path, row, site_pages


def _framed(site, column: str, rows: list[bytes]) -> dict:
    """Edits that move `column`'s list into a framed document (`list.html`) showing `rows`."""
    status, ctype, body = site.pages[column]
    start = body.index(b'<ul class="list">')
    end = body.index(b"</ul>", start)
    frame = f'<iframe src="{column}list.html" width="100%" height="600"></iframe>'.encode()
    page = (status, ctype, body[:start] + frame + body[end + len(b"</ul>"):])
    return {column: page, column + "index.html": page,
            column + "list.html": (status, ctype, _with_entries(body, rows))}


def _column_items(store: Store, crawl_id: int, column_url: str) -> set[str]:
    return {url for (url,) in store.db.execute(
        "select i.url from items i join columns c on c.crawl_id = i.crawl_id and "
        "c.key = i.column_key where i.crawl_id = ? and c.url = ?", [crawl_id, column_url])}


@pytest.mark.timeout(900)
def test_reaudit_reads_a_list_that_grew_and_an_oldest_first_list_in_the_same_run(tmp_path):
    """A newest-first list that got a new entry on page 1 (every entry moves along: the last
    of page 1 is now on page 2, a list that grew a page), and an oldest-first list whose new
    entry is on its last page while page 1 stays byte for byte the same: the re-audit lists
    every entry of both, as a full audit would, and reads the new articles. So does a list held
    in a frame whose framing page stays the same."""
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    grown, oldest = "/xwzx/jryw/", "/xxgk_13648/fdzdgknr/zfwj/xzfwj/"
    assert len(_pages_of(site, grown)) > 1 and len(_pages_of(site, oldest)) > 1
    # The second list is oldest-first from the start (some portals sort by date ascending).
    rows = [r for p in _pages_of(site, oldest) for r in _entries(site.pages[p][2])]
    before = _relist(site, oldest, rows[::-1])
    # A third list is shown in an <iframe>: the column page never changes, the frame does.
    framed = "/xxgk_13648/fdzdgknr/tjxx/"
    original = SimpleNamespace(pages=site.pages)
    rows_f = _entries(site.pages[framed][2])
    before.update(_framed(original, framed, rows_f))
    site.pages = Edited(site.pages, before)
    with start(site) as server:
        first = crawl(server.url, db)
        edits = dict(before)
        path_a, row_a, page_a = _new_article(site, grown, 1, "2026-11-27")
        rows_a = [r for p in _pages_of(site, grown) for r in _entries(site.pages[p][2])]
        edits.update(_relist(site, grown, [row_a, *rows_a], grow=True))
        edits.update(page_a)
        path_b, row_b, page_b = _new_article(site, oldest, 2, "2026-11-27")
        later = _relist(site, oldest, [*rows[::-1], row_b])
        assert later[oldest] == before[oldest]  # page 1 of the oldest-first list: unchanged
        edits.update(later)
        edits.update(page_b)
        path_f, row_f, page_f = _new_article(original, framed, 3, "2026-11-27")
        framing = _framed(original, framed, [row_f, *rows_f])
        assert framing[framed] == before[framed]  # the framing page: unchanged
        edits.update(framing)
        edits.update(page_f)
        site.pages = Edited(site.pages.pages, edits)
        second = crawl(server.url, db)
    store = Store(db)
    try:
        for column, new, old_rows in ((grown, path_a, rows_a), (oldest, path_b, rows),
                                      (framed, path_f, rows_f)):
            url = server.url.rstrip("/") + column
            old_items = _column_items(store, first, url)
            assert len(old_items) == len(old_rows)
            new_url = server.url.rstrip("/") + new
            assert _column_items(store, second, url) == old_items | {new_url}, column
            assert store.page(second, new_url)["status"] == 200  # the new article was read
        grew = store.db.execute("select pages_expected, pages_fetched, list_status from columns "
                                "where crawl_id = ? and url = ?",
                                [second, server.url.rstrip("/") + grown]).fetchone()
        assert grew == (len(_pages_of(site, grown)), len(_pages_of(site, grown)), "ok")
    finally:
        store.close()
