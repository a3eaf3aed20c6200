"""Unfinished runs and database trouble, for the command line.

A crawl stopped with Ctrl-C, capped by --max-pages, killed or still running saw only part of
the site; judging it reports every column it did not reach as missing. So `check`, `report`
and `audit` refuse such a crawl (or an audit that did not finish) with exit 2 and a Chinese
message, unless `--allow-unfinished` is given; then every report page says so in its header
(reports.context.site_context reads `unfinished_note`). `crawl` itself ends with an honest
line: 抓取完成 only when the crawl was complete.

Database errors (read-only file, full disk, malformed file) end with a message and exit 2; rows
the failed command left `running` are closed as `failed`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from ground.store import (COMPLETE, STATUS_TEXT, Store, database_message,  # noqa: F401
                          status_text)

allow_unfinished_option = click.option(
    "--allow-unfinished", is_flag=True, default=False,
    help="允许检查或报告未完成的抓取/检查（报告每页页首标明“基于未完成的抓取”）")


def crawl_end_line(crawl: dict, db: str) -> str:
    """The last line `crawl` prints: 抓取完成 only for a complete crawl."""
    pages = crawl.get("pages_fetched") or 0
    if crawl.get("status") == COMPLETE:
        return f"抓取完成：记录 #{crawl['id']}，共 {pages} 个页面，数据库 {db}"
    return (f"抓取未完成：记录 #{crawl['id']} {status_text(crawl)}，已保存 {pages} 个页面，"
            f"数据库 {db}。未抓取的部分不能据以判断栏目缺失或不更新；可加 --resume 续抓，"
            "或在 check/report 时加 --allow-unfinished 查看已抓取部分")


def unfinished_crawl(store: Store, crawl_id: int) -> str | None:
    """Why this crawl may not be judged without being asked, or None when it is complete."""
    crawl = store.crawl(crawl_id)
    if crawl.get("status") == COMPLETE:
        return None
    return f"抓取记录 #{crawl_id} {status_text(crawl)}"


def unfinished_audit(store: Store, audit_id: int) -> str | None:
    """Why this audit's report would not show a finished check of a finished crawl."""
    audit = store.audit(audit_id)
    if audit.get("status") != COMPLETE:
        return f"检查结果 #{audit_id} 未完成（{STATUS_TEXT.get(audit.get('status'), audit.get('status'))}）"
    return unfinished_crawl(store, audit["crawl_id"])


def refusal(reason: str, what: str) -> str:
    return (f"{reason}，{what}会把未读到的部分当作缺失，已拒绝。"
            "请重新完整抓取（或 --resume 续抓）；如确需基于已抓取部分生成，请加 --allow-unfinished")


def close_running(db: str | None) -> None:
    """Best effort after a database error: no audit row left `running` (an audit runs inside
    one command, so a `running` one after an error is ours). A crawl closes its own row
    (crawler.run), and one killed outright is closed by the next --resume."""
    if not db or not Path(db).exists():
        return
    try:
        conn = sqlite3.connect(db, timeout=2)
        try:
            with conn:
                conn.execute("update audits set status = 'failed' where status = 'running'")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the file is unwritable or broken: the message already says so


def missing_db(db: str) -> str | None:
    """`check` and `report` read a database: a misspelt path must not create an empty one."""
    if Path(db).exists():
        return None
    return f"数据库文件不存在：{db}（请检查 --db 路径，或先运行 govaudit crawl）"


def home_failure(store: Store, crawl_id: int) -> str | None:
    """Why the crawl's homepage gave nothing to judge (HTTP error, no answer), or None."""
    home = store.home_page(crawl_id)
    if home is not None and home.get("status") is not None and home["status"] < 400:
        return None
    if home is None:
        return "无响应"
    return home.get("error") or (f"HTTP {home['status']}" if home.get("status") else "无响应")
