"""Column classification: every synonym of categories.yaml, typical real names, containers,
the meta/breadcrumb and pinyin fallbacks."""

import pytest

from ground.classify import classify, clean_name, container_kind
from ground import config

SYNONYMS = [(name, cat_id) for cat_id, entry in config.categories()["categories"].items()
            for name in entry["names"]]


@pytest.mark.parametrize("name, category", SYNONYMS)
def test_every_synonym_maps_to_its_category(name, category):
    result = classify(name)
    assert (result.category, result.source) == (category, "name")


@pytest.mark.parametrize("name, category", [
    ("国务院文件", "policy"), ("财政预决算和三公经费", "budget"),
    ("权力清单和责任清单", "power-list"), ("涉农惠农资金", "key-areas"),
    ("行政许可与行政处罚结果", "penalty"), ("年度报告", "annual-report"), ("政民互动", "interaction"),
    ("政府及政府办公室文件", "policy"), ("行政规范性文件", "policy"), ("领导之窗", "org"),
    ("乡镇概况", "org"), ("财务公开", "budget"), ("双随机一公开", "supervision"),
    ("人事招考", "personnel"), ("公示公告", "notices"), ("乡镇动态", "news"),
])
def test_typical_real_names(name, category):
    assert classify(name).category == category


@pytest.mark.parametrize("name, category", [
    ("2023年度政府信息公开工作年度报告", "annual-report"), ("县政府规范性文件", "policy"),
    ("部门预算公开", "budget"), ("公务员招考信息", "personnel"), ("政策解读材料", "interpretation"),
    ("统计年鉴", "statistics"), ("政府集中采购公告", "procurement"),
])
def test_keywords_when_no_exact_name(name, category):
    result = classify(name)
    assert (result.category, result.source) == (category, "keyword")


def test_longest_keyword_wins():
    # 政策法规 (4 chars, policy) beats 规划-free shorter matches; 重点领域 beats 领导 etc.
    assert classify("重点领域信息").category == "key-areas"
    assert classify("教育领域政策法规汇编").category == "policy"


@pytest.mark.parametrize("name, kind", [
    ("法定主动公开内容", "statutory"), ("主动公开内容", "statutory"),
    ("部门信息公开", "unit-index"), ("乡镇信息公开", "unit-index"),
    ("乡镇部门信息公开", "unit-index"), ("县直部门信息公开", "unit-index"),
    ("政府信息公开", "platform"),
])
def test_containers(name, kind):
    assert container_kind(name) == kind
    result = classify(name)
    assert (result.category, result.container) == (None, kind)


def test_decoration_is_ignored():
    assert clean_name(" 政策 文件 (12)") == "政策文件"
    assert classify("政策文件（12）").source == "name"


def test_meta_then_pinyin_fallbacks():
    assert classify("2021年", meta_name="政府信息公开年报") == \
        classify("x", meta_name="政府信息公开年报")
    assert classify("2021年", meta_name="政府信息公开年报").source == "meta"
    assert classify("", breadcrumb_last="应急管理").category == "emergency"
    found = classify("", url="http://h/xxgk/zcwj/gfxwj_58562/")
    assert (found.category, found.source) == ("policy", "pinyin")
    assert classify("", url="http://h/xxgk/zfxxgknb/index.html").category == "annual-report"
    assert classify("其他").category is None
