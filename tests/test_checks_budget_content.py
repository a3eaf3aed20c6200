"""budget.mismatch and budget.narrative-incomplete (财预〔2016〕143号, BG-NARRATIVE) over stored
crawls: pass, fail, not applicable, unverified and the false-accusation edges."""

from __future__ import annotations

import datetime as dt

from checks.pack import load_site_pack
from tests import budget_samples as samples
from tests.store_builder import BASE, SiteBuilder, by_rule

NAME = "示例县某某局"
SISTER = "示例县另一局"
COUNTY = "示例县人民政府"
AS_OF = dt.date(2026, 11, 27)


def site_with(tmp_path, text: str, title_year: int = 2026, attachment: str | None = None):
    """A department whose 2026 budget article holds `text` (and the 2025 final accounts, clean)."""
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/", COUNTY, "county")
    site.unit("/u/", NAME, "department")
    site.unit("/s/", SISTER, "department")
    budget_url = f"{BASE}/u/budget/budget.html"
    final_url = f"{BASE}/u/budget/final.html"
    site.text(budget_url, text)
    site.text(final_url, samples.disclosure_text(NAME, "final-accounts", 2025))
    site.column("/u/", "财政预决算", key="/u/budget/", category="budget", items=[
        {"title": samples.title(NAME, "budget", title_year), "url": budget_url,
         "list_date": "2026-03-20", "pub_date": "2026-03-20"},
        {"title": samples.title(NAME, "final-accounts", 2025), "url": final_url,
         "list_date": "2026-08-20", "pub_date": "2026-08-20"}])
    if attachment:
        site.link(budget_url, f"{BASE}/u/budget/{attachment}", "附件", kind="attachment")
    return site


def run(site, rule, pack=None):
    _, findings = site.audit(as_of=AS_OF, pack=pack)
    return by_rule(findings, rule)


# -- budget.mismatch ------------------------------------------------------------------------

def test_matching_disclosures_are_clean(tmp_path):
    site = site_with(tmp_path, samples.disclosure_text(NAME, "budget", 2026))
    assert run(site, "budget.mismatch") == []


def test_last_years_budget_published_as_this_years_is_a_mismatch(tmp_path):
    site = site_with(tmp_path, samples.disclosure_text(NAME, "budget", 2025))
    [f] = run(site, "budget.mismatch")
    assert f["status"] == "fail" and f["url"] == f"{BASE}/u/budget/budget.html"
    assert f["evidence"]["year"] == 2026 and f["evidence"]["year_in_text"] is False
    assert f["evidence"]["text_years"][0] == 2025
    assert "未出现2026年" in f["message"] and NAME in f["message"]


def test_a_sister_departments_budget_is_a_mismatch(tmp_path):
    site = site_with(tmp_path, samples.disclosure_text(SISTER, "budget", 2026))
    [f] = run(site, "budget.mismatch")
    assert f["status"] == "fail" and f["evidence"]["other_units"] == [SISTER]
    assert f["evidence"]["unit_named"] is False and SISTER in f["message"]


def test_a_text_stating_no_year_or_unit_is_not_judged(tmp_path):
    site = site_with(tmp_path, "现将我局部门预算予以公开，详见下表。\n部门收支总体情况表\n项目 金额")
    assert run(site, "budget.mismatch") == []


def test_quoting_another_unit_in_the_body_is_not_a_mismatch(tmp_path):
    text = samples.disclosure_text(NAME, "budget", 2026).replace(NAME, "我局")
    text = f"根据{SISTER}《关于批复2026年部门预算的通知》，{text}"
    assert run(site_with(tmp_path, text), "budget.mismatch") == []


def test_a_county_government_as_compiler_is_not_another_department(tmp_path):
    text = samples.disclosure_text(NAME, "budget", 2026).replace(NAME, "我局")
    text += f"\n编制单位：{COUNTY}"
    assert run(site_with(tmp_path, text), "budget.mismatch") == []


def test_an_unread_attachment_makes_a_year_mismatch_unverified(tmp_path):
    site = site_with(tmp_path, samples.disclosure_text(NAME, "budget", 2025), attachment="b.xlsx")
    [f] = run(site, "budget.mismatch")
    assert f["status"] == "unverified" and "未能核验" in f["message"]


# -- budget.narrative-incomplete --------------------------------------------------------------

def test_complete_explanations_are_clean(tmp_path):
    site = site_with(tmp_path, samples.disclosure_text(NAME, "budget", 2026))
    assert run(site, "budget.narrative-incomplete") == []


def test_missing_procurement_and_glossary_are_reported(tmp_path):
    text = samples.disclosure_text(NAME, "budget", 2026, omit=("procurement", "glossary"))
    [f] = run(site_with(tmp_path, text), "budget.narrative-incomplete")
    assert f["status"] == "fail"
    assert f["evidence"]["narrative_missing"] == ["政府采购情况", "专业名词解释"]
    assert "部门职责及机构设置" in f["evidence"]["narrative_given"]
    assert "政府采购情况" in f["message"] and "2026年度部门预算" in f["message"]


def test_the_sangong_change_does_not_explain_the_totals(tmp_path):
    text = samples.disclosure_text(NAME, "budget", 2026).replace(
        "收支总计比上年增加56.78万元，主要原因是项目支出增加。", "")
    [f] = run(site_with(tmp_path, text), "budget.narrative-incomplete")
    assert f["evidence"]["narrative_missing"] == ["收支增减变化情况"]


def test_gradual_topics_are_listed_but_not_judged_by_default(tmp_path):
    # The sample gives no 国有资产占用 or 绩效目标: they are listed, never the reason of a finding.
    text = samples.disclosure_text(NAME, "budget", 2026, omit=("glossary",))
    [f] = run(site_with(tmp_path, text), "budget.narrative-incomplete")
    assert f["evidence"]["narrative_missing"] == ["专业名词解释"]
    assert f["evidence"]["gradual_missing"] == ["国有资产占用情况", "绩效目标"]
    assert f["evidence"]["gradual_required"] is False and "绩效" not in f["message"]


def test_gradual_topics_can_be_required(tmp_path):
    local = tmp_path / "site.yaml"
    local.write_text("rules:\n  budget.narrative-incomplete:\n    thresholds:\n"
                     "      narrative_gradual_required: {value: true}\n", encoding="utf-8")
    site = site_with(tmp_path, samples.disclosure_text(NAME, "budget", 2026))
    findings = run(site, "budget.narrative-incomplete", pack=load_site_pack(local))
    assert {tuple(f["evidence"]["narrative_missing"]) for f in findings} == {("国有资产占用情况", "绩效目标")}
    assert all(f["evidence"]["gradual_required"] for f in findings)


def test_an_unread_attachment_makes_a_gap_unverified(tmp_path):
    text = samples.disclosure_text(NAME, "budget", 2026, omit=("procurement",))
    [f] = run(site_with(tmp_path, text, attachment="说明.pdf"), "budget.narrative-incomplete")
    assert f["status"] == "unverified" and f["evidence"]["unread"]


def test_a_table_only_text_lacks_every_explanation(tmp_path):
    [f] = run(site_with(tmp_path, "2026年部门收支总体情况表\n项目 金额\n合计 10"), "budget.narrative-incomplete")
    assert f["evidence"]["narrative_missing"] == ["部门职责及机构设置", "收支增减变化情况", "机关运行经费",
                                                  "政府采购情况", "专业名词解释"]


def test_the_heading_alone_can_name_the_other_unit():
    from checks.documents import budget_text

    units = [{"name": NAME, "kind": "department"}, {"name": SISTER, "kind": "department"},
             {"name": COUNTY, "kind": "county"}]
    lines = budget_text.subject_lines(f"{SISTER}2026年部门预算公开说明\n一、部门职责：负责管理工作。")
    assert [u["name"] for u in budget_text.subject_units(lines, units)] == [SISTER]
    quoted = budget_text.subject_lines(f"根据《{SISTER}2026年预算批复》\n现将预算公开如下。")
    assert quoted == []
    assert budget_text.subject_lines("编制单位：示例县人民政府 单位：万元") == [COUNTY]


def test_subject_units_finds_every_name_a_line_holds():
    """The names a line holds are found from where they start, not by testing every unit: the
    same units as a plain test of each unit's normalised name, nested and overlapping names
    included, and whichever list of units is given."""
    from itertools import product

    from checks.documents import budget_text
    from checks.documents.budget import norm

    units = [{"name": n} for n in ("示例县农业农村局", "示例县农业局", "示例县", "农业农村",
                                   "县农业", "示例 县", "村局")]

    def plain(lines, units):  # the definition: longest raw name among those the line holds
        out = []
        for line in lines:
            named = [u for u in units if norm(u["name"]) in line]
            best = max(named, key=lambda u: len(u["name"])) if named else None
            if best is not None and best not in out:
                out.append(best)
        return out

    parts = ["示例县", "农业", "农村局", "财政", "2026年预算"]
    lines = ["".join(p) for k in (1, 2, 3) for p in product(parts, repeat=k)]
    for given in (units, list(reversed(units)), units[2:], units):
        for line in lines:
            assert budget_text.subject_units([line], given) == plain([line], given), line
        # Lines recur (each line's unit is remembered per list of units): the same units in
        # the order first named, each once, whichever list was given before.
        assert budget_text.subject_units(lines * 2, given) == plain(lines * 2, given)
