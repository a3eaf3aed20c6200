"""platform.structure: standard sub-columns per unit, one finding listing what is absent, never
repeating what column.missing already reports."""

from __future__ import annotations

from checks.pack import load_site_pack
from tests.store_builder import SiteBuilder, by_rule


def test_compliant_units_of_every_kind_pass(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/xxgk/", "示例县人民政府", kind="county")
    site.compliant_unit("/xxgk/czj/", "县财政局")
    site.compliant_unit("/xxgk/cgz/", "城关镇人民政府", kind="town")
    _, findings = site.audit()
    assert by_rule(findings, "platform.structure") == []


def test_department_without_on_request_and_rules_gets_one_finding(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    unit = site.compliant_unit("/xxgk/czj/", "县财政局", skip=("rules", "on-request"))
    _, findings = site.audit()
    [f] = by_rule(findings, "platform.structure")
    assert f["status"] == "fail" and f["unit_name"] == "县财政局" and f["url"] == unit["url"]
    assert [a["label"] for a in f["evidence"]["absent"]] == ["政府信息公开制度", "依申请公开"]
    assert "政府信息公开制度、依申请公开" in f["message"]
    assert by_rule(findings, "column.missing") == []


def test_missing_statutory_container_is_reported(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/xxgk/cgz/", "城关镇人民政府", kind="town", skip=("statutory",))
    _, findings = site.audit()
    [f] = by_rule(findings, "platform.structure")
    assert [a["id"] for a in f["evidence"]["absent"]] == ["statutory"]
    assert "法定主动公开内容" in f["message"]


def test_categories_column_missing_reports_are_not_repeated(tmp_path):
    """The county must have 制度 and 依申请公开 by requirements.yaml: column.missing says so, once."""
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/xxgk/", "示例县人民政府", kind="county", skip=("on-request", "guide"))
    _, findings = site.audit()
    assert by_rule(findings, "platform.structure") == []
    assert sorted(f["category"] for f in by_rule(findings, "column.missing")) == [
        "guide", "on-request"]


def test_synonym_column_names_count_through_their_category(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/u/", "县财政局", skip=("rules", "on-request", "statutory"))
    site.column("/u/", "信息公开制度", key="/u/zd/", category="rules",
                items=[{"title": "保密审查制度", "list_date": "2026-01-05"}])
    site.column("/u/", "依申请公开平台", key="/u/ysq/", category="on-request",
                items=[{"title": "申请表", "list_date": "2026-01-05"}])
    site.column("/u/", "主动公开内容", key="/u/zd2/", role="container", fetch_page=False)
    _, findings = site.audit()
    assert by_rule(findings, "platform.structure") == []


def test_unit_whose_page_failed_is_not_judged(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县财政局", status=None, error="timeout")
    _, findings = site.audit()
    assert by_rule(findings, "platform.structure") == []
    assert len(by_rule(findings, "audit.unverified")) == 1


def test_site_pack_can_narrow_the_standard(tmp_path):
    pack = tmp_path / "site.yaml"
    pack.write_text("version: t\nrules:\n  platform.structure:\n"
                    "    thresholds:\n      sub_columns: [statutory]\n", encoding="utf-8")
    site = SiteBuilder(tmp_path / "g.db")
    site.compliant_unit("/u/", "县财政局", skip=("rules", "on-request"))
    _, findings = site.audit(pack=load_site_pack(pack))
    assert by_rule(findings, "platform.structure") == []
