"""The store's schema, created and evolved by sqlite-utils migrations (recorded in
`_sqlite_migrations`). Add a new migration function for every change; never edit one that has
shipped. `ground.store.Store` applies them when it opens a file.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("govaudit")

# The run a table's rows belong to: facts belong to a crawl, judgements to an audit.
RUN_KEYS = {"crawls": "crawl_id", "audits": "audit_id"}

# What a finding is and where it was found: findings and resolved_findings share these columns.
FINDING_HEAD = {
    "fingerprint": str,
    "rule": str,
    "severity": str,  # veto | major | minor | info
    "status": str,  # fail | unverified | suspected | waived
    "title": str,  # the rule's title (failing state) from the rule pack
}
FINDING_PLACE = {
    "unit_key": str,
    "unit_name": str,
    "category": str,
    "column_name": str,
    "column_url": str,
    "url": str,
    "message": str,
}


def run_table(db: sqlite_utils.Database, name: str, run: str, columns: dict,
              index: list[str] | None = None, unique: bool = False) -> None:
    """Create a table of one run's rows: an `id`, the run it belongs to (a foreign key), then
    `columns`, and an index on the run key followed by `index`. Every facts and findings table
    has this shape; writing it once keeps the schema identical to what each migration created
    when it shipped (tests/test_store_schema.py compares the SQL)."""
    key = RUN_KEYS[run]
    db[name].create({"id": int, key: int, **columns}, pk="id", foreign_keys=[(key, run, "id")])
    if index is not None:
        db[name].create_index([key, *index], unique=unique)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["crawls"].create(
        {
            "id": int,
            "site_url": str,
            "site_name": str,
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | complete | failed | interrupted (+ stopped, capped: m009)
            "pages_fetched": int,
            "fetch_errors": int,
            "settings": str,  # JSON: the crawl options that matter for reproducing it
            "tool_version": str,
            "error": str,
        },
        pk="id",
    )
    run_table(db, "pages", "crawls", {
        "url": str,
        "final_url": str,
        "status": int,  # HTTP status; NULL when no response came back
        "bytes": int,
        "elapsed_ms": int,
        "content_type": str,
        "fetched_at": str,
        "error": str,  # why no usable response: timeout, dns, refused, blocked:412 ...
        "role": str,  # home | platform | unit | column | list | article | attachment | external
        "title": str,
    }, ["url"], unique=True)
    run_table(db, "links", "crawls", {
        "from_url": str,
        "to_url": str,
        "text": str,
        "kind": str,  # nav | item | attachment | pager | external | other
    }, ["to_url"])
    run_table(db, "units", "crawls", {
        "key": str,  # stable within a site: derived from the unit's URL path
        "name": str,
        "kind": str,  # county | department | town
        "url": str,
    }, ["key"], unique=True)
    run_table(db, "columns", "crawls", {
        "unit_key": str,
        "key": str,  # stable within a site: the column URL's path
        "parent_key": str,
        "name": str,
        "url": str,
        "role": str,  # homepage | column | container
        "level": int,  # 1 = directly under the unit's platform page
        "breadcrumb": str,
        "category": str,  # canonical category id, NULL when unclassified
        "category_source": str,  # how it was classified: name | keyword | pinyin | meta ...
        "list_status": str,  # ok | partial | failed | blocked
        "pages_expected": int,  # from the pager script; NULL when unknown
        "pages_fetched": int,
        "pages_failed": int,
        "item_count": int,
        "placeholder": str,  # placeholder text such as 暂无信息, when the list shows one
        "dialect": str,  # list dialect that read it: trs | generic ...
    }, ["key"], unique=True)
    run_table(db, "items", "crawls", {
        "unit_key": str,
        "column_key": str,
        "url": str,
        "title": str,
        "list_date": str,  # ISO date as displayed in the list, NULL when none
        "pub_date": str,  # 发布日期 / PubDate from the article, ISO date or datetime
        "written_date": str,  # 成文日期
        "index_no": str,  # 索引号
        "publisher": str,  # 发布机构
        "doc_no": str,  # 文号
        "article_status": int,  # HTTP status of the article fetch, NULL when not fetched
        "attachments": int,
    }, ["column_key"])
    run_table(db, "texts", "crawls", {
        "url": str,  # the article or attachment the text was taken from
        "kind": str,  # html | pdf | xlsx | docx | txt
        "text": str,  # visible body text (article body, or the document's text)
    }, ["url"])
    run_table(db, "audits", "crawls", {
        "as_of": str,
        "started_at": str,
        "finished_at": str,
        "status": str,  # running | complete | failed
        "tool_version": str,
        "rules_version": str,
        "verdict": str,  # JSON: {"qualified": bool, "vetoes": [...], "counts": {...}}
    })
    run_table(db, "findings", "audits", {
        **FINDING_HEAD,
        "advice": str,  # 整改建议 from the rule pack, so reports need not load the pack
        **FINDING_PLACE,
        "basis": str,
        "evidence": str,  # JSON object
    }, ["rule"])


@migrations()
def m002_lifecycle_and_waivers(db: sqlite_utils.Database) -> None:
    """Finding lifecycle against the previous audit of the same site, and waivers."""
    db["findings"].add_column("lifecycle", str)  # new | persisting | regressed
    db["audits"].add_column("previous_audit_id", int)  # the audit lifecycles were computed against
    db["audits"].add_column("waivers", str)  # JSON: {"file": ..., "applied": n, "expired": [...]}
    # Findings of the previous audit that are gone in this one (已整改), copied so a report
    # need not reopen older audits.
    run_table(db, "resolved_findings", "audits", {
        "previous_audit_id": int,
        **FINDING_HEAD,
        **FINDING_PLACE,
    }, [])


@migrations()
def m003_documents_and_analyses(db: sqlite_utils.Database) -> None:
    """Documents read by the crawler (tables, readability) and what the checks made of them.

    The text of a document stays in `texts` (one row per article or attachment); `documents`
    holds what `texts` cannot: whether it could be read at all, its tables, its size and hash.
    """
    run_table(db, "documents", "crawls", {
        "url": str,
        "kind": str,  # html | pdf | docx | doc | xlsx | xls | wps | txt | other
        "status": str,  # ok | needs-review | too-large | error
        "note": str,  # why it could not be read (Chinese, shown to users)
        "pages": int,
        "bytes": int,
        "sha256": str,
        "tables": str,  # JSON list of {rows, caption, page, sheet}
    }, ["url"], unique=True)
    # Written by the checks: one row per analysed document (annual report, budget ...), so the
    # report can show what was found without re-reading the crawl.
    run_table(db, "analyses", "audits", {
        "url": str,
        "unit_key": str,
        "kind": str,  # annual-report | budget | final-accounts ...
        "year": int,
        "summary": str,  # JSON: template, sections, tables, figures, failing checks
    }, [])


@migrations()
def m004_evidence(db: sqlite_utils.Database) -> None:
    """Evidence (留痕): the bodies of fetched HTML pages, and how each column was classified.

    `bodies` holds each distinct response body once (keyed by the SHA-256 of the bytes as
    received), gzip-compressed; `pages.sha256` points a fetch at its body, so a report can save
    the very page a finding rests on. `columns.classify_trace` keeps what the classifier looked
    at (JSON), so a `column.missing` finding can say why each candidate column was rejected.
    """
    db["bodies"].create(
        {
            "sha256": str,  # hex SHA-256 of the body bytes as received (before decoding)
            "bytes": int,  # uncompressed size
            "encoding": str,  # charset the crawler decoded the page with
            "content_type": str,
            "gzip": bytes,  # the body, gzip-compressed
        },
        pk="sha256",
    )
    db["pages"].add_column("sha256", str)
    db["columns"].add_column("classify_trace", str)


@migrations()
def m005_interaction(db: sqlite_utils.Database) -> None:
    """政民互动 messages and document ↔ 政策解读 relations read by the crawler.

    A message's facts come from two places that may disagree: its row in the message list and
    its detail page. Both are kept (`list_*`, `detail_*`) so a check can say which it relied on.
    """
    run_table(db, "messages", "crawls", {
        "unit_key": str,
        "column_key": str,  # the message list it was listed in (NULL: only the detail seen)
        "url": str,  # the message's detail page
        "title": str,
        "list_asked": str,  # 留言时间 shown in the list (ISO)
        "list_status": str,  # 办理状态 text shown in the list (已回复, 办理中 ...)
        "list_replied": str,  # 回复时间 shown in the list
        "detail_asked": str,  # the same facts read from the detail page
        "detail_status": str,
        "detail_replied": str,
        "reply_unit": str,  # 回复单位 / 答复部门
        "has_reply_text": int,  # 1 when the detail page shows reply text
        "detail_http": int,  # HTTP status of the detail page, NULL when not fetched
    }, ["url"], unique=True)
    run_table(db, "doc_relations", "crawls", {
        "from_url": str,  # the article the link was found on
        "to_url": str,
        # interpretation: to_url interprets from_url (相关解读 on a document)
        # document: to_url is the document from_url interprets (相关文件 on a 解读)
        "relation": str,
        "text": str,  # label and anchor text as shown
    }, ["from_url"])


@migrations()
def m007_incremental(db: sqlite_utils.Database) -> None:
    """What each crawl cost the site: an incremental re-audit is judged by these counts."""
    db["crawls"].add_column("requests", int)  # requests that reached the site (robots.txt too)
    db["crawls"].add_column("not_modified", int)  # of those, answered 304 Not Modified
    db["crawls"].add_column("reused", int)  # pages taken from the incremental cache, no request


@migrations()
def m008_items_by_url(db: sqlite_utils.Database) -> None:
    """Items are found by URL: the crawler attaches each article's facts to its list entries
    (`update_item`, once per article) and the checks look up the entries of one URL, both of
    which scanned the whole items table without this index."""
    db["items"].create_index(["crawl_id", "url"], if_not_exists=True)


@migrations()
def m009_structure_navigation(db: sqlite_utils.Database) -> None:
    """How each unit was found and whether its navigation was read, so `column.missing` is
    asserted only on a unit whose navigation the crawler read completely (issue 13)."""
    db["units"].add_column("source", str)  # index-page | labelled-block | nested | platform ...
    db["units"].add_column("listed_in", str)  # URL of the page that listed it
    db["units"].add_column("page_status", str)  # ok | failed | blocked, once its page answered
    db["units"].add_column("nav_found", int)  # column links found on its landing page
    db["units"].add_column("nav_unread", str)  # why its navigation was not fully read, else NULL


@migrations()
def m009_ux_ledger_answers(db: sqlite_utils.Database) -> None:
    """The departments' answers read back from a filled 整改台账 (`govaudit ledger import`):
    per site and finding fingerprint (stable across audits), the latest import wins and the
    next report shows it. Answers are the departments' words, never a finding of ours."""
    db["ledger_answers"].create(
        {
            "id": int,
            "site_url": str,
            "fingerprint": str,
            "measures": str,  # 整改措施
            "owner": str,  # 责任人
            "progress": str,  # 完成情况
            "review": str,  # 复核
            "source_file": str,  # the ledger file it was read from
            "imported_at": str,
        },
        pk="id",
    )
    db["ledger_answers"].create_index(["site_url", "fingerprint"], unique=True)


@migrations()
def m009_faults_answer(db: sqlite_utils.Database) -> None:
    """What each fetched answer is (crawler/answers.py): page, soft404, http, blocked, refused
    or transient. The checks read this one decision: only `http`/`soft404` is a broken link,
    only `page` may show a gap. NULL on crawls stored before it (read as before)."""
    db["pages"].add_column("answer", str)


@migrations()
def m010_items_check_aggregates(db: sqlite_utils.Database) -> None:
    """The checks count and group a million items in SQL rather than reading them (issue 17,
    docs/checks-performance.md): items per unit are counted from an index alone, and the
    distinct (成文日期, 发布日期, list date) combinations `disclosure.late` judges are read from a
    covering index in its order, without touching the table."""
    db["items"].create_index(["crawl_id", "unit_key"], if_not_exists=True)
    db["items"].create_index(["crawl_id", "written_date", "pub_date", "list_date"],
                             if_not_exists=True)


@migrations()
def m011_columns_list_copy(db: sqlite_utils.Database) -> None:
    """1 when an incremental re-audit took the list's first page from the previous crawl's copy
    without asking the site (a presence-only list, crawler/incremental.py): the list was not
    read in this audit, so an absence rule must not rest on it. NULL otherwise."""
    db["columns"].add_column("list_copy", int)


@migrations()
def m012_links_by_source(db: sqlite_utils.Database) -> None:
    """The checks read the links of a few pages (a homepage, the pages searched for a unit's
    missing column) through this index instead of building a row for each of a portal's
    hundreds of thousands of links in every check process (docs/checks-performance.md)."""
    db["links"].create_index(["crawl_id", "from_url"], if_not_exists=True)
