"""Generated portals' guides, budget disclosures, article dates and homepage news
(replica/portalgen/extra.py): clean content is clean by the project's own declarations, and each
planted defect is what it says, far from its borderline."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from checks.documents.budget import classify_titles
from checks.rules.guide import missing_elements, outdated_statements
from replica.portalgen.extra import budget_years, guide_text
from replica.portalgen.plan import plan

AS_OF = dt.date(2026, 11, 27)
SEEDS = range(0, 40)


@pytest.mark.parametrize("form", range(3))
def test_a_clean_guide_has_every_element_and_no_old_period(form):
    for seed in range(20):
        text = "\n".join(guide_text("示例县教育局", {"fax": True, "reply": "current", "form": form},
                                    seed))
        assert missing_elements(text) == []
        assert outdated_statements(text) == []
        assert "第三方" in text and "15个工作日" in text  # the third party's period stays


@pytest.mark.parametrize("form", range(3))
def test_planted_guides_miss_the_fax_or_state_the_old_period(form):
    text = "\n".join(guide_text("示例县教育局", {"fax": False, "reply": "current", "form": form}, 7))
    assert [e.id for e in missing_elements(text)] == ["fax"]
    assert outdated_statements(text) == []
    old = "\n".join(guide_text("示例县教育局", {"fax": True, "reply": "old", "form": form}, 7))
    assert missing_elements(old) == [] and outdated_statements(old)


def _portals():
    return [plan(seed, AS_OF) for seed in SEEDS]


def test_every_department_budget_column_names_the_due_disclosures_unless_planted():
    years = budget_years(AS_OF)
    assert years["budget"][0] == 2026 and years["final"][0] == 2025
    styles = set()
    for p in _portals():
        styles.add(p.layout["budget_title"])
        planted = {(d["unit"], d["defect"]) for d in p.defects}
        for unit in p.units:
            if unit.kind != "department":
                continue
            for col in unit.all_columns():
                if col.category != "budget" or not col.items:
                    continue
                named = {(c.kind, c.year) for i in col.items for c in classify_titles(i.title)}
                assert ("budget", 2026) in named, (p.seed, unit.name)
                missing = (unit.name, "missing_final_accounts") in planted
                assert (("final-accounts", 2025) in named) != missing, (p.seed, unit.name)
                if missing:  # the years around it are still there
                    assert ("final-accounts", 2024) in named
    assert styles == {"unit-year", "year-unit", "combined"}


def test_written_dates_are_near_the_published_one_unless_planted_late():
    late = 0
    for p in _portals():
        planted = {(d["unit"], d["detail"]) for d in p.defects if d["defect"] == "late_items"}
        for unit in p.units:
            for col in unit.all_columns():
                for item in col.items:
                    gap = (item.date - item.written).days
                    key = (unit.name, f"written {item.written}, published {item.date}")
                    if key in planted:
                        late += 1
                        assert gap > 3 * 20 * 7 // 5 + 8, key  # far beyond 20 working days
                    else:
                        assert 0 <= gap <= 3, (p.seed, item.title)
    assert late >= 10


def test_a_stale_homepage_is_recorded_exactly_when_its_news_is_old():
    both = 0
    for p in _portals():
        county = p.units[0]
        news = next((c for c in county.all_columns() if c.category == "news" and c.items), None)
        recorded = any(d["defect"] == "stale_homepage" for d in p.defects)
        if news is None:
            assert not recorded
            continue
        age = (AS_OF - max(i.date for i in news.items)).days
        assert age > 28 if recorded else age <= 4, (p.seed, age)
        both += recorded
    assert both >= 5


def test_article_pages_show_both_dates_in_the_drawn_form():
    from replica.portalgen import build

    seen = set()
    for seed in range(12):
        built = build(seed, AS_OF)
        lay = built.manifest["layout"]
        item = next(i for c in built.portal.units[0].all_columns() for i in c.items if i.served)
        status, _, body = built.pages[built.portal.units[0].host][item.path]
        text = body.decode("utf-8" if lay["encoding"] == "utf-8" else "gbk")
        pub = {"iso": item.date.isoformat(), "slash": f"{item.date:%Y/%m/%d}",
               "cjk": f"{item.date.year}年{item.date.month}月{item.date.day}日"}[lay["article_date"]]
        assert status == 200 and pub in text and "成文日期" in text
        assert re.search("发布(日期|时间)", text)
        seen.add((lay["article_meta"], lay["article_date"]))
    assert {m for m, _ in seen} == {"xxgk-table", "meta-list", "info-bar"}
