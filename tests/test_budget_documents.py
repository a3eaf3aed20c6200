"""The budget-disclosure analysis over Document objects (checks/documents/budget.py): titles,
required tables by title and synonym (empty tables count), 三公经费 amounts and explanation."""

from __future__ import annotations

import pytest

from checks.documents import budget
from ground.documents import Document, Table
from tests import budget_samples as samples


def doc(text="", tables=(), kind="html"):
    return Document(url="http://x.test/a.html", kind=kind, text=text, tables=list(tables))


@pytest.mark.parametrize("title, expected", [
    ("示例县教育局2026年部门预算公开", ("budget", 2026, False)),
    ("示例县教育局2025年度部门决算公开", ("final-accounts", 2025, False)),
    ("示例县教育局 2026 年 单位预算信息公开", ("budget", 2026, False)),
    ("示例县教育局2026年“三公”经费预算情况说明", ("budget", 2026, True)),
    ("示例县教育局2026年部门预算公开（含“三公”经费）", ("budget", 2026, False)),
    ("示例县教育局2026年预算", ("budget", 2026, False)),
    ("示例县教育局2025年度决算", ("final-accounts", 2025, False)),
    # Organs whose names hold a word that marks other documents are still recognised.
    ("示例县审计局2026年部门预算公开", ("budget", 2026, False)),
    ("示例县政府采购中心2025年度部门决算", ("final-accounts", 2025, False)),
    # ... also when the name holds digits (the large replica's 示例县第2片区审计局: it was read
    # as an audit document and the unit wrongly accused of not disclosing)
    ("示例县第2片区审计局2026年度部门预算公开", ("budget", 2026, False)),
    ("示例县第12片区审计局2025年度部门决算公开", ("final-accounts", 2025, False)),
])
def test_titles_of_disclosures_give_kind_and_year(title, expected):
    cls = budget.classify_title(title)
    assert (cls.kind, cls.year, cls.sangong_only) == expected


@pytest.mark.parametrize("title", [
    "示例县2026年上半年预算执行情况",      # execution report
    "关于批复2026年部门预算的通知",         # the approval, not the disclosure
    "示例县教育局部门预算公开",             # no year: not judged
    "示例县教育局2026年部门预决算公开",     # budget or final accounts? not judged
    "示例县2025年部门整体支出绩效自评报告",
    "示例县教育局召开预算编制工作会议",
    "示例县2025年度部门预算执行审计结果公告",  # an audit, with or without an organ in front
    "示例县审计局2025年度部门预算执行审计结果公告",
    "示例县第2片区审计局2025年度部门预算执行审计结果公告",
    "2024年示例县审计局2025年度部门预算审计报告",  # a year before the organ: not its name
    "示例县财政局关于批复2026年部门预算的通知",
])
def test_other_titles_are_not_disclosures(title):
    assert budget.classify_title(title) is None


def test_a_complete_budget_text_shows_all_eight_tables():
    text = samples.disclosure_text("某局", "budget", 2026)
    found = budget.tables_found(doc(text), "budget")
    required = [t.title for t in budget.required_tables("budget") if not t.optional]
    assert len(required) == 8 and found == set(required)


def test_a_skipped_table_is_not_found_and_an_empty_one_is():
    text = samples.disclosure_text("某局", "budget", 2026, skip=("政府性基金预算支出情况表",),
                                   empty=("一般公共预算“三公”经费支出情况表",))
    found = budget.tables_found(doc(text), "budget")
    assert "政府性基金预算支出情况表" not in found
    assert "一般公共预算“三公”经费支出情况表" in found


def test_a_longer_title_is_not_also_the_shorter_one_it_contains():
    # 财政拨款收支总体情况表 contains 收支总体情况表 (a synonym of 部门收支总体情况表).
    found = budget.tables_found(doc("表4 财政拨款收支总体情况表\n项目 金额"), "budget")
    assert found == {"财政拨款收支总体情况表"}
    found = budget.tables_found(doc("表4 一般公共预算财政拨款支出决算表"), "final-accounts")
    assert found == {"一般公共预算财政拨款支出决算表"}  # not also 支出决算表


def test_one_line_listing_several_tables_counts_each():
    line = "附件：1.部门收支总体情况表 2.部门收入总体情况表 3.财政拨款收支总体情况表"
    found = budget.tables_found(doc(line), "budget")
    assert found == {"部门收支总体情况表", "部门收入总体情况表", "财政拨款收支总体情况表"}


def test_workbook_sheets_and_captions_name_tables_even_when_empty():
    tables = [Table(rows=[["项目", "金额"]], sheet="政府性基金预算支出表"),
              Table(rows=[], caption="表7 一般公共预算三公经费支出表"),
              Table(rows=[["部门收入总体情况表"], ["项目", "合计"], ["合计", "100"]], sheet="Sheet3")]
    found = budget.tables_found(doc(tables=tables, kind="xlsx"), "budget")
    assert found == {"政府性基金预算支出情况表", "一般公共预算“三公”经费支出情况表", "部门收入总体情况表"}


def test_sangong_amounts_and_explanation_from_text():
    s = budget.sangong(doc(samples.disclosure_text("某局", "budget", 2026)))
    assert s.amounts == {"overseas": 0.0, "vehicle_purchase": 0.0, "vehicle_running": 8.5,
                         "reception": 3.8}
    assert s.explained and not s.none_declared


def test_vehicle_costs_not_split_leave_two_amounts_missing():
    s = budget.sangong(doc(samples.disclosure_text("某局", "budget", 2026, split_vehicle=False)))
    assert set(s.amounts) == {"overseas", "reception"}


def test_amounts_without_a_word_on_their_change_are_not_explained():
    s = budget.sangong(doc(samples.disclosure_text("某局", "budget", 2026, explained=False)))
    assert len(s.amounts) == 4 and not s.explained


@pytest.mark.parametrize("sentence, explained", [
    ("“三公”经费与上年持平。", True),                           # no change needs no reason
    ("公务接待费比上年增加0.5万元。", False),                   # a change without its reason
    ("公务接待费比上年增加0.5万元。主要原因是接待任务增加。", True),  # reason in the next sentence
    ("本年收入比上年减少，主要是项目结束。", False),            # not about 三公
])
def test_explanation_needs_a_change_word_and_for_a_change_a_reason(sentence, explained):
    assert budget.sangong(doc(sentence)).explained is explained


def test_amounts_from_a_column_layout_table_with_merged_headers():
    rows = [["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置及运行费", "公务用车购置及运行费", "公务接待费"],
            ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"],
            ["12.3", "0", "8.5", "-", "8.5", "3.8"]]
    s = budget.sangong(doc(tables=[Table(rows=rows, caption="一般公共预算三公经费支出情况表")]))
    assert s.amounts == {"overseas": 0.0, "vehicle_purchase": 0.0, "vehicle_running": 8.5,
                         "reception": 3.8}


def test_amounts_from_a_row_layout_table_and_an_empty_table_gives_none():
    rows = [["项目", "预算数"], ["因公出国(境)费", "1.0"], ["公务用车购置费", "0.00"],
            ["公务用车运行维护费", "2,000.5"], ["公务接待费", "3"]]
    s = budget.sangong(doc(tables=[Table(rows=rows)]))
    assert s.amounts == {"overseas": 1.0, "vehicle_purchase": 0.0, "vehicle_running": 2000.5,
                         "reception": 3.0}
    empty = [["项目", "因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"]]
    assert budget.sangong(doc(tables=[Table(rows=empty)])).amounts == {}


def test_a_department_without_sangong_says_so():
    assert budget.sangong(doc("本部门2026年无“三公”经费预算。")).none_declared


@pytest.mark.parametrize("title, expected", [
    ("示例县交通运输局2026年部门预算和2025年部门决算公开", [("budget", 2026), ("final-accounts", 2025)]),
    ("示例县交通运输局2025年度部门决算及2026年度部门预算公开", [("final-accounts", 2025), ("budget", 2026)]),
    ("示例县审计局2026年预算、2025年决算信息公开", [("budget", 2026), ("final-accounts", 2025)]),
    ("示例县教育局2026年部门预算公开", [("budget", 2026)]),
    # one year for both words, a comparison, an execution report: not split, not judged
    ("示例县教育局2026年部门预算和决算公开", []),
    ("示例县2026年部门预算（与2025年对比）", []),
    ("示例县2025年预算执行和2026年预算草案", []),
    ("示例县2026年部门预算和2025年部门决算审计结果", []),
])
def test_a_combined_title_counts_for_each_disclosure_it_names(title, expected):
    assert [(c.kind, c.year) for c in budget.classify_titles(title)] == expected
