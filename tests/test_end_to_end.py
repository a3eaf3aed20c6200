"""End-to-end: audit the replica portal and compare the findings with its ground truth."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import sqlite_utils
from bs4 import BeautifulSoup

from govaudit.groundtruth import compare

from .conftest import AS_OF, run_govaudit

SCHEMA = Path(__file__).parent.parent / "reports" / "schema" / "findings.schema.json"


def load(out: Path) -> tuple[dict, dict]:
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return findings, manifest


def describe(items: list[dict]) -> str:
    return "\n".join(json.dumps(i, ensure_ascii=False)[:300] for i in items)


def test_demo_finds_every_planted_defect_and_nothing_else(demo_run):
    out, _ = demo_run
    findings, manifest = load(out)
    assert manifest["defects"], "the replica must plant defects"
    result = compare(findings["findings"], manifest)
    assert not result.missed, "planted defects not found:\n" + describe(result.missed)
    assert not result.unexpected, "findings outside the manifest:\n" + describe(result.unexpected)


def test_demo_covers_every_kind_of_planted_defect(demo_run):
    out, _ = demo_run
    _, manifest = load(out)
    kinds = {d["rule"] for d in manifest["defects"]}
    expected = {"column.missing", "column.empty", "column.stale", "link.broken",
                "annual-report.missing", "annual-report.late", "privacy.exposed",
                "guide.incomplete", "guide.outdated", "platform.structure", "content.serious-error",
                "interpretation.missing", "interpretation.late", "document.unreadable",
                "budget.missing", "budget.tables-missing", "budget.sangong-incomplete",
                "budget.mismatch", "budget.narrative-incomplete", "annual-report.residue"}
    assert expected <= kinds


def test_letters_and_interpretations_on_time_keep_the_demo_free_of_ws_v5(demo_run):
    out, _ = demo_run
    findings, _ = load(out)
    counts = findings["verdict"]["counts"]
    assert counts["unanswered_messages"] == 0 and counts["no_channel"] == 0


def test_findings_json_follows_the_published_schema(demo_run):
    out, _ = demo_run
    findings, _ = load(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(findings, schema)
    assert findings["as_of"] == AS_OF
    assert findings["site"]["name"] == "示例县人民政府"


def test_every_replica_column_is_mapped_to_its_manifest_category(demo_run):
    out, _ = demo_run
    _, manifest = load(out)
    db = sqlite_utils.Database(out / "govaudit.db")
    crawl_id = db.execute("select max(id) from crawls").fetchone()[0]
    stored = {
        urlsplit(row["url"]).path: row
        for row in db["columns"].rows_where("crawl_id = ?", [crawl_id])
    }
    wrong = []
    for column in manifest["columns"]:
        if column["role"] != "column":
            continue
        row = stored.get(column["path"])
        if row is None or row["category"] != column["category"]:
            wrong.append((column["path"], column["name"], column["category"],
                          row and row["category"]))
    assert not wrong, f"columns missing or misclassified: {wrong}"


def test_demo_prints_summary_and_writes_a_browsable_report(demo_run):
    out, proc = demo_run
    assert "预置问题" in proc.stdout and "遗漏 0 项" in proc.stdout
    index = out / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "lxml")
    assert "示例县人民政府" in soup.get_text()
    # Every per-unit page linked from the overview exists on disk (the report opens offline).
    links = [a["href"] for a in soup.find_all("a", href=True) if a["href"].startswith("units/")]
    assert links
    for href in links:
        assert (out / href).exists(), href


def test_veto_switches_are_found_and_veto_the_site(tmp_path):
    """--stale-homepage (WS-V3) and --unanswered-letter (WS-V5) in one run."""
    proc = run_govaudit("demo", "--out", str(tmp_path), "--as-of", AS_OF, "--quiet",
                        "--stale-homepage", "--unanswered-letter")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    findings, manifest = load(tmp_path)
    result = compare(findings["findings"], manifest)
    assert any(d["rule"] == "homepage.stale" for d in result.found)
    assert not result.missed and not result.unexpected, describe(result.missed + result.unexpected)
    assert findings["verdict"]["qualified"] is False
    assert "homepage.stale" in findings["verdict"]["vetoes"]
    assert any(d["rule"] == "interaction.unanswered" for d in result.found)
    assert "interaction.unanswered" in findings["verdict"]["vetoes"]
    assert findings["verdict"]["counts"]["unanswered_messages"] == 1
    counts = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "lxml")
    row = next(tr for tr in counts.select("#verdict table.counts tr") if "未回复的留言" in tr.get_text())
    assert [td.get_text(strip=True) for td in row.find_all("td")] == ["超过3个月未回复的留言", "1", "1"]


def test_a_portal_without_any_consultation_channel_is_vetoed(tmp_path):
    """--no-channel: no 政民互动 column and no link to one (WS-V5), found once for the site and
    nothing else changes (column.missing does not repeat it: the column is not required)."""
    proc = run_govaudit("demo", "--out", str(tmp_path), "--as-of", AS_OF, "--quiet", "--no-channel")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    findings, manifest = load(tmp_path)
    result = compare(findings["findings"], manifest)
    assert not result.missed and not result.unexpected, describe(result.missed + result.unexpected)
    [f] = [f for f in findings["findings"] if f["rule"] == "interaction.no-channel"]
    assert f["status"] == "fail" and f["unit"] == "示例县人民政府"
    assert findings["verdict"]["qualified"] is False
    assert findings["verdict"]["vetoes"] == ["interaction.no-channel"]
    assert not [f for f in findings["findings"] if f["rule"] == "interaction.unanswered"]


def test_annual_report_deadline_boundary(demo_run):
    # A department's report is due 1月31日: the one published that day is on time, the one
    # published on 2月1日 is late by one day (both planted in the replica).
    out, _ = demo_run
    findings, manifest = load(out)
    late = [f for f in findings["findings"] if f["rule"] == "annual-report.late"]
    paths = {urlsplit(f.get("url") or "").path for f in late}
    planted = {d["url_path"] for d in manifest["defects"] if d["rule"] == "annual-report.late"}
    assert planted and planted == paths
    by_date = {urlsplit(f["url"]).path for f in late if f["evidence"]["decided_by"] == "published"}
    assert by_date and all(p.split("/t")[-1].startswith("2026020") for p in by_date)  # 2月1日
    # The report listed before the deadline but signed after it is late by its 落款.
    [signed] = [f for f in late if f["evidence"]["decided_by"] == "signed"]
    assert signed["evidence"]["published"] < signed["evidence"]["deadline"] < signed["evidence"]["signed"]
    on_deadline = [i["path"] for c in manifest["columns"] if "/zrzyj/" in c["path"]
                   and c["category"] == "annual-report" for i in c["items"]
                   if i["pub_date"].startswith("2026-01-31")]
    assert on_deadline and not any("/zrzyj/" in (f.get("url") or "") for f in late)


def test_every_evidence_key_of_the_demo_has_the_label_its_rule_declares(demo_run):
    # The report names evidence only through the pack's evidence_labels; a key without one would
    # show as its bare English name.
    from checks.api import evidence_labels

    out, _ = demo_run
    findings, _ = load(out)
    unlabelled = {(f["rule"], key) for f in findings["findings"] for key in f.get("evidence") or {}
                  if not key.startswith("waiver_") and key not in ("searched_pages", "candidates")
                  and key not in evidence_labels(f["rule"])}
    assert not unlabelled
