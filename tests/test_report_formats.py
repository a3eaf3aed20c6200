"""The other report formats: XLSX 整改台账, CSV, SARIF 2.1.0 and JUnit XML.

Each is validated against its real schema (vendored under tests/schemas/) or re-read with the
library a user would open it with, and every text cell that came from a crawled page is checked
to be inert (no formula runs when the ledger or CSV is opened).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from lxml import etree

from reports import workdays
from reports.cells import neutralise
from reports.formats import ALL_FORMATS, FormatError, parse_formats, write_formats
from reports.ledger_rows import HEADERS, MAIN_SHEET, PENDING_SHEET
from tests.store_builder import SiteBuilder, days_ago

SCHEMAS = Path(__file__).parent / "schemas"
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
JUNIT_XSD = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))
EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formats")
    site = SiteBuilder(tmp / "g.db", homepage_date=days_ago(20))
    site.compliant_unit("/xxgk/czj/", "县财政局", skip=("budget",))
    # a replica-like hostile column title: it reaches the 栏目 cell and the message text
    site.column("/xxgk/czj/", EVIL, key="/xxgk/czj/tzgg/", category="notices")
    site.unit("/xxgk/zz/", "某镇人民政府", "town", status=None, error="timeout")
    audit_id, findings = site.audit()
    paths = write_formats(site.store, audit_id, tmp / "out", ALL_FORMATS)
    return paths, findings


def test_all_formats_written(written):
    paths, _ = written
    assert set(paths) == set(ALL_FORMATS)
    assert all(p.exists() and p.stat().st_size > 0 for p in paths.values())
    assert paths["html"].name == "index.html" and paths["json"].name == "findings.json"


def test_xlsx_ledger_has_one_row_per_finding(written):
    paths, findings = written
    wb = openpyxl.load_workbook(paths["xlsx"])
    ws = wb.active
    assert wb.sheetnames == [MAIN_SHEET, PENDING_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    pending = list(wb[PENDING_SHEET].iter_rows(values_only=True))
    assert rows[0] == HEADERS and pending[0] == HEADERS
    assert len(rows) - 1 + len(pending) - 1 == len(findings)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["D"].width >= 40  # 问题 is readable without resizing
    by_fp = {r[HEADERS.index("指纹")]: dict(zip(HEADERS, r)) for r in rows[1:] + pending[1:]}
    assert set(by_fp) == {f["fingerprint"] for f in findings}
    for f in findings:
        row = by_fp[f["fingerprint"]]
        assert row["规则编号"] == f["rule"]
        assert row["发现日期"] == "2026-11-27"
        # 20 PRC working days after Friday 2026-11-27: four full weeks, no holiday in between;
        # 未能核验 is not a gap the unit made: no deadline, and on its own sheet.
        if f["status"] == "unverified":
            assert row["整改期限"] is None and row["状态"] == "未能核验"
        else:
            assert row["整改期限"] == "2026-12-25" and row["状态"] == "待整改"
    assert {r[HEADERS.index("状态")] for r in rows[1:]} == {"待整改"}
    assert {r[HEADERS.index("状态")] for r in pending[1:]} == {"未能核验"}
    assert [r[0] for r in rows[1:]] == list(range(1, len(rows)))  # 序号


def test_xlsx_neutralises_formulas_from_crawled_text(written):
    paths, _ = written
    ws = openpyxl.load_workbook(paths["xlsx"]).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    # no formula cell anywhere: text everywhere, only 序号 (column A) is a number
    assert all(c.data_type == "s" for c in cells if c.column != 1)
    assert all(c.data_type == "n" for c in cells if c.column == 1)
    assert all(not str(c.value).startswith(("=", "+", "-", "@")) for c in cells)
    column_cells = [c.value for c in ws["C"][1:] if c.value]
    assert "'" + EVIL in column_cells


def test_csv_has_bom_and_neutralised_rows(written):
    paths, findings = written
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with paths["csv"].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) - 1 == len(findings)
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r)
    assert "'" + EVIL in [r[2] for r in rows]


def test_neutralise():
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(bad) == "'" + bad
    assert neutralise("县财政局") == "县财政局"
    assert neutralise("") == "" and neutralise(None) is None and neutralise(3) == 3


def test_sarif_validates_against_the_official_schema(written):
    paths, _ = written
    doc = json.loads(paths["sarif"].read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)
    assert doc["version"] == "2.1.0"


def test_sarif_rules_and_results(written):
    paths, findings = written
    run = json.loads(paths["sarif"].read_text(encoding="utf-8"))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"column.missing", "homepage.stale", "audit.unverified"} <= set(rules)
    assert rules["column.empty"]["helpUri"].startswith("http")
    assert rules["homepage.stale"]["properties"]["severity"] == "veto"
    assert rules["column.empty"]["shortDescription"]["text"] == "空白栏目"
    results = {r["partialFingerprints"]["govaudit/v1"]: r for r in run["results"]}
    assert len(results) == len(findings)
    levels = {"veto": "error", "major": "error", "minor": "warning", "info": "note"}
    for f in findings:
        r = results[f["fingerprint"]]
        assert r["ruleId"] == f["rule"]
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == f["rule"]
        assert r["message"]["text"] == f["message"]
        if f["status"] == "unverified":
            assert (r["kind"], r["level"]) == ("review", "none")
        else:
            assert r["level"] == levels[f["severity"]]
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == f["url"]


def test_junit_validates_against_the_jenkins_xsd(written):
    paths, _ = written
    doc = etree.parse(str(paths["junit"]))
    assert JUNIT_XSD.validate(doc), JUNIT_XSD.error_log


def test_junit_suites_cases_failures_and_skips(written):
    paths, findings = written
    root = etree.parse(str(paths["junit"])).getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert {"县财政局", "某镇人民政府", "示例县人民政府（全站）"} <= set(suites)
    czj = suites["县财政局"]
    cases = {c.get("name").split()[0]: c for c in czj.findall("testcase")}
    assert cases["column.empty"].find("failure") is not None
    assert cases["column.stale"].find("failure") is None  # a rule that found nothing passes
    assert czj.get("failures") == "2" and czj.get("tests") == str(len(cases))
    town = {c.get("name").split()[0]: c for c in suites["某镇人民政府"].findall("testcase")}
    assert town["audit.unverified"].find("skipped") is not None
    assert town["audit.unverified"].find("failure") is None
    failures = root.findall(".//failure")
    assert len(failures) == sum(1 for f in findings if f["status"] == "fail")
    # the hostile title is carried as text, escaped by the serialiser
    assert any(EVIL in (f.get("message") or "") for f in failures)


def test_junit_drops_characters_xml_cannot_carry():
    from reports.junit import xml_text

    assert xml_text("a\x00b\x0bc\td") == "abc\td"


def test_parse_formats():
    assert parse_formats("xlsx, html") == ("html", "xlsx")
    assert parse_formats(None) == ("html", "json", "xlsx")
    with pytest.raises(FormatError):
        parse_formats("html,pdf")
    with pytest.raises(FormatError):
        parse_formats(" , ")


def test_rectify_deadline_follows_the_prc_calendar():
    # 2026-09-30 + 5 working days: 国庆 1–7 October off, 10 October (Saturday) is 调休 work
    day, estimated = workdays.rectify_deadline(dt.date(2026, 9, 30), 5)
    assert not estimated
    assert day == dt.date(2026, 10, 13)


def test_rectify_deadline_falls_back_to_monday_to_friday():
    # 2099 is beyond any published calendar: count Monday–Friday and say it was estimated.
    day, estimated = workdays.rectify_deadline(dt.date(2099, 1, 2), 5)  # a Friday
    assert (day, estimated) == (dt.date(2099, 1, 9), True)


def test_waived_findings_are_kept_but_never_fail(written, tmp_path):
    from reports.junit import build_junit
    from reports.ledger_rows import ledger_rows
    from reports.load import AuditData
    from reports.sarif import build_sarif

    _, findings = written
    waived = [dict(f, status="waived", evidence={"waiver_reason": "栏目整合中"})
              if f["rule"] == "column.empty" else f for f in findings]
    data = AuditData(audit={"as_of": "2026-11-27", "verdict": {}},
                     crawl={"id": 1, "site_url": "http://127.0.0.1:8000/", "site_name": "示例县"},
                     units=(), site_findings=tuple(waived), findings=tuple(waived))
    assert "已豁免" in [r[HEADERS.index("状态")] for r in ledger_rows(data)]
    doc = build_sarif(data)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(doc)
    suppressed = [r for r in doc["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["column.empty"]
    root = build_junit(data)
    assert JUNIT_XSD.validate(etree.ElementTree(root)), JUNIT_XSD.error_log
    case = next(c for c in root.iter("testcase") if c.get("name").startswith("column.empty"))
    assert case.find("failure") is None and case.find("skipped") is not None
