"""End-to-end lifecycle: demo the replica, then demo its repaired (`--fixed`) variant into the
same database; the repaired defects are resolved, the added one is new, the rest persist."""

from __future__ import annotations

import json
import sqlite3

from govaudit.groundtruth import compare

from .conftest import AS_OF, run_govaudit


def test_fixed_replica_resolves_repairs_and_reports_the_new_defect(tmp_path):
    plain = run_govaudit("demo", "--out", str(tmp_path), "--as-of", AS_OF, "--quiet",
                         "--fail-on-new")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    findings = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert compare(findings, manifest).exact  # the plain variant stays exact
    plain_defects = {d["detail"] + d["unit"] for d in manifest["defects"]}

    fixed = run_govaudit("demo", "--out", str(tmp_path), "--as-of", AS_OF, "--quiet", "--fixed",
                         "--fail-on-new")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "新增或复现" in fixed.stderr
    fixed_manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert fixed_manifest["switches"]["fixed"] is True
    fixed_findings = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert compare(fixed_findings, fixed_manifest).exact

    db = sqlite3.connect(tmp_path / "govaudit.db")
    db.row_factory = sqlite3.Row
    audit = db.execute("select id, previous_audit_id from audits order by id desc").fetchone()
    assert audit["previous_audit_id"] == audit["id"] - 1
    rows = db.execute("select rule, unit_name, lifecycle from findings where audit_id = ?",
                      [audit["id"]]).fetchall()
    new = {(r["rule"], r["unit_name"]) for r in rows if r["lifecycle"] == "new"}
    assert new == {("column.stale", "示例县人力资源和社会保障局")}
    assert {r["lifecycle"] for r in rows} == {"new", "persisting"}
    resolved = {(r["rule"], r["unit_name"]) for r in db.execute(
        "select rule, unit_name from resolved_findings where audit_id = ?", [audit["id"]])}
    assert resolved == {("column.empty", "示例县财政局"), ("column.missing", "示例县西川乡人民政府")}
    assert len(rows) == len(findings) - 2 + 1
    assert len(plain_defects) == len(manifest["defects"])

    diff = run_govaudit("diff", "--db", str(tmp_path / "govaudit.db"))
    assert diff.returncode == 0, diff.stderr
    assert "已整改：2 项" in diff.stdout and "新增：1 项" in diff.stdout
