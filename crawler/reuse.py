"""Incremental re-audit without re-reading: the facts of an unchanged leaf page are copied.

An incremental crawl (crawler/incremental.py) serves every article, attachment and external
link check it already read from its response cache without a request. Parsing those cached
answers again gives, with the same code, exactly the facts the base crawl stored from them, so
this module copies those facts in SQL instead: the page's fetch row, its links, texts,
documents, 政策解读 relations, message detail facts and the article facts of its list entries.
Each crawl still holds its own complete facts (history is never shared or overwritten), and
checks and reports on it see what a re-parse would have produced.

A page is reused only when all of this holds (otherwise it is fetched as before):
- the base crawl (`base_crawl`) is the site's latest complete crawl, was itself incremental
  (its answers are the ones in the cache), ran the same govaudit version with the same site
  profile, hosts and rendering (the same parser on the same input);
- the page is a leaf (`LEAF_ROLES`): what it yields is facts about itself and the attachments
  and external links it links to, never structure (units, columns, pager state);
- the base crawl read it as a real page (status < 400, no error): a failure, a block or a
  soft 404 is asked again (with validators when it had them), since what could not be read
  may be readable now and an answer that accuses (a broken link) must be fresh;
- for a list entry, the list still shows it as the base crawl saw it (same title and date):
  a changed entry is the sign of a changed article, which is then revalidated with a
  conditional request (`revalidate` in the request meta) and read again;
- no `fail` finding of the site's latest audit rests on it (`accused_urls`: the finding's
  page, and the attachments of an accused article). An accusation must rest on a fresh answer:
  a department that corrects a page in place (the personal data removed, the date fixed)
  leaves its list entry unchanged, and a copy would accuse it again of what it has repaired.
  Such a page is asked with validators; a 304 costs the portal no body.

The children of a reused article (its attachments and external links, from the base crawl's
`links`) go through the same decision, so a failed attachment is asked again even when its
article is reused. Row copies run in bulk when the spider closes (one pass over each table).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

# Request roles whose pages are leaves of the crawl (see the module docstring).
LEAF_ROLES = frozenset({"article", "attachment", "external"})
# Fields of `items` that the article (or the check of an entry that is a file or an external
# link) sets (crawler/spiders/articles.py `_set_article`).
ARTICLE_FIELDS = ("pub_date", "written_date", "index_no", "publisher", "doc_no",
                  "article_status", "attachments")
# Message fields an article page sets (crawler/interaction.py `on_article`); the list fields
# come from list pages, which are always read.
DETAIL_FIELDS = ("detail_asked", "detail_status", "detail_replied", "reply_unit",
                 "has_reply_text", "detail_http")
# Per-crawl tables holding structure or merged facts, copied (if at all) by their own rule.
STRUCTURAL_TABLES = frozenset({"crawls", "units", "columns", "items", "messages", "pages"})
# Crawl options that change what the parser sees or how it reads it.
PARSE_OPTIONS = ("profile", "hosts", "render_js")


def base_crawl(db_path: str | Path, site_url: str, options: dict, version: str) -> int | None:
    """The crawl whose facts an incremental crawl of `site_url` may copy, or None."""
    if not Path(db_path).exists():
        return None
    db = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        row = db.execute("select id, settings, tool_version from crawls where site_url = ? "
                         "and status = 'complete' order by id desc limit 1",
                         [site_url]).fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        db.close()
    if row is None or row[2] != version:
        return None
    try:
        settings = json.loads(row[1] or "{}")
    except ValueError:
        return None
    if not settings.get("incremental"):
        return None  # its answers are not the ones in the cache
    if any(settings.get(name) != options.get(name) for name in PARSE_OPTIONS):
        return None
    return row[0]


@dataclass
class ReusePlan:
    """What the base crawl read, loaded once when the spider opens."""

    base: int
    roles: dict[str, str] = field(default_factory=dict)  # url → role, real pages only
    unread: set[str] = field(default_factory=set)  # failures, soft 404s, blocks, challenges
    facts: dict[str, tuple] = field(default_factory=dict)  # url → ARTICLE_FIELDS values
    entries: dict[str, set] = field(default_factory=dict)  # url → {(title, list_date)}
    children: dict[str, list] = field(default_factory=dict)  # article url → [(url, role)]
    listed_now: dict[str, set] = field(default_factory=dict)  # url → {(title, date)} this run
    reused: dict[str, None] = field(default_factory=dict)  # urls taken from the base, in order
    accused: set[str] = field(default_factory=set)  # pages a current accusation rests on
    revalidated: int = 0

    def listed(self, url: str, title: str | None, day: str | None) -> bool:
        """Record how one of this run's lists shows an entry. True when the entry was already
        reused on the word of another list but this list shows it differently: the caller must
        then ask for it after all (lists are read in any order, and one changed showing is
        enough to read the page again)."""
        shown = (title, day)
        seen = self.listed_now.setdefault(url, set())
        seen.add(shown)
        if url in self.reused and shown not in self.entries.get(url, ()):
            del self.reused[url]
            return True
        return False

    @classmethod
    def load(cls, db: sqlite3.Connection, base: int) -> "ReusePlan":
        plan = cls(base)
        marks = ", ".join("?" for _ in LEAF_ROLES)
        roles = sorted(LEAF_ROLES)
        for url, role, good in db.execute(
                f"select url, role, error is null and answer = 'page' and status >= 200 "
                f"and status < 400 from pages where crawl_id = ? and role in ({marks})",
                [base, *roles]):
            if good:
                plan.roles[url] = role
            else:
                plan.unread.add(url)
        names = ", ".join(ARTICLE_FIELDS)
        for url, title, day, *facts in db.execute(
                f"select url, title, list_date, {names} from items where crawl_id = ? "
                f"and article_status is not null", [base]):
            plan.facts.setdefault(url, tuple(facts))
            plan.entries.setdefault(url, set()).add((title, day))
        # Attachments and external links of articles (one pass over the base crawl's links).
        for src, dst, role in db.execute(
                "select l.from_url, l.to_url, p.role from links l join pages p "
                "on p.crawl_id = l.crawl_id and p.url = l.to_url join pages a "
                "on a.crawl_id = l.crawl_id and a.url = l.from_url "
                "where l.crawl_id = ? and l.kind in ('attachment', 'external') "
                "and a.role = 'article' and p.role in ('attachment', 'external')", [base]):
            kids = plan.children.setdefault(src, [])
            if (dst, role) not in kids:
                kids.append((dst, role))
        plan.accused = accused_urls(db, base)
        # An accused article's attachments are read again with it: the finding may rest on
        # what it carries (an annual report in a PDF, a roster in a spreadsheet).
        for url in list(plan.accused):
            plan.accused.update(dst for dst, _ in plan.children.get(url, ()))
        return plan

    def decide(self, url: str, role: str, item_url: str | None) -> str:
        """`reuse`, `revalidate` (ask with validators, read again) or `fetch` (as before)."""
        if url in self.unread:
            # Never replayed: a soft 404 or a challenge served with 200 is asked again (a 304
            # then says it is still the same page), a stored 4xx/5xx is asked outright.
            self.revalidated += 1
            return "revalidate"
        if self.roles.get(url) != role:
            return "fetch"
        if url in self.accused or (item_url and item_url in self.accused):
            self.revalidated += 1
            return "revalidate"  # an accusation rests on a fresh answer
        if role == "article" or item_url:
            key = item_url or url
            if key not in self.facts:
                return "fetch"
            # An entry not seen on a list of this run, or shown differently by any list, counts
            # as changed.
            shown = self.listed_now.get(key) or {("?", "?")}
            if not shown <= self.entries.get(key, set()):
                self.revalidated += 1
                return "revalidate"  # the list shows it differently: it may have changed
        return "reuse"


# The latest audit of the base crawl's site (any of the site's crawls: the base itself may not
# have been audited, its copies were).
LATEST_AUDIT = ("(select a.id from audits a join crawls c on c.id = a.crawl_id "
                "where c.site_url = (select site_url from crawls where id = ?) "
                "order by a.id desc limit 1)")


def accused_urls(db: sqlite3.Connection, base: int) -> set[str]:
    """Pages the `fail` findings of the latest audit of the base crawl's site rest on."""
    try:
        return {url for (url,) in db.execute(
            "select distinct f.url from findings f where f.status = 'fail' and f.url is not null "
            f"and f.audit_id = {LATEST_AUDIT}", [base])}
    except sqlite3.DatabaseError:  # a store without audits yet: nothing accused
        return set()


def accused_units(db: sqlite3.Connection, base: int) -> set[str]:
    """Units a `fail` finding of the latest audit of the base crawl's site names."""
    try:
        return {key for (key,) in db.execute(
            "select distinct f.unit_key from findings f where f.status = 'fail' "
            f"and f.unit_key is not null and f.audit_id = {LATEST_AUDIT}", [base])}
    except sqlite3.DatabaseError:
        return set()


def copy_facts(db, new: int, plan: ReusePlan) -> int:
    """Copy the base crawl's rows of every reused page into crawl `new`; the number of pages.
    Rows already written by this crawl (a page read live after all) win over copies."""
    if not plan.reused:
        return 0
    db.execute("create temp table if not exists reused_urls (url text primary key)")
    db.execute("delete from reused_urls")
    db.executemany("insert or ignore into reused_urls values (?)", ((u,) for u in plan.reused))
    tables = [name for (name,) in db.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
    copied = 0
    for table in tables:
        cols = [row[1] for row in db.execute(f"pragma table_info([{table}])")]
        if "crawl_id" not in cols or table in STRUCTURAL_TABLES - {"pages"}:
            continue
        key = "url" if "url" in cols else "from_url" if "from_url" in cols else None
        if key is None:
            continue
        names = ", ".join(f"[{c}]" for c in cols if c not in ("id", "crawl_id"))
        cursor = db.execute(
            f"insert or ignore into [{table}] (crawl_id, {names}) select ?, {names} "
            f"from [{table}] where crawl_id = ? and [{key}] in (select url from reused_urls)",
            [new, plan.base])
        if table == "pages":
            copied = cursor.rowcount
    sets = ", ".join(f"[{c}] = coalesce(excluded.[{c}], messages.[{c}])" for c in DETAIL_FIELDS)
    names = ", ".join(DETAIL_FIELDS)
    db.execute(
        f"insert into messages (crawl_id, url, {names}) select ?, url, {names} from messages "
        f"where crawl_id = ? and has_reply_text is not null "
        f"and url in (select url from reused_urls) "
        f"on conflict (crawl_id, url) do update set {sets}", [new, plan.base])
    db.execute("delete from reused_urls")
    return copied


class ReuseExtension:
    """Loads the plan when the spider opens (GOVAUDIT_REUSE_FROM: the base crawl id) and copies
    the reused pages' rows when it closes, on every close (finished, Ctrl-C, page cap), so a
    stopped crawl keeps what it took. A distributed crawl does not reuse (its store is the
    coordinator's)."""

    def __init__(self, crawler, base: int | None):
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        if not base:
            raise NotConfigured
        self.crawler = crawler
        self.base = base
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("GOVAUDIT_REUSE_FROM"))

    def spider_opened(self, spider) -> None:
        if getattr(spider, "shared", None) is not None or not hasattr(spider, "store"):
            return
        spider.reuse = ReusePlan.load(spider.store.db.conn, self.base)

    def spider_closed(self, spider) -> None:
        plan = getattr(spider, "reuse", None)
        if plan is None:
            return
        flush = getattr(spider.store, "flush", None)
        if flush is not None:
            flush()  # the crawl's open write group is committed first, never rolled back here
        with spider.store.db.conn:  # one transaction
            copied = copy_facts(spider.store.db.conn, spider.crawl_id, plan)
        stats = self.crawler.stats
        stats.set_value("govaudit/reused_pages", copied)
        stats.set_value("govaudit/revalidated_entries", plan.revalidated)
