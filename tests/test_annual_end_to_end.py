"""End-to-end on the replica: every annual report the crawl could read is analysed, and every
table cell of it equals the manifest's (the ground truth the generator wrote)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlite_utils


def _analyses(out):
    db = sqlite_utils.Database(out / "govaudit.db")
    audit_id = db.execute("select max(id) from audits").fetchone()[0]
    rows = db["analyses"].rows_where("audit_id = ? and kind = 'annual-report'", [audit_id])
    return {urlsplit(r["url"]).path: {**r, "summary": json.loads(r["summary"])} for r in rows}


def test_every_report_is_read_back_cell_by_cell(demo_run):
    out, _ = demo_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    analyses = _analyses(out)
    reports = manifest["annual_reports"]
    from replica.annual_reports import cjk_font

    # Without a Chinese font the old-format report is published as a web page instead.
    assert {r["format"] for r in reports} == {"html", "docx"} | ({"pdf"} if cjk_font() else set())
    assert {r["template"] for r in reports} == {"old", "2019", "2021"}
    checked = 0
    for r in reports:
        row = analyses.get(r["path"])
        assert row is not None, f"report not analysed: {r['path']}"
        s = row["summary"]
        assert row["year"] == r["year"]
        assert s["status"] == "ok", (r["path"], s)
        assert urlsplit(s["document_url"]).path == r["document"]
        assert s["template"] == r["template"], r["path"]
        assert s["signed"] == r["signed"]
        if r["template"] == "old":
            assert s["figures"]["licences"]["value"] == r["figures"]["licences"]
            assert s["figures"]["applications"]["value"] == r["figures"]["applications"]
        else:
            assert s["tables"] == r["cells"], r["path"]
        checked += 1
    assert checked == len(reports)
