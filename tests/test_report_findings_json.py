"""findings.json: follows its JSON Schema and the documented contract."""

from __future__ import annotations

import json

import jsonschema
import pytest

from reports.findings_json import SCHEMA_PATH, write_findings_json
from tests.store_builder import SiteBuilder, days_ago

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def document(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(20))
    site.compliant_unit("/xxgk/czj/", "县财政局", skip=("budget",))
    site.column("/xxgk/czj/", "通知公告", key="/xxgk/czj/tzgg/", category="notices")
    site.unit("/xxgk/zz/", "某镇人民政府", "town", status=None, error="timeout")
    audit_id, _ = site.audit()
    path = write_findings_json(site.store, audit_id, tmp_path / "out")
    assert path.name == "findings.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_document_validates(document):
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def test_document_contract(document):
    assert document["schema"] == "govaudit/findings@1"
    assert document["tool"]["name"] == "govaudit"
    assert document["site"] == {"name": "示例县人民政府", "url": "http://127.0.0.1:8000/"}
    assert document["as_of"] == "2026-11-27"
    assert document["run"]["id"] == 1 and document["run"]["pages_fetched"] > 0
    assert document["verdict"]["qualified"] is False
    assert document["verdict"]["vetoes"] == ["homepage.stale"]
    assert document["verdict"]["counts"]["homepage_stale"] == 1
    units = {u["name"]: u for u in document["units"]}
    assert units["县财政局"]["kind"] == "department" and units["县财政局"]["findings"] == 2
    rules = sorted(f["rule"] for f in document["findings"])
    # the town page timed out: 未能核验 for its columns; a timeout is no broken link (issue 14)
    assert rules == ["audit.unverified", "column.empty", "column.missing", "homepage.stale"]


def test_findings_have_columns_categories_and_status(document):
    by_rule = {f["rule"]: f for f in document["findings"]}
    empty = by_rule["column.empty"]
    assert empty["column"] == {"name": "通知公告", "url": "http://127.0.0.1:8000/xxgk/czj/tzgg/"}
    assert empty["category"] == "notices" and empty["status"] == "fail"
    assert by_rule["column.missing"]["column"] is None
    assert by_rule["audit.unverified"]["status"] == "unverified"
    assert by_rule["audit.unverified"]["unit"] == "某镇人民政府"
    assert all(f["basis"] and f["message"] for f in document["findings"])


def test_schema_rejects_contract_violations(document):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad = json.loads(json.dumps(document))
    bad["findings"][0]["severity"] = "critical"
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(document))
    bad["surprise"] = 1
    assert not validator.is_valid(bad)


WAIVERS = """\
waivers:
  - rule: column.empty
    unit: 县财政局
    column: 通知公告
    reason: 本年度无通知
    approved_by: 县政务公开办
    expires: 2027-03-31
  - rule: column.missing
    unit: 县财政局
    reason: 已合并到其他栏目
    approved_by: 县政务公开办
    expires: 2026-01-01
"""


def history_site(tmp_path, budget: bool):
    """The same small site audited twice: the second crawl may have the budget column."""
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/czj/", "县财政局", skip=() if budget else ("budget",))
    site.column("/xxgk/czj/", "通知公告", key="/xxgk/czj/tzgg/", category="notices")
    return site


def test_document_with_waivers_and_history_validates(tmp_path):
    from checks.runner import run_checks
    from checks.waivers import load_waivers

    first = history_site(tmp_path, budget=False)
    first.audit()
    second = history_site(tmp_path, budget=True)
    second.column("/xxgk/czj/", "工作动态", key="/xxgk/czj/gzdt/", category="news",
                  items=[{"title": "旧", "list_date": "2026-01-01"}])
    waiver_file = tmp_path / "waivers.yaml"
    waiver_file.write_text(WAIVERS, encoding="utf-8")
    audit_id = run_checks(second.store, second.finish(), "2026-11-27",
                          waivers=load_waivers(waiver_file), waiver_file=str(waiver_file))
    path = write_findings_json(second.store, audit_id, tmp_path / "out")
    doc = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    by_rule = {f["rule"]: f for f in doc["findings"]}
    assert by_rule["column.empty"]["status"] == "waived"
    assert by_rule["column.empty"]["lifecycle"] == "persisting"
    assert by_rule["column.stale"]["lifecycle"] == "new"
    assert doc["previous_audit"] == 1
    [resolved] = doc["resolved"]
    assert resolved["rule"] == "column.missing" and resolved["unit"] == "县财政局"
    assert resolved["category"] == "budget" and resolved["column"] is None
    assert set(resolved) == {"fingerprint", "rule", "unit", "category", "column", "url", "message"}
    assert doc["waivers"]["file"] == str(waiver_file)
    assert doc["waivers"]["applied"] == 1 and doc["waivers"]["active"] == 1
    assert [w["rule"] for w in doc["waivers"]["expired"]] == ["column.missing"]


def test_first_audit_without_waivers_has_no_history_fields(document):
    assert all(f["lifecycle"] == "new" for f in document["findings"])
    assert document["previous_audit"] is None and document["resolved"] == []
    assert "waivers" not in document
