"""Which stored answers an incremental re-audit may trust without asking the portal again.

crawler/incremental.py asks again (with validators) for every page that shows structure or a
list's newest entries. This module decides the cases in between, per request, in the cache
middleware (so the spider's code is the same with and without `--incremental`):

- **Later list pages** (`index_1.html`, `?page=3`, a datastore's next group) are served from
  the cache only when nothing can have moved onto or off them: the list's first page came back
  unchanged in this run (a 304, or a 200 whose entries and pager are those of the stored copy:
  servers without validators, or with a Last-Modified that changes on every request), and the
  previous complete crawl saw the list newest-first (`newest_first_lists`: every entry dated,
  on the list or else by its article's publication date, every entry of a later page no newer
  than every entry of page 1, and not all one date). On a
  newest-first list a new entry lands on page 1 and pushes the others along, so an unchanged
  page 1 means unchanged later pages (what it cannot show, an older entry deleted or retitled
  in place, is what the re-audit does not see of any page it does not ask for). Any other list
  (oldest-first, pinned old entries on page 1, undated entries, a page 1 that changed) has its
  later pages asked again with validators: a new entry at the end of an oldest-first list, or
  an entry pushed from page 1 onto page 2, must be read in the same run, or the re-audit would
  call a column stale or a report missing that is not. A later page is also asked when it was
  stored before its page 1 last came back changed (kept in the cache file): a run stopped
  (Ctrl-C, page cap) between a changed page 1 and its later pages leaves them stale, and the
  next run's 304 on page 1 must not vouch for them.
- **Framed lists** (a column whose entries are in an `<iframe>`) are the list itself, whatever
  the framing page says: always asked again.
- **One question per URL and run**: a URL this run already asked (a redirect target reached
  twice, the same page linked under two roles) is answered from what was stored a moment ago.
- **robots.txt** is reused for 24 hours after it was fetched (RFC 9309 section 2.4 lets a
  crawler cache it that long); older, it is asked again with validators.

Stored failures (>= 400) stay outside all of this: FreshnessPolicy always asks them again.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from urllib.parse import urlsplit

# RFC 9309: "crawlers SHOULD NOT use the cached version for more than 24 hours".
ROBOTS_MAX_AGE = 24 * 3600


def newest_first_lists(db_path: str | Path, site_url: str | None) -> list[str]:
    """Keys of the columns of `site_url`'s latest complete crawl whose list was newest-first
    across its pages (see the module docstring); [] without such a crawl."""
    if not site_url or not Path(db_path).exists():
        return []
    db = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        row = db.execute("select id from crawls where site_url = ? and status = 'complete' "
                         "order by id desc limit 1", [site_url]).fetchone()
        if row is None:
            return []
        crawl = row[0]
        first_pages = dict(db.execute(
            "select key, url from columns where crawl_id = ? and url is not null", [crawl]))
        # One pass over the crawl's links (a join on from_url has no index to use).
        page_ones = set(first_pages.values())
        on_first = {(src, dst) for src, dst in db.execute(
            "select from_url, to_url from links where crawl_id = ? and kind = 'item'", [crawl])
            if src in page_ones}
        entries: dict[str, list] = {}
        # An entry the list shows undated is placed by its article's publication date.
        for key, url, day in db.execute(
                "select column_key, url, coalesce(list_date, substr(pub_date, 1, 10)) "
                "from items where crawl_id = ?", [crawl]):
            entries.setdefault(key, []).append((url, day))
    except sqlite3.DatabaseError:  # a store without those tables yet
        return []
    finally:
        db.close()
    keys = []
    for key, rows in entries.items():
        page_one = first_pages.get(key)
        first = [day for url, day in rows if (page_one, url) in on_first]
        rest = [day for url, day in rows if (page_one, url) not in on_first]
        if not first or not rest or None in first or None in rest:
            continue  # one page only (nothing cached to trust), or undated entries
        if max(rest) <= min(first) and min(rest) < max(first):
            keys.append(key)
    return sorted(keys)


def _listing(response):
    """(entries, page URLs, page count) of a list page as the spider reads it."""
    from crawler import fetch
    from crawler.dialects import detect
    from crawler.extract.html import parse

    html = fetch.text_of(response)
    listing = detect(html, response.url).extract_list(parse(html), html, response.url)
    return ([(i.url, i.title, i.date) for i in listing.items], list(listing.page_urls),
            listing.pager.total)


def same_list(old, new) -> bool:
    """True when a list page answered 200 shows what its stored copy showed: the same bytes,
    or the same entries in the same order and the same pager (a page that also carries a
    clock, a visit counter or a token)."""
    if old is None or old.status != 200 or new.status != 200:
        return False
    if old.body == new.body:
        return True
    try:
        return _listing(old) == _listing(new)
    except Exception:  # noqa: BLE001 - an unreadable copy proves nothing: ask the later pages
        return False


class RunRecord:
    """What this run learnt about lists and URLs, kept by the cache middleware."""

    def __init__(self, settings):
        self.newest_first = frozenset(settings.getlist("GOVAUDIT_NEWEST_FIRST"))
        self.started = time.time()
        self.unchanged: dict[str, bool] = {}  # column key → page 1 unchanged in this run
        self.asked: set[str] = set()  # fingerprints answered by the portal in this run
        # column key → when its page 1 last came back changed (kept in the cache file, so a
        # run stopped before it re-asked the deeper pages leaves them untrusted for the next)
        self.changed_at: dict[str, float] = {}

    def before(self, request, fingerprint: str, stored_at: float | None) -> None:
        """Set `revalidate` or `cache_fresh` in the request's meta (read by FreshnessPolicy)."""
        meta = request.meta
        meta.pop("cache_fresh", None)  # a redirect copies its request's meta: decide afresh
        if fingerprint in self.asked:
            meta["cache_fresh"] = True  # asked a moment ago in this run
            return
        if meta.get("role") == "list":
            kwargs = meta.get("cb_kwargs") or {}
            key = kwargs.get("column_key")
            if meta.get("cb") == "parse_frame" or not (
                    self.unchanged.get(key) and key in self.newest_first
                    and (stored_at or 0) > self.changed_at.get(key, 0)):
                meta["revalidate"] = True
        elif "role" not in meta and urlsplit(request.url).path == "/robots.txt" \
                and stored_at is not None and time.time() - stored_at < ROBOTS_MAX_AGE:
            meta["cache_fresh"] = True

    def after(self, request, fingerprint: str, old, result) -> str | None:
        """Record the answer to `request` (`old`: the stored copy it was checked against);
        the column key when it is a list's first page that changed against its stored copy
        (the caller keeps that in the cache file)."""
        if old is not None or "cached" not in result.flags:
            self.asked.add(fingerprint)  # the portal answered it (a hit asked nobody)
        meta = request.meta
        if meta.get("role") == "column" and meta.get("cb") == "parse_column":
            key = (meta.get("cb_kwargs") or {}).get("column_key")
            if key is not None:
                same = "cached" in result.flags or same_list(old, result)
                self.unchanged[key] = same
                if not same and old is not None:
                    self.changed_at[key] = time.time()
                    return key
        return None
