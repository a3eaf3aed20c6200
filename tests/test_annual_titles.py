"""Listed titles recognised as annual reports (checks/annual/titles.py): the many ways portals
title the same report, and the titles that look alike but are something else."""

import pytest

from checks.annual.titles import recognise, report_year


@pytest.mark.parametrize("title, year", [
    ("示例县交通运输局2025年政府信息公开工作年度报告", 2025),
    ("示例县交通运输局2025年度政府信息公开工作报告", 2025),
    ("示例县2025年度政府信息公开年度报告", 2025),
    ("示例县2025年政府信息公开年报", 2025),
    ("示例县审计局2025年度政务公开工作年度报告", 2025),
    ("示例县审计局 2025 年 政府信息公开 工作年度报告", 2025),
    ("示例县审计局２０２５年政府信息公开工作年度报告", 2025),
    ("２０２４年度示例县政府信息公开工作报告", 2024),
    ("示例县人民政府政府信息公开工作年度报告（2025年度）", 2025),
    ("示例县人民政府政府信息公开工作年度报告(2025年)", 2025),
    ("示例县医保局政府信息公开年度报告2023", 2023),
    ("示例县医保局2025政府信息公开工作年度报告", 2025),
    ("二〇二五年度示例县政府信息公开工作年度报告", 2025),
    ("二○二四年示例县政务公开年报", 2024),
    ("示例县人民政府2022年政府信息公开工作年度报告（超链版）", 2022),
    ("示例县统计局关于2025年度政府信息公开工作情况的报告", 2025),
    ("“示例县2025年政府信息公开工作年度报告”", 2025),
    ("示例县卫生健康和计划生育局2019年政府信息公开工作年度报告", 2019),
    ("示例县考核办2025年政府信息公开工作年度报告", 2025),
])
def test_report_titles_are_recognised(title, year):
    assert report_year(title) == year
    assert recognise(title).about is False


@pytest.mark.parametrize("title", [
    "关于做好2025年度政府信息公开工作年度报告编制发布工作的通知",
    "示例县2025年第三季度政府信息公开工作报告",
    "示例县2025年上半年政务公开工作报告",
    "示例县2025年政务公开工作要点",
    "示例县2025年政府信息公开工作自查报告",
    "示例县交通运输局2025年部门预算公开",
    "示例县2025年政府工作报告",
    "2025年政府信息公开申请表",
])
def test_look_alikes_are_not_reports(title):
    assert recognise(title) is None


def test_an_item_about_the_report_shows_it_exists_but_is_not_the_report():
    found = recognise("《示例县交通运输局2025年政府信息公开工作年度报告》解读")
    assert found is not None and found.year == 2025 and found.about
    assert report_year("图解：示例县2025年政府信息公开工作年度报告") is None


@pytest.mark.parametrize("title", [
    "示例县政府信息公开工作年度报告",
    "示例县交通运输局政务公开年度报告",
    "示例县政府信息公开年度报告 2026-01-20",    # a date, not the report year
    "示例县政府信息公开年度报告 2026年1月20日",
])
def test_a_report_title_without_a_year_is_a_report_of_unknown_year(title):
    found = recognise(title)
    assert found is not None and found.year is None and not found.about
    assert report_year(title) is None
