"""annual-report.residue for another unit's name: a report on unit A's column whose own heading
or 落款 names another unit of the portal (copied from a sister department). Naming the county
government or quoting other units in the body is normal and never flagged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from checks.annual.wrong_unit import wrong_unit
from ground.documents import Document, Table
from replica import annual_reports as ar
from tests.store_builder import SiteBuilder, by_rule
from tests.test_annual_analyse import as_text

AS_OF = dt.date(2026, 11, 27)
OWN = "示例县教育局"
SISTER = "示例县民政局"
COUNTY = "示例县人民政府"


def residue(tmp_path, rep, on="/u/", list_title=None):
    """Audit one 2025 report published on the column of unit `on` ("/u/" the 教育局, "/" the
    county government)."""
    b = SiteBuilder(tmp_path / "g.db")
    b.unit("/", COUNTY, "county")
    b.unit("/u/", OWN, "department")
    b.unit("/s/", SISTER, "department")
    own = OWN if on == "/u/" else COUNTY
    col = b.column(on, "政府信息公开年报", key=on + "nb/", category="annual-report",
                   items=[{"title": list_title or f"{own}2025年政府信息公开工作年度报告",
                           "pub_date": "2026-01-20"}])
    tables = [Table(rows=rep.grid_rows(v)) for k, v in rep.blocks if k == "table"]
    b.store.record_document(b.crawl_id, Document(url=col["items"][0]["url"], kind="html",
                                                 text=as_text(rep), tables=tables))
    _, findings = b.audit(as_of=AS_OF)
    return by_rule(findings, "annual-report.residue")


def plan(author):
    return ar.build(author, "department", 2025, random.Random(3), licences=2, penalties=1)


def test_own_report_is_clean(tmp_path):
    assert residue(tmp_path, plan(OWN)) == []


def test_sister_departments_report_on_own_column_is_residue(tmp_path):
    [f] = residue(tmp_path, plan(SISTER))
    assert f["status"] == "fail"
    problems = f["evidence"]["problems"]
    assert {p["where"] for p in problems} == {"heading_unit", "signed_by"}
    assert all(p["unit"] == SISTER for p in problems)
    assert SISTER in f["message"] and "单位名称有误" in f["message"]


def test_only_the_signature_naming_the_sister_is_enough(tmp_path):
    rep = plan(OWN)
    rep = dataclasses.replace(rep, blocks=rep.blocks[:-2] + [("p", SISTER), rep.blocks[-1]])
    [f] = residue(tmp_path, rep)
    assert [p["where"] for p in f["evidence"]["problems"]] == ["signed_by"]


def test_quoting_other_units_in_the_body_is_normal(tmp_path):
    rep = plan(OWN)
    quote = ("p", f"按照{COUNTY}办公室和{SISTER}的要求，我局配合做好政务公开工作。")
    rep = dataclasses.replace(rep, blocks=[rep.blocks[0], quote] + rep.blocks[1:])
    assert residue(tmp_path, rep) == []


def test_a_report_signed_by_the_county_government_is_not_flagged(tmp_path):
    rep = plan(OWN)
    rep = dataclasses.replace(rep, title=f"{COUNTY}2025年政府信息公开工作年度报告",
                              blocks=rep.blocks[:-2] + [("p", COUNTY), rep.blocks[-1]])
    assert residue(tmp_path, rep) == []


def test_sister_report_listed_under_the_sisters_name_is_not_flagged(tmp_path):
    assert residue(tmp_path, plan(SISTER),
                   list_title=f"{SISTER}2025年政府信息公开工作年度报告") == []


def test_county_column_hosting_a_departments_report_is_not_flagged(tmp_path):
    assert residue(tmp_path, plan(SISTER), on="/") == []


def test_pure_function_needs_a_full_name_of_another_unit():
    units = [{"key": "/u/", "name": OWN, "kind": "department"},
             {"key": "/s/", "name": SISTER, "kind": "department"}]
    own = units[0]
    assert wrong_unit({"heading_unit": "县民政局"}, own, units) == []  # a short name: unknowable
    assert wrong_unit({"heading_unit": ""}, own, units) == []
    assert wrong_unit({"heading_unit": OWN + "（" + SISTER + "代）"}, own, units) == []
    [p] = wrong_unit({"heading_unit": SISTER}, own, units)
    assert p["check"] == "annual-report.residue" and p["unit"] == SISTER
