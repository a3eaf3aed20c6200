"""Unfinished runs are never judged as if they were whole (issue 14, issue 16).

A crawl capped by --max-pages, stopped with Ctrl-C or killed, and a check killed midway: the
CLI says so in its last line, `check`/`report`/`audit` refuse them (exit 2, Chinese message)
unless `--allow-unfinished` is given, and then every report page says so in its header.
Also: `check --db typo.db` does not create a database, a broken database file ends with a
message and exit 2, and a report that fails midway leaves the previous report whole.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from ground.store import Store
from tests.conftest import AS_OF, run_govaudit
from tests.loopback import PortalHandler, serve
from tests.test_crawl_errors import PAGES


class Slow(PortalHandler):
    delay = 0.0

    def do_GET(self):  # noqa: N802 - stdlib name
        time.sleep(Slow.delay)
        path = self.path.split("?")[0]
        if path not in PAGES:
            return self.answer(404, "<html><title>404</title>页面不存在</html>")
        return self.answer(200, PAGES[path])


@pytest.fixture(scope="module")
def portal():
    with serve(Slow) as url:
        yield url


@pytest.fixture(scope="module")
def capped(portal, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("capped")
    db = tmp / "a.db"
    proc = run_govaudit("crawl", portal, "--db", str(db), "--max-pages", "3", "--quiet",
                        "--allow-private")
    return tmp, db, proc


def test_a_capped_crawl_says_so_and_is_stored_as_capped(capped):
    _, db, proc = capped
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert "抓取完成" not in last and "抓取未完成" in last and "页面上限" in last
    store = Store(db)
    try:
        assert store.crawl(1)["status"] == "capped"
    finally:
        store.close()


def test_check_and_report_refuse_an_unfinished_crawl_unless_asked(capped):
    tmp, db, _ = capped
    refused = run_govaudit("check", "--db", str(db), "--crawl", "1", "--as-of", AS_OF)
    assert refused.returncode == 2 and "--allow-unfinished" in refused.stderr, refused.stderr
    assert "页面上限" in refused.stderr
    allowed = run_govaudit("check", "--db", str(db), "--crawl", "1", "--as-of", AS_OF,
                           "--allow-unfinished")
    assert allowed.returncode in (0, 1), allowed.stderr
    refused = run_govaudit("report", "--db", str(db), "--out", str(tmp / "r"))
    assert refused.returncode == 2 and "--allow-unfinished" in refused.stderr
    assert not (tmp / "r" / "index.html").exists()
    shown = run_govaudit("report", "--db", str(db), "--out", str(tmp / "r"), "--allow-unfinished")
    assert shown.returncode in (0, 1), shown.stderr
    pages = [tmp / "r" / "index.html", *sorted((tmp / "r" / "units").glob("*.html"))]
    assert len(pages) > 1
    for page in pages:
        assert "本报告基于未完成的运行" in page.read_text(encoding="utf-8"), page


def test_audit_with_a_page_cap_does_not_judge_what_it_did_not_reach(portal, tmp_path):
    proc = run_govaudit("audit", portal, "--db", str(tmp_path / "a.db"), "--out",
                        str(tmp_path / "r"), "--as-of", AS_OF, "--max-pages", "3", "--quiet",
                        "--allow-private")
    assert proc.returncode == 2 and "--allow-unfinished" in proc.stderr, proc.stdout + proc.stderr
    assert "合格" not in proc.stdout
    assert not (tmp_path / "r" / "index.html").exists()


def test_a_killed_crawl_and_a_killed_check_are_refused(tmp_path):
    db = tmp_path / "k.db"
    store = Store(db)
    try:
        crawl_id = store.start_crawl("http://127.0.0.1:9/")  # killed: still `running`
        audit_id = store.start_audit(crawl_id, AS_OF)  # killed mid-check
    finally:
        store.close()
    proc = run_govaudit("check", "--db", str(db), "--crawl", str(crawl_id), "--as-of", AS_OF)
    assert proc.returncode == 2 and "仍在运行或进程已被终止" in proc.stderr, proc.stderr
    proc = run_govaudit("report", "--db", str(db), "--audit", str(audit_id), "--out",
                        str(tmp_path / "r"))
    assert proc.returncode == 2 and f"检查结果 #{audit_id} 未完成" in proc.stderr, proc.stderr


def _wait_for_crawl_row(db, timeout: float = 120) -> None:
    """Until the crawl has written its row (the process is past startup and crawling)."""
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    if conn.execute("select count(*) from pages").fetchone()[0]:
                        return
            except sqlite3.Error:
                pass  # not created yet
        time.sleep(0.2)


def test_ctrl_c_stops_the_crawl_with_an_honest_line(portal, tmp_path):
    Slow.delay = 0.4
    try:
        proc = subprocess.Popen([sys.executable, "-m", "govaudit", "crawl", portal, "--db",
                                 str(tmp_path / "c.db"), "--quiet", "--allow-private"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _wait_for_crawl_row(tmp_path / "c.db")  # on a loaded machine startup takes a while
        time.sleep(1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        Slow.delay = 0.0
    assert "抓取完成" not in out, out + err
    store = Store(tmp_path / "c.db")
    try:
        assert store.crawl(1)["status"] == "stopped", store.crawl(1)
    finally:
        store.close()
    assert "抓取未完成" in out or proc.returncode == 130, out + err


def test_a_misspelt_database_is_not_created(tmp_path):
    for command in (("check",), ("report", "--out", str(tmp_path / "r"))):
        proc = run_govaudit(*command, "--db", str(tmp_path / "typo.db"))
        assert proc.returncode == 2 and "数据库文件不存在" in proc.stderr, proc.stderr
        assert not (tmp_path / "typo.db").exists()


def test_a_broken_database_file_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    proc = run_govaudit("check", "--db", str(bad), "--as-of", AS_OF)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "数据库" in proc.stderr


def test_a_report_that_fails_midway_leaves_the_previous_one_whole(tmp_path, monkeypatch):
    from reports import formats
    from tests.store_builder import SiteBuilder

    site = SiteBuilder(tmp_path / "s.db")
    site.column(None, "通知公告", key="/tzgg/", category="notices")
    audit_id, _ = site.audit()
    out = tmp_path / "report"
    formats.write_formats(site.store, audit_id, out, ("html", "json"))
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("killed midway")

    monkeypatch.setitem(formats.WRITERS, "json", broken)
    with pytest.raises(RuntimeError):
        formats.write_formats(site.store, audit_id, out, ("html", "json"))
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if ".writing-" in p.name] == []
