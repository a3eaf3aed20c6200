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
    # the town page timed out: 未能核验 for its columns, and the link to it is broken
    assert rules == ["audit.unverified", "column.empty", "column.missing", "homepage.stale",
                     "link.broken"]


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
