"""The SQLite store that joins the three stages.

Crawl writes *facts* (crawls, pages, links, units, columns, items); checks read facts and write
*audits* and *findings*; reports read findings. Nothing else passes between the stages, so checks
and reports can be rerun on a stored crawl without touching a site. Every crawl and every audit
gets a new row: history is never overwritten.

The schema is created and evolved by sqlite-utils migrations in `ground/migrations.py`.

This module must not import Scrapy: checks and reports import it too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

import sqlite_utils

from ground.migrations import migrations
from ground.urls import canonical_row as _canonical
from ground.urls import canonical_url

RESOLVED_FIELDS = ("fingerprint", "rule", "severity", "status", "title", "unit_key", "unit_name",
                   "category", "column_name", "column_url", "url", "message")


def now_iso() -> str:
    """UTC timestamp for bookkeeping columns (never used by checks, which take an audit date)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


_PLAIN = {str, int, float, bytes, type(None)}

# JSON columns (evidence, summaries): one encoder for all rows, since json.dumps with options
# builds a new encoder per call (tens of thousands of findings at national scale).
_to_json = json.JSONEncoder(ensure_ascii=False).encode


class EncodedJSON(str):
    """A JSON column's value already encoded (by `encode_json`), stored as it is: the checks'
    second process encodes the analyses it sends back, so they cross as one string each
    instead of being pickled as nested dicts and encoded again here, and the runner encodes
    findings' evidence while it waits for that process."""


def encode_json(value: Any) -> EncodedJSON:
    return EncodedJSON(_to_json(value))


def _sql_value(value: Any) -> Any:
    """A Python value as sqlite-utils' insert_all would store it."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


# A crawl's writes are committed per group of responses (see Store.begin_group): one commit
# per fact rewrote the same B-tree pages into the WAL dozens of times per response.
GROUP_RESPONSES = 50
GROUP_SECONDS = 1.0


# Crawl statuses. Only `complete` is a crawl the checks may judge without being asked: the
# others saw part of the site (`stopped` by Ctrl-C, `capped` by --max-pages, `interrupted`:
# killed and later resumed, `running`: still running or killed, `failed`).
COMPLETE, STOPPED, CAPPED, INTERRUPTED = "complete", "stopped", "capped", "interrupted"
FINISHED = (COMPLETE,)
PARTIAL = (STOPPED, CAPPED, INTERRUPTED)

# How a run that did not finish is named in messages and report headers.
STATUS_TEXT = {
    "running": "仍在运行或进程已被终止",
    "stopped": "已被用户中断（Ctrl-C）",
    "capped": "已达到页面上限，未抓完",
    "interrupted": "进程被终止，未抓完",
    "failed": "异常结束",
}


def status_text(row: dict) -> str:
    """A crawl or audit row's status in Chinese, with its stored error if any."""
    text = STATUS_TEXT.get(row.get("status") or "", row.get("status") or "未知")
    return f"{text}（{row['error']}）" if row.get("error") else text


def database_message(exc: Exception, db: str | None) -> str:
    """A database error in Chinese, with what the user can do about it."""
    text = str(exc).lower()
    where = f" {db}" if db else ""
    if "readonly" in text or "read-only" in text:
        return f"数据库{where}是只读的，无法写入：请检查文件权限或换一个可写的位置（--db）"
    if "full" in text:
        return f"磁盘空间不足，数据库{where}无法写入：请清理磁盘后重试，已保存的数据未受影响"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return (f"数据库{where}已损坏（{exc}）：请从备份恢复，或换一个新的数据库文件（--db）")
    if "locked" in text or "busy" in text:
        return f"数据库{where}正被其他进程占用：请等其完成后重试"
    return f"数据库{where}读写失败：{exc}"



class StoreError(Exception):
    """The database cannot be opened or is not a govaudit store."""


class Store:
    """Read/write API over one govaudit SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._columns: dict[str, list[str]] = {}  # table -> columns (fixed once migrated)
        self._statements: dict[tuple, str] = {}  # (table, columns, tail) -> insert statement
        self._group_started, self._group_size = 0.0, 0
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            # WAL lets reports read while a crawl writes; busy_timeout rides out short locks.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=5000")
            migrations.apply(self.db)
        except sqlite3.Error as exc:  # full disk, read-only file, not a database ...
            raise StoreError(f"无法打开数据库：{database_message(exc, str(self.path))}") from exc
        except Exception as exc:  # OSError ...
            raise StoreError(f"无法打开数据库 {self.path}：{exc}") from exc

    def fewer_fsyncs(self) -> None:
        """synchronous=NORMAL: in WAL mode no fsync per commit, and the file stays consistent
        after a crash (at worst the last commits are lost, never the file). For the crawler,
        which commits a group of facts at a time."""
        self.db.execute("PRAGMA synchronous=NORMAL")

    @contextlib.contextmanager
    def page_cache(self, mib: int) -> Iterator[None]:
        """SQLite's page cache at `mib` MiB while writing big transactions (an audit's tens of
        thousands of findings): with the default 2 MiB their pages spill into the WAL, and are
        written again, before the commit. Allocated as used; the previous size comes back."""
        before = self.db.execute("PRAGMA cache_size").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size = {-int(mib) * 1024}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size = {int(before)}")

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.db.close()

    # -- write groups (the crawl) ------------------------------------------------------------------

    def begin_group(self) -> None:
        """Called by the crawler before the writes of each response: they join the open group,
        which is committed once it holds GROUP_RESPONSES responses or is GROUP_SECONDS old.
        A crash loses at most the open group (what resume re-reads from its replay cache),
        never a committed fact and never the file; `flush` and `close` commit it."""
        conn = self.db.conn
        now = time.monotonic()
        if conn.in_transaction:
            self._group_size += 1
            if self._group_size < GROUP_RESPONSES and now - self._group_started < GROUP_SECONDS:
                return
            conn.commit()
        conn.execute("BEGIN")
        self._group_started, self._group_size = now, 1

    def flush(self) -> None:
        """Commit the open write group, if any."""
        if self.db.conn.in_transaction:
            self.db.conn.commit()

    def _run(self, sql: str, params, many: bool = False) -> sqlite3.Cursor:
        """One write statement: part of the open group, else committed at once (as sqlite-utils
        would); a failed statement outside a group leaves no transaction behind."""
        conn = self.db.conn
        was_open = conn.in_transaction
        try:
            cursor = conn.executemany(sql, params) if many else conn.execute(sql, params)
        except BaseException:
            if not was_open and conn.in_transaction:
                conn.rollback()
            raise
        if not was_open and conn.in_transaction:
            conn.commit()
        return cursor

    def _table_columns(self, table: str) -> list[str]:
        if table not in self._columns:
            self._columns[table] = list(self.db[table].columns_dict)
        return self._columns[table]

    def _insert_sql(self, table: str, columns: list[str], tail: str = "") -> str:
        # Kept per (table, columns, tail): a crawl writes the same few shapes thousands of
        # times, and the table's columns are fixed once migrated (see _table_columns).
        key = (table, tuple(columns), tail)
        sql = self._statements.get(key)
        if sql is not None:
            return sql
        missing = set(columns) - set(self._table_columns(table))
        if missing:  # same refusal as insert_all without alter: never guess a schema change
            raise StoreError(f"表 {table} 没有这些列：{sorted(missing)}")
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = self._statements[key] = f"insert into [{table}] ({names}) values ({marks}){tail}"
        return sql

    def _append(self, table: str, rows: Iterable[dict]) -> None:
        """Insert rows (each with its own keys; rows sharing keys share one executemany)."""
        groups: dict[tuple, list] = {}
        for row in rows:
            groups.setdefault(tuple(row), []).append(
                [v if type(v) in _PLAIN else _sql_value(v) for v in row.values()])
        for columns, values in groups.items():
            self._run(self._insert_sql(table, list(columns)), values, many=True)

    # -- crawls -------------------------------------------------------------------------------

    def start_crawl(self, site_url: str, site_name: str | None = None,
                    settings: dict | None = None, tool_version: str = "") -> int:
        table = self.db["crawls"]
        table.insert(
            {
                "site_url": site_url,
                "site_name": site_name,
                "started_at": now_iso(),
                "status": "running",
                "pages_fetched": 0,
                "fetch_errors": 0,
                "settings": json.dumps(settings or {}, ensure_ascii=False),
                "tool_version": tool_version,
            }
        )
        return table.last_pk

    def update_crawl(self, crawl_id: int, **fields: Any) -> None:
        self.db["crawls"].update(crawl_id, fields)

    def finish_crawl(self, crawl_id: int, status: str = "complete", error: str | None = None,
                     site_name: str | None = None) -> None:
        counts = self.db.execute(
            "select count(*), sum(case when error is not null or status >= 400 then 1 else 0 end)"
            " from pages where crawl_id = ?",
            [crawl_id],
        ).fetchone()
        fields: dict[str, Any] = {
            "finished_at": now_iso(),
            "status": status,
            "pages_fetched": counts[0] or 0,
            "fetch_errors": counts[1] or 0,
            "error": error,
        }
        if site_name:
            fields["site_name"] = site_name
        self.db["crawls"].update(crawl_id, fields)

    def crawl(self, crawl_id: int) -> dict:
        try:
            return self.db["crawls"].get(crawl_id)
        except sqlite_utils.db.NotFoundError as exc:
            raise StoreError(f"数据库中没有编号为 {crawl_id} 的抓取记录") from exc

    def _latest_id(self, table: str, statuses: tuple[str, ...], field: str, value) -> int | None:
        """The newest run of `table` in one of `statuses`, optionally with `field` = `value`."""
        where = f"status in ({', '.join('?' * len(statuses))})"
        args: list = list(statuses)
        if value is not None:
            where += f" and {field} = ?"
            args.append(value)
        row = self.db.execute(
            f"select id from {table} where {where} order by id desc limit 1", args
        ).fetchone()
        return row[0] if row else None

    def latest_crawl_id(self, site_url: str | None = None) -> int | None:
        return self._latest_id("crawls", (COMPLETE, *PARTIAL), "site_url", site_url or None)

    def last_crawl(self, site_url: str) -> dict | None:
        """The newest crawl of `site_url` whatever its status (a killed one still says running)."""
        rows = list(self.db["crawls"].rows_where("site_url = ?", [site_url], order_by="id desc",
                                                 limit=1))
        return rows[0] if rows else None

    def home_page(self, crawl_id: int) -> dict | None:
        """The fetch record of the crawl's homepage (role `home`), None when never fetched."""
        rows = list(self.db["pages"].rows_where("crawl_id = ? and role = 'home'", [crawl_id],
                                                limit=1))
        return rows[0] if rows else None

    # -- facts (written by the crawler) ---------------------------------------------------------

    def record_page(self, crawl_id: int, page: dict) -> None:
        """Insert or replace the fetch record of one URL in one crawl."""
        self._upsert("pages", _canonical({"crawl_id": crawl_id, "fetched_at": now_iso(), **page}),
                     "url")

    def record_body(self, sha256: str, gzip_body: bytes, size: int, encoding: str | None,
                    content_type: str | None) -> None:
        """Keep one response body (already gzip-compressed); a body seen before is not stored
        again, so a page repeated across crawls costs nothing."""
        self._run("insert or ignore into bodies (sha256, bytes, encoding, content_type, gzip)"
                  " values (?, ?, ?, ?, ?)", [sha256, size, encoding, content_type, gzip_body])

    def body(self, sha256: str) -> dict | None:
        """The stored body row (gzip bytes, size, encoding) of a SHA-256, None when absent."""
        row = self.db.execute(
            "select sha256, bytes, encoding, content_type, gzip from bodies where sha256 = ?",
            [sha256]).fetchone()
        if row is None:
            return None
        return dict(zip(("sha256", "bytes", "encoding", "content_type", "gzip"), row))

    def page(self, crawl_id: int, url: str) -> dict | None:
        """The fetch record of `url` in a crawl (by requested URL, else by final URL)."""
        url = canonical_url(url)
        for field in ("url", "final_url"):
            rows = list(self.db["pages"].rows_where(f"crawl_id = ? and [{field}] = ?",
                                                    [crawl_id, url], limit=1))
            if rows:
                return rows[0]
        return None

    def record_links(self, crawl_id: int, links: Iterable[dict]) -> None:
        self._append("links", (_canonical({"crawl_id": crawl_id, **link}) for link in links))

    def upsert_unit(self, crawl_id: int, unit: dict) -> None:
        self._upsert_by_key("units", crawl_id, _canonical(dict(unit)))

    def upsert_column(self, crawl_id: int, column: dict) -> None:
        self._upsert_by_key("columns", crawl_id, _canonical(dict(column)))

    def insert_items(self, crawl_id: int, items: Iterable[dict]) -> None:
        self._append("items", (_canonical({"crawl_id": crawl_id, **item}) for item in items))

    def record_text(self, crawl_id: int, url: str, kind: str, text: str) -> None:
        self._run("insert into texts (crawl_id, url, kind, text) values (?, ?, ?, ?)",
                  [crawl_id, canonical_url(url), kind, text])

    def record_document(self, crawl_id: int, document) -> None:
        """Store a read document (crawler.documents.Document): its text goes to `texts`, the
        rest to `documents`. Recording the same URL twice keeps the first reading."""
        url = canonical_url(document.url)
        # `or ignore` on the (crawl_id, url) unique index: a URL read before is not replaced.
        added = self._run(
            "insert or ignore into documents (crawl_id, url, kind, status, note, pages, bytes, sha256,"
            " tables) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [crawl_id, url, document.kind, document.status, document.note or None,
             document.pages, document.bytes, document.sha256 or None,
             _to_json(document.tables_json())]).rowcount
        if added and document.text:
            self.record_text(crawl_id, document.url, document.kind, document.text)

    def copy_document(self, crawl_id: int, from_url: str, to_url: str) -> bool:
        """Record `to_url` as holding the same file as `from_url`, read before in this crawl:
        its documents row and text under the new URL. False when `from_url` has no row."""
        src, dst = canonical_url(from_url), canonical_url(to_url)
        row = self.db.execute("select kind from documents where crawl_id = ? and url = ?",
                              [crawl_id, src]).fetchone()
        if row is None:
            return False
        added = self._run(
            "insert or ignore into documents (crawl_id, url, kind, status, note, pages, bytes,"
            " sha256, tables) select crawl_id, ?, kind, status, note, pages, bytes, sha256,"
            " tables from documents where crawl_id = ? and url = ?", [dst, crawl_id, src]).rowcount
        if added:
            self._run("insert into texts (crawl_id, url, kind, text) select crawl_id, ?, kind,"
                      " text from texts where crawl_id = ? and url = ? and kind = ?",
                      [dst, crawl_id, src, row[0]])
        return True

    def record_message(self, crawl_id: int, url: str, fields: dict) -> None:
        """Merge facts about one 政民互动 message (from its list row or its detail page) into its
        row; fields given as None leave what is stored."""
        fields = {k: v for k, v in fields.items() if v is not None}
        url = canonical_url(url)
        existing = self._id_of("messages", crawl_id, "url", url)
        if existing:
            if fields:
                self.db["messages"].update(existing, fields)
        else:
            self.db["messages"].insert({"crawl_id": crawl_id, "url": url, **fields})

    def record_relations(self, crawl_id: int, relations: Iterable[dict]) -> None:
        """Document ↔ 政策解读 links found on one article (from_url, to_url, relation, text)."""
        self.db["doc_relations"].insert_all((_canonical({"crawl_id": crawl_id, **r})
                                             for r in relations))

    def update_item(self, crawl_id: int, url: str, fields: dict) -> None:
        """Attach article facts to every list entry pointing at `url` (an article may be listed
        in more than one column)."""
        sets = ", ".join(f"[{name}] = ?" for name in fields)
        self._run(f"update items set {sets} where crawl_id = ? and url = ?",
                  [*fields.values(), crawl_id, canonical_url(url)])

    def move_items(self, crawl_id: int, column_key: str, unit_key: str) -> None:
        """The list entries of a column follow it to the unit it was finally placed in."""
        self._run("update items set unit_key = ? where crawl_id = ? and column_key = ?",
                  [unit_key, crawl_id, column_key])

    def _id_of(self, table: str, crawl_id: int, field: str, value: str) -> int | None:
        row = self.db.execute(
            f"select id from [{table}] where crawl_id = ? and [{field}] = ?", [crawl_id, value]
        ).fetchone()
        return row[0] if row else None

    def _upsert_by_key(self, table: str, crawl_id: int, record: dict) -> None:
        self._upsert(table, {"crawl_id": crawl_id, **record}, "key")

    def _upsert(self, table: str, row: dict, key: str) -> None:
        """Insert `row`, or update the fields it gives in the row already stored under the
        (crawl_id, `key`) unique index (its id and other fields kept): one statement, not a
        lookup followed by an insert or an update."""
        shape = ("upsert", table, tuple(row), key)
        sql = self._statements.get(shape)
        if sql is None:
            columns = list(row)
            sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns
                             if c not in ("crawl_id", key))
            action = f"do update set {sets}" if sets else "do nothing"
            sql = self._statements[shape] = self._insert_sql(
                table, columns, f" on conflict (crawl_id, [{key}]) {action}")
        self._run(sql, [v if type(v) in _PLAIN else _sql_value(v) for v in row.values()])

    # -- reading facts ---------------------------------------------------------------------------

    def _insert_many(self, table: str, rows: Iterable[dict],
                     columns: list[str] | None = None) -> None:
        """Insert rows into an existing table with one executemany (tens of thousands of
        findings at national scale; sqlite-utils' insert_all costs ~100 µs a row there).
        Values are stored as insert_all would: dicts, lists and tuples as JSON, dates ISO.
        With `columns` (every key the rows hold), `rows` may be a generator, consumed as it is
        inserted: a row's large values then live only while it is written."""
        if columns is None:
            rows = list(rows)
            columns = list(dict.fromkeys(k for row in rows for k in row))
        if not columns:
            return
        missing = set(columns) - set(self.db[table].columns_dict)
        if missing:  # same refusal as insert_all without alter: never guess a schema change
            raise StoreError(f"表 {table} 没有这些列：{sorted(missing)}")
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        with self.db.atomic():  # committed here, or part of the caller's transaction
            self.db.conn.executemany(
                f"insert into [{table}] ({names}) values ({marks})",
                ([v if type(v) in _PLAIN else _sql_value(v) for v in map(row.get, columns)]
                 for row in rows))

    def _insert_audit_rows(self, table: str, audit_id: int, rows: Iterable[dict],
                           json_column: str) -> None:
        """Insert an audit's rows whose `json_column` (evidence, summary) is JSON, encoded here
        unless already encoded (`EncodedJSON`). Each value is encoded as its row is written,
        not all first: a million-item audit's budget summaries are ~50 MB of JSON, whose
        strings (and the UTF-8 copies SQLite's binding keeps with them) would all be held at
        once (≈ 150 MB of new memory)."""
        rows = list(rows)

        def encoded(row: dict) -> dict:
            value = row.get(json_column)
            return {**row, "audit_id": audit_id, json_column: value if isinstance(
                value, EncodedJSON) else _to_json(value or {})}

        columns = list(dict.fromkeys(k for row in rows for k in ("audit_id", *row, json_column)))
        self._insert_many(table, map(encoded, rows), columns if rows else [])

    def rows(self, table: str, crawl_id: int) -> Iterator[dict]:
        return self.db[table].rows_where("crawl_id = ?", [crawl_id], order_by="id")

    # -- audits and findings (written by the checks) ----------------------------------------------

    def start_audit(self, crawl_id: int, as_of: str, tool_version: str = "",
                    rules_version: str = "") -> int:
        self.crawl(crawl_id)  # raises StoreError for an unknown crawl
        table = self.db["audits"]
        table.insert(
            {
                "crawl_id": crawl_id,
                "as_of": as_of,
                "started_at": now_iso(),
                "status": "running",
                "tool_version": tool_version,
                "rules_version": rules_version,
            }
        )
        return table.last_pk

    def add_findings(self, audit_id: int, findings: Iterable[dict]) -> None:
        """Write findings of an audit still running (the part one check process has ready,
        checks/runner.py); the audit counts only once `finish_audit` has closed it."""
        self._insert_audit_rows("findings", audit_id, findings, "evidence")

    def finish_audit(self, audit_id: int, findings: Iterable[dict], verdict: dict,
                     resolved: Iterable[dict] = (), extra: dict | None = None) -> None:
        """Write the (remaining) findings of an audit and the previous audit's findings it no
        longer has (`resolved`), and close it, in one transaction. `extra`: more audit fields
        (previous_audit_id, waivers)."""
        with self.db.atomic():
            self.db["resolved_findings"].insert_all(
                {"audit_id": audit_id, **{k: r.get(k) for k in RESOLVED_FIELDS},
                 "previous_audit_id": (extra or {}).get("previous_audit_id")}
                for r in resolved
            )
            self.add_findings(audit_id, findings)
            self.db["audits"].update(
                audit_id,
                {
                    "finished_at": now_iso(),
                    "status": "complete",
                    "verdict": json.dumps(verdict, ensure_ascii=False),
                    **{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                       for k, v in (extra or {}).items()},
                },
            )

    def audit(self, audit_id: int) -> dict:
        try:
            row = self.db["audits"].get(audit_id)
        except sqlite_utils.db.NotFoundError as exc:
            raise StoreError(f"数据库中没有编号为 {audit_id} 的检查记录") from exc
        row["verdict"] = json.loads(row["verdict"] or "{}")
        row["waivers"] = json.loads(row.get("waivers") or "null")
        return row

    def latest_audit_id(self, crawl_id: int | None = None) -> int | None:
        return self._latest_id("audits", (COMPLETE,), "crawl_id", crawl_id)

    def _audit_rows(self, table: str, audit_id: int, json_field: str) -> list[dict]:
        """One audit's rows of `table`, in order, with its JSON object field decoded. The
        order is the rows' place in the audit (`seq`: the checks' processes store their rows
        when each is ready, migration m013), then the order they were written in."""
        out = []
        for row in self.db[table].rows_where("audit_id = ?", [audit_id], order_by="seq, id"):
            row[json_field] = json.loads(row[json_field] or "{}")
            out.append(row)
        return out

    def findings(self, audit_id: int) -> list[dict]:
        return self._audit_rows("findings", audit_id, "evidence")

    def record_analyses(self, audit_id: int, analyses: Iterable[dict]) -> None:
        """Store what the checks found inside documents (rows: url, unit_key, kind, year, summary)."""
        self._insert_audit_rows("analyses", audit_id, analyses, "summary")

    def analyses(self, audit_id: int) -> list[dict]:
        return self._audit_rows("analyses", audit_id, "summary")

    def finding_counts(self, audit_ids: Iterable[int]) -> dict[int, dict[tuple[str, str], int]]:
        """Per audit, how many findings it has of each (severity, status)."""
        ids = list(audit_ids)
        counts: dict[int, dict[tuple[str, str], int]] = {a: {} for a in ids}
        if ids:
            for aid, severity, status, n in self.db.execute(
                    f"select audit_id, severity, status, count(*) from findings where audit_id in "
                    f"({','.join('?' * len(ids))}) group by audit_id, severity, status", ids):
                counts[aid][(severity, status)] = n
        return counts

    def finding_sites(self) -> dict[str, str]:
        """Every stored finding fingerprint and the site it was found on."""
        rows = self.db.execute(
            "select distinct f.fingerprint, c.site_url from findings f"
            " join audits a on a.id = f.audit_id join crawls c on c.id = a.crawl_id").fetchall()
        return {fp: site for fp, site in rows}

    def save_ledger_answer(self, answer: dict) -> None:
        """A department's answer to one finding (site_url, fingerprint, its fields); the latest
        import for a site and fingerprint replaces the earlier one."""
        self.db["ledger_answers"].upsert(answer, pk=("site_url", "fingerprint"), alter=False)

    def ledger_answers(self, site_url: str) -> dict[str, dict]:
        """fingerprint → the department's latest answer, for one site."""
        return {row["fingerprint"]: row
                for row in self.db["ledger_answers"].rows_where("site_url = ?", [site_url])}

    def resolved_findings(self, audit_id: int) -> list[dict]:
        """Findings of the previous audit of the same site that this audit no longer has."""
        return list(self.db["resolved_findings"].rows_where("audit_id = ?", [audit_id],
                                                            order_by="id"))

    def audit_sites(self, before: int | None = None) -> list[tuple[int, str]]:
        """(audit id, crawled site URL) of complete audits, newest first; only ids < `before`
        when given."""
        where, args = "a.status = 'complete'", []
        if before is not None:
            where += " and a.id < ?"
            args.append(before)
        return [tuple(r) for r in self.db.execute(
            f"select a.id, c.site_url from audits a join crawls c on c.id = a.crawl_id"
            f" where {where} order by a.id desc", args).fetchall()]

    def fingerprints(self, audit_ids: Iterable[int]) -> set[str]:
        ids = list(audit_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self.db.execute(
            f"select distinct fingerprint from findings where audit_id in ({marks})", ids)}
