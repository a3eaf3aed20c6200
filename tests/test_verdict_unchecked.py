"""A site whose homepage could not be read was not checked: the verdict is 未能检查 in the CLI,
the HTML report and findings.json alike, never 合格 (nothing was shown to pass)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from tests.store_builder import AS_OF, BASE, SiteBuilder


def _run(*args):
    return subprocess.run([sys.executable, "-m", "govaudit", *args], capture_output=True,
                          text=True, timeout=300)


def test_an_unreadable_homepage_is_not_checked_anywhere(tmp_path):
    db = tmp_path / "audit.db"
    site = SiteBuilder(db)
    site.compliant_unit("/bm/jyj/", "示例县教育局")
    crawl_id = site.finish()
    site.store.close()
    with sqlite3.connect(db) as con:  # the homepage timed out
        con.execute("update pages set status = NULL, error = 'timeout' where url = ?",
                    [BASE + "/"])
    checked = _run("check", "--db", str(db), "--crawl", str(crawl_id), "--as-of",
                   AS_OF.isoformat())
    assert checked.returncode in (0, 1), checked.stderr
    assert "未能检查" in checked.stdout and "网站总体结论：合格" not in checked.stdout
    out = tmp_path / "report"
    reported = _run("report", "--db", str(db), "--out", str(out), "--format", "html,json")
    assert reported.returncode in (0, 1), reported.stderr
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert data["verdict"]["statement"]["word"] == "未能检查"
    assert "未能检查" in (out / "index.html").read_text(encoding="utf-8")
