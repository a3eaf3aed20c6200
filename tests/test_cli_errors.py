"""Bad input gets a clear Chinese message and exit code 2, and loses nothing already stored."""

from __future__ import annotations

import sqlite_utils

from .conftest import run_govaudit


def test_malformed_url_is_refused(tmp_path):
    proc = run_govaudit("audit", "not a url", "--db", str(tmp_path / "a.db"), "--out",
                        str(tmp_path / "r"))
    assert proc.returncode == 2
    assert "网址格式不正确" in proc.stderr


def test_bad_date_is_refused(tmp_path):
    proc = run_govaudit("audit", "http://127.0.0.1:1/", "--as-of", "2026-13-45",
                        "--db", str(tmp_path / "a.db"), "--out", str(tmp_path / "r"))
    assert proc.returncode == 2
    assert "日期格式不正确" in proc.stderr


def test_unwritable_output_folder_is_refused_before_crawling(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_govaudit("audit", "http://127.0.0.1:1/", "--db", str(tmp_path / "a.db"),
                        "--out", str(blocker / "sub"))
    assert proc.returncode == 2
    assert "输出目录无法写入" in proc.stderr
    assert not (tmp_path / "a.db").exists() or not sqlite_utils.Database(
        tmp_path / "a.db")["crawls"].count


def test_unreachable_site_exits_2_and_keeps_the_crawl_record(tmp_path):
    db = tmp_path / "a.db"
    proc = run_govaudit("crawl", "http://127.0.0.1:1/", "--db", str(db), "--quiet",
                        "--allow-private")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "无法访问站点" in proc.stderr
    rows = list(sqlite_utils.Database(db)["crawls"].rows)
    assert len(rows) == 1


def test_check_on_an_empty_database_explains_what_to_do(tmp_path):
    proc = run_govaudit("check", "--db", str(tmp_path / "empty.db"))
    assert proc.returncode == 2
    assert "govaudit crawl" in proc.stderr


def test_unknown_crawl_id_is_refused(tmp_path):
    from ground.store import Store

    Store(tmp_path / "empty.db").close()  # an existing, empty store (a missing one is refused)
    proc = run_govaudit("check", "--db", str(tmp_path / "empty.db"), "--crawl", "42")
    assert proc.returncode == 2
    assert "42" in proc.stderr
