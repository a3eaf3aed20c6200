"""Grouping listed items into budget disclosures (checks/documents/disclosures.py): which unit a
title counts for, one member per URL, and the same grouping however often a title recurs."""

from __future__ import annotations

from checks.documents.disclosures import disclosures
from checks.facts import Facts

BASE = "http://gov.test"
UNITS = [{"key": "/x/", "name": "示例县", "kind": "county"},
         {"key": "/sj/", "name": "示例县审计局", "kind": "department"},
         {"key": "/czj/", "name": "示例县财政局", "kind": "department"},
         {"key": "/jyj/", "name": "示例县教育局", "kind": "department"}]


def facts(items):
    rows = [{"id": n, "url": f"{BASE}{item.get('path', f'/i{n}.html')}", "column_key": item["unit_key"] + "c/",
             "list_date": item.get("date", "2026-03-01"), **item} for n, item in enumerate(items)]
    return Facts.build({"site_url": BASE}, units=UNITS, items=rows)


def groups(items):
    return {(d["unit_key"], d["kind"], d["year"]): [i["url"].removeprefix(BASE) for i in d["items"]]
            for d in disclosures(facts(items))}


def test_a_title_counts_for_the_longest_unit_name_it_gives_unless_it_names_its_own_unit():
    found = groups([
        # On the finance bureau's platform: the audit office's (not the county's, 示例县 being
        # only the start of 示例县审计局).
        {"unit_key": "/czj/", "title": "示例县审计局2026年部门预算公开", "path": "/a.html"},
        # The bureau's own, also naming the education bureau: its own.
        {"unit_key": "/czj/", "title": "示例县财政局转发示例县教育局2026年部门预算", "path": "/b.html"},
        # Listed by the county and naming it (示例县 is in 示例县审计局): stays the county's.
        {"unit_key": "/x/", "title": "示例县审计局2025年部门决算", "path": "/c.html"},
        # Naming no unit: its own unit's.
        {"unit_key": "/jyj/", "title": "2025年度部门决算公开", "path": "/d.html"},
        # Naming two other units: the longer name.
        {"unit_key": "/jyj/", "title": "示例县关于示例县审计局2024年部门预算", "path": "/e.html"},
    ])
    assert found == {("/sj/", "budget", 2026): ["/a.html"], ("/czj/", "budget", 2026): ["/b.html"],
                     ("/x/", "final-accounts", 2025): ["/c.html"],
                     ("/jyj/", "final-accounts", 2025): ["/d.html"],
                     ("/sj/", "budget", 2024): ["/e.html"]}


def test_a_recurring_title_groups_every_page_once_whichever_column_lists_it():
    title = "示例县教育局2026年部门预算公开"
    items = [{"unit_key": "/jyj/", "title": title, "path": f"/p{n}.html"} for n in range(3)]
    items += [{"unit_key": "/czj/", "title": title, "path": "/p1.html"},  # the same page again
              {"unit_key": "/jyj/", "title": "示例县教育局2026年“三公”经费预算情况说明", "path": "/s.html"}]
    [d] = disclosures(facts(items))
    assert (d["unit_key"], d["kind"], d["year"]) == ("/jyj/", "budget", 2026)
    assert [i["url"].removeprefix(BASE) for i in d["items"]] == ["/p0.html", "/p1.html", "/p2.html", "/s.html"]
    assert [i["sangong_only"] for i in d["items"]] == [False, False, False, True]
    # No page was opened: every member is listed as unread, none as read or failed.
    assert d["readable"] is False and d["failed"] == []
    assert d["unread"] == [i["url"] for i in d["items"]]
    assert {x["state"] for x in d["documents"]} == {"unread"}


def test_a_page_listed_by_a_parent_column_and_its_budget_column_is_placed_in_the_budget_one():
    """A gkmlpt-like catalogue lists a child's posts under its parent (法定主动公开内容) too; read
    first there, the disclosure still names the 财政预决算 column (generated portal seed 93 named
    the parent)."""
    title = "示例县教育局2026年部门预算公开"
    rows = [{"id": n, "url": f"{BASE}/p.html", "unit_key": "/jyj/", "title": title,
             "column_key": key, "list_date": "2026-03-01"}
            for n, key in enumerate(("/jyj/fdzdgknr/", "/jyj/czyjs/"))]
    columns = [{"key": "/jyj/fdzdgknr/", "unit_key": "/jyj/", "name": "法定主动公开内容",
                "role": "container", "category": None},
               {"key": "/jyj/czyjs/", "unit_key": "/jyj/", "name": "财政预决算", "role": "column",
                "category": "budget"}]
    [d] = disclosures(Facts.build({"site_url": BASE}, units=UNITS, items=rows, columns=columns))
    assert d["column_key"] == "/jyj/czyjs/"
    assert [i["column_key"] for i in d["items"]] == ["/jyj/czyjs/"]
