"""The facts snapshot: loaded from the store it holds the same read-only rows as one built in
memory, and its lookups (built lazily, without a Python step per row) group rows exactly as a
plain loop would, first row first."""

from __future__ import annotations

import datetime as dt
import random
from types import MappingProxyType

import pytest

from checks.facts import Facts, _Groups
from tests.store_builder import AS_OF as AS_OF_DATE, SiteBuilder, days_ago


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
    # The same items as plain tuples of the fields asked for, in item order, in both snapshots.
    assert facts.titled_values("年", ("url", "title")) == [(i["url"], i["title"]) for i in facts.items[:2]]
    assert facts.titled_values("算", ("title",)) == [("2026年部门预算公开",)]
    assert facts.titled_values("年报告", ("id",)) == [(facts.items[1]["id"],)]
    built = Facts.build(dict(facts.crawl), units=facts.units, columns=facts.columns,
                        items=facts.items)
    assert built.items == facts.items and built.items[0] is not facts.items[0]
    assert built.titled_values("年", ("url", "list_date")) == facts.titled_values("年", ("url", "list_date"))


def test_findings_and_analyses_are_committed_and_read_back_as_written(tmp_path):
    # Both are written with one executemany; another connection must see them, JSON intact.
    from ground.store import Store

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


def test_items_are_read_on_demand_from_one_snapshot(tmp_path):
    site = _site(tmp_path)
    facts = Facts.load(site.store, site.crawl_id)
    key = facts.columns[0]["key"]
    assert facts.item_count(key) == facts.item_total() == 3
    assert facts.item_count_of_unit("/u/") == 3 and facts.item_count_of_unit("/x/") == 0
    assert next(facts.iter_items_of(key))["title"] == "2026年部门预算公开"
    # written after the snapshot began (a crawl resumed meanwhile): not seen by this audit
    site.column("/u/", "通知公告", items=[{"title": "后来的", "list_date": days_ago(1)}])
    assert facts.item_total() == 3 and facts.items_titled("后") == ()
    assert [i["title"] for i in facts.items_of(key)] == ["2026年部门预算公开", "关于 年度 工作的报告",
                                                         None]
    ids, titles = facts.item_titles()
    assert facts.items_by_id(reversed(ids)) == facts.items_of(key)
    facts.close()
    assert Facts.load(site.store, site.crawl_id).item_total() == 4


def test_links_are_read_when_first_asked_for_and_agree_however_asked(tmp_path):
    site = _site(tmp_path)
    base = "http://127.0.0.1:9/u/"
    for n in range(6):
        site.link(f"{base}a{n % 3}.html", f"{base}f{n % 2}.pdf", f"附件{n}",
                  kind="attachment" if n % 2 == 0 else "item")
    lazy = Facts.load(site.store, site.crawl_id)
    whole = Facts.load(site.store, site.crawl_id)
    site.link(f"{base}a0.html", f"{base}f0.pdf", "后来的", kind="attachment")  # after both
    every = whole.links  # one snapshot reads them all first, the other never does
    assert [link["text"] for link in every if link["to_url"].startswith(base)] == [
        f"附件{n}" for n in range(6)]  # the site's own links besides, not the later one
    for url in (f"{base}f0.pdf", f"{base}f1.pdf", f"{base}none.pdf"):
        assert lazy.links_to(url) == whole.links_to(url)
        assert [link["text"] for link in lazy.links_to(url)] == [
            link["text"] for link in every if link["to_url"] == url]
    assert lazy.links_of_kind("attachment") == whole.links_of_kind("attachment") == tuple(
        link for link in every if link["kind"] == "attachment")
    pages = [f"{base}a2.html", f"{base}a0.html", f"{base}none.html"]
    assert lazy.links_from_any(pages) == whole.links_from_any(pages) == tuple(
        link for link in every if link["from_url"] in pages)  # in link order, not page order
    assert [link["text"] for link in lazy.links_from_any(pages)] == ["附件0", "附件2", "附件3",
                                                                    "附件5"]
    assert list(lazy.link_texts()) == list(whole.link_texts()) == [
        link["text"] for link in every]
    assert lazy.link_count() == whole.link_count() == len(every)
    assert "links" not in vars(lazy)  # answered without reading every link
    assert lazy.links == every  # and the snapshot's links when read at last
    with pytest.raises(TypeError):
        lazy.links_to(f"{base}f0.pdf")[0]["text"] = "changed"  # type: ignore[index]
    built = Facts.build(dict(whole.crawl), links=every)
    assert built.links_of_kind("attachment") == whole.links_of_kind("attachment")


def _late_findings(facts, **thresholds):
    from checks.model import Context
    from checks.rules.disclosure import disclosure_late
    from ground import config

    values = {"general": 20, "license_penalty": 7,
              "license_penalty_categories": ["license", "penalty"], **thresholds}
    ctx = Context(as_of=AS_OF_DATE, thresholds={k: _T(v) for k, v in values.items()},
                  requirements=config.requirements(),
                  categories=config.categories()["categories"])
    return [(f.url, f.message) for f in disclosure_late(facts, ctx)]


class _T:
    def __init__(self, value):
        self.value = value


def test_judging_dates_once_per_combination_never_drops_a_late_item(monkeypatch):
    """`disclosure.late` decides each distinct (成文, 发布, list) date combination once (SQL gives
    them, `distinct_values`) and reads only the rows of late ones: against the rule judging
    every item, it finds the same late items, whatever spelling the stored dates have."""
    rng = random.Random(11)
    spellings = [lambda d: d.isoformat(), lambda d: d.isoformat() + "T09:30",
                 lambda d: " " + d.isoformat(), lambda d: d.isoformat() + " 10:00",
                 lambda d: d.strftime("%Y%m%d"), lambda d: d.strftime("%G-W%V-%u"),
                 lambda d: d.strftime("%Y/%m/%d"), lambda d: "\t" + d.isoformat(),
                 lambda d: "", lambda d: None, lambda d: d.isoformat()[:8] + "31",
                 lambda d: "２０２６-０３-０１"]
    columns = [{"key": f"/u/c{n}/", "unit_key": "/u/", "name": f"栏目{n}", "role": "column",
                "category": rng.choice(["policy", "license", "penalty", "news"])}
               for n in range(4)]
    items = []

    def spell(day: dt.date) -> str | None:  # mostly as the crawler stores dates
        return rng.choice(spellings)(day) if rng.random() < 0.3 else day.isoformat()

    for n in range(3000):
        written = AS_OF_DATE - dt.timedelta(days=rng.randint(0, 400))
        items.append({"id": n + 1, "unit_key": "/u/", "column_key": rng.choice(columns)["key"],
                      "url": f"http://x/a{rng.randint(0, 2500)}.html", "title": f"文件{n}",
                      "written_date": spell(written),
                      "pub_date": spell(written + dt.timedelta(days=rng.randint(-5, 60))),
                      "list_date": spell(written + dt.timedelta(days=rng.randint(-5, 60)))})
    facts = Facts.build({"id": 1, "site_name": "示例县", "site_url": "http://x/"},
                        units=[{"key": "/u/", "name": "县政府"}], columns=columns, items=items)
    for limits in ({}, {"general": 3, "license_penalty": 1}, {"license_penalty_categories": []}):
        picked = _late_findings(facts, **limits)
        # every item through the rule's own per-item judgement
        monkeypatch.setattr(Facts, "items_with_values", lambda self, *a: self.items)
        everything = _late_findings(facts, **limits)
        monkeypatch.undo()
        assert picked == everything and len(everything) > 50


def test_distinct_values_and_their_rows_agree_with_a_walk_of_the_items(tmp_path):
    """The combinations SQL gives (`distinct_values`) and the rows read back for some of them
    (`items_with_values`) against a plain Python walk of every item, on a stored crawl."""
    rng = random.Random(5)
    site = _site(tmp_path)
    choices = [None, "", "2026-03-01", "2026-03-01T09:30", "2026-04-02", " 2026-03-01", "2026/3/1"]
    site.column("/u/", "通知公告", items=[
        {"title": f"通知{n}", "list_date": rng.choice(choices), "pub_date": rng.choice(choices),
         "written_date": rng.choice(choices)} for n in range(400)])
    facts = Facts.load(site.store, site.crawl_id)
    fields = ("written_date", "pub_date", "list_date")
    every = facts.items
    expected = {tuple(i[f] for f in fields) for i in every
                if isinstance(i["written_date"], str) and i["written_date"] != ""}
    got = facts.distinct_values(fields)
    assert set(got) == expected and len(got) == len(expected) > 20
    chosen = rng.sample(sorted(expected, key=repr), 7) + [("2030-01-01", None, None)]
    rows = facts.items_with_values(fields, chosen)
    assert rows == tuple(i for i in every if tuple(i[f] for f in fields) in set(chosen))
    assert len(rows) > 7
    facts.close()


def test_counts_per_unit_and_per_date_pair_agree_with_counting_the_items(tmp_path):
    """The per-unit counts (an index) and one column's counts per (list date, 发布日期) pair (a
    GROUP BY) against counting the items one by one in Python, on a stored crawl."""
    rng = random.Random(3)
    site = _site(tmp_path)
    site.unit("/v/", "县教育局")
    dates = [None, "", "2025-01-01", "2025-12-31T10:00", "2024-06-30", "2025/1/1"]
    columns = [site.column(unit, name, category="license", items=[
        {"title": f"许可{n}", "list_date": rng.choice(dates), "pub_date": rng.choice(dates)}
        for n in range(rng.randint(0, 150))]) for unit, name in
        [("/u/", "行政许可"), ("/v/", "行政许可"), ("/v/", "行政处罚"), ("/u/", "空栏目")]]
    facts = Facts.load(site.store, site.crawl_id)
    every = facts.items
    for unit in ("/u/", "/v/", "/none/"):
        assert facts.item_count_of_unit(unit) == sum(1 for i in every if i["unit_key"] == unit)
    for column in columns:
        expected: dict = {}
        for item in every:
            if item["column_key"] == column["key"]:
                pair = (item["list_date"], item["pub_date"])
                expected[pair] = expected.get(pair, 0) + 1
        got = facts.value_counts_of(column["key"], ("list_date", "pub_date"))
        assert dict(got) == expected and len(got) == len(expected)
    assert sum(n for c in columns for _, n in facts.value_counts_of(
        c["key"], ("list_date", "pub_date"))) > 100
    facts.close()


def test_derived_work_is_done_once_per_snapshot(tmp_path):
    site = _site(tmp_path)
    calls = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    facts = Facts.load(site.store, site.crawl_id)
    assert facts.derived("k", count) == facts.derived("k", count) == 1
    assert facts.derived("other", count) == 2
    assert Facts.load(site.store, site.crawl_id).derived("k", count) == 3  # a new snapshot
