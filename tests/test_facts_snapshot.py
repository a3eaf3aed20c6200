"""The facts snapshot: loaded from the store it holds the same read-only rows as one built in
memory, and its lookups (built lazily, without a Python step per row) group rows exactly as a
plain loop would, first row first."""

from __future__ import annotations

import random
from types import MappingProxyType

import pytest

from checks.facts import Facts, _Groups
from tests.store_builder import SiteBuilder, days_ago


def test_groups_match_a_plain_grouping_loop():
    rng = random.Random(7)
    for _ in range(300):
        keys = [None, "a", "b", "c"] + [f"k{i}" for i in range(rng.randint(0, 30))]
        rows = tuple(MappingProxyType({"k": rng.choice(keys), "n": n})
                     for n in range(rng.randint(0, 60)))
        expected: dict = {}
        for row in rows:
            expected.setdefault(row["k"], []).append(row)
        groups = _Groups(rows, "k")
        for key, members in expected.items():
            assert groups.get(key) == tuple(members)
            assert all(a is b for a, b in zip(groups.get(key), members))
        assert groups.get("missing") == ()


def _site(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县财政局")
    site.column("/u/", "财政预决算", category="budget",
                items=[{"title": "2026年部门预算公开", "list_date": days_ago(2)},
                       {"title": "关于 年度 工作的报告", "list_date": days_ago(3)},
                       {"title": None, "list_date": days_ago(4)}])
    return site


def test_loaded_rows_are_read_only_and_lookups_work(tmp_path):
    site = _site(tmp_path)
    facts = Facts.load(site.store, site.crawl_id)
    assert len(facts.items) == 3 and isinstance(facts.items, tuple)
    with pytest.raises(TypeError):
        facts.items[0]["title"] = "changed"  # type: ignore[index]
    with pytest.raises(Exception):
        facts.items = ()  # type: ignore[misc]
    first = facts.items[0]
    assert facts.items_at(first["url"]) == (first,)
    assert facts.items_of(first["column_key"]) == facts.items
    assert facts.titles == ("2026年部门预算公开", "关于 年度 工作的报告", "")
    assert facts.items_titled("算") == (first,)
    assert facts.items_titled("年报") == (facts.items[1],)
    assert facts.items_of_unit_titled("/u/", "年报") == (facts.items[1],)
    assert facts.items_of_unit_titled("/other/", "年报") == ()
    built = Facts.build(dict(facts.crawl), units=facts.units, columns=facts.columns,
                        items=facts.items)
    assert built.items == facts.items and built.items[0] is not facts.items[0]


def test_findings_and_analyses_are_committed_and_read_back_as_written(tmp_path):
    # Both are written with one executemany; another connection must see them, JSON intact.
    from govaudit.store import Store

    site = _site(tmp_path)
    audit_id, findings = site.audit()
    site.store.record_analyses(audit_id, [{"url": "http://x/a", "unit_key": "/u/",
                                           "kind": "budget", "year": 2026,
                                           "summary": {"表": ["一", 2], "ok": True}}])
    other = Store(site.store.path)
    assert [a["summary"] for a in other.analyses(audit_id)
            if a["url"] == "http://x/a"] == [{"表": ["一", 2], "ok": True}]
    stored = other.findings(audit_id)
    assert len(stored) == len(findings) > 0
    assert all(isinstance(f["evidence"], dict) for f in stored)
