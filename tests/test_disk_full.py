"""A full disk and a read-only disk: `govaudit check` on a store it cannot write ends with a
Chinese message and exit 2, and the crawl it was to judge is untouched.

The disk is a real one: a tiny tmpfs mounted for the test (root, as on the project's machines
and in CI); where mounting is not permitted the test says so and is skipped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.store_builder import AS_OF, SiteBuilder


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    size_kb = 1024  # room for the store; the test fills the rest
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k",
                           f"govaudit-{uuid.uuid4().hex[:8]}", str(mount)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"mount refused here: {proc.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _crawl(path: Path) -> int:
    site = SiteBuilder(path)
    for n in range(40):  # enough units that their findings outgrow the disk
        site.unit(f"/bm/u{n}/", f"示例县第{n}号局")
    crawl_id = site.finish()
    site.store.close()
    return crawl_id


def test_a_full_disk_is_a_message_and_exit_2_and_the_crawl_survives(tiny_disk, tmp_path):
    built = tmp_path / "built.db"
    crawl_id = _crawl(built)
    con = sqlite3.connect(built)
    con.execute("PRAGMA journal_mode=DELETE")  # one file to copy
    con.close()
    db = tiny_disk / "audit.db"
    try:
        shutil.copy(built, db)
    except OSError:
        pytest.skip("the test store does not fit the tiny disk")
    # Fill what is left so the first findings cannot be written.
    fh = open(tiny_disk / "ballast", "wb", buffering=0)
    try:
        while True:
            fh.write(b"\0" * 4096)
    except OSError:
        pass
    finally:
        try:
            fh.close()
        except OSError:
            pass
    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", "--db", str(db),
                           "--crawl", str(crawl_id), "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "磁盘空间不足" in proc.stderr
    assert "Traceback" not in proc.stderr
    (tiny_disk / "ballast").unlink()
    rows = sqlite3.connect(db).execute("select status from crawls where id = ?",
                                       [crawl_id]).fetchall()
    assert rows == [("complete",)]
    running = sqlite3.connect(db).execute(
        "select count(*) from audits where status = 'running'").fetchone()[0]
    assert running == 0


def test_a_read_only_disk_is_a_message_and_exit_2(tiny_disk, tmp_path):
    built = tmp_path / "built.db"
    crawl_id = _crawl(built)
    con = sqlite3.connect(built)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    db = tiny_disk / "audit.db"
    shutil.copy(built, db)
    remount = subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)],
                             capture_output=True, text=True)
    if remount.returncode != 0:
        pytest.skip(f"remount refused here: {remount.stderr.strip()}")
    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", "--db", str(db),
                           "--crawl", str(crawl_id), "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "只读" in proc.stderr and "Traceback" not in proc.stderr
    assert sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
        "select status from crawls where id = ?", [crawl_id]).fetchall() == [("complete",)]
