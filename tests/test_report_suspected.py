"""Status `suspected` (疑似, content.serious-error) in every output: shown for human review in
its own place, never counted as a problem, in the verdict or in a failing build."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup
from lxml import etree

from govaudit.cli import summarize
from reports.formats import ALL_FORMATS, write_formats
from reports.gate import audit_failures
from tests.store_builder import SiteBuilder, by_rule, days_ago

SCHEMAS = Path(__file__).parent / "schemas"
FINDINGS_SCHEMA = Path(__file__).parent.parent / "reports" / "schema" / "findings.schema.json"


def test_suspected_finding_in_every_format(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/tjj/", "县统计局")
    col = site.column("/xxgk/tjj/", "统计信息", key="/xxgk/tjj/tjxx/", category="statistics",
                      items=[{"title": "2026年10月主要经济指标", "list_date": days_ago(3)}])
    site.text(col["items"][0]["url"], "根据《中华人民共合国统计法》，现将数据公布如下。")
    audit_id, findings = site.audit()
    [f] = by_rule(findings, "content.serious-error")
    assert [x for x in findings if x["status"] == "fail"] == []
    paths = write_formats(site.store, audit_id, tmp_path / "out", ALL_FORMATS)

    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(FINDINGS_SCHEMA.read_text(encoding="utf-8")))
    assert [x["status"] for x in doc["findings"]] == ["suspected"]
    assert doc["verdict"]["qualified"] is True

    unit_page = BeautifulSoup((tmp_path / "out" / "units" / "1.html").read_text(encoding="utf-8"),
                              "lxml")
    section = unit_page.select_one(".suspected")
    assert section is not None and "中华人民共合国" in section.get_text()
    assert unit_page.select_one("#suspected").get_text() == "疑似问题（待人工核实）"
    assert "未发现问题" in unit_page.get_text()  # a suspicion is not a problem yet
    index = BeautifulSoup(paths["html"].read_text(encoding="utf-8"), "lxml")
    assert index.select_one(".suspected-count").get_text() == "1"
    rule_page = BeautifulSoup((tmp_path / "out" / "rules" / "content.serious-error.html")
                              .read_text(encoding="utf-8"), "lxml")
    assert rule_page.select_one("#suspected") and "县统计局" in rule_page.select_one(".suspected").get_text()
    assert rule_page.select_one("p.none") is not None  # no established problem of this kind

    junit = etree.parse(str(paths["junit"]))
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd"))).validate(junit)
    assert junit.getroot().get("failures") == "0"
    skipped = [s.get("message") for s in junit.iter("skipped")]
    assert any(m.startswith("疑似（待人工核实）") for m in skipped)

    sarif = json.loads(paths["sarif"].read_text(encoding="utf-8"))
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "content.serious-error"]
    assert result["kind"] == "review" and result["level"] == "note"

    with paths["csv"].open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["状态"] for r in rows] == ["疑似，待人工核实"]

    assert audit_failures(site.store, audit_id, "info") == []
    summary = summarize(str(tmp_path / "g.db"), audit_id)
    assert summary["suspected"] == 1 and summary["by_severity"] == {}
