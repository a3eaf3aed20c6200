"""The analyses computed once per snapshot (checks/analyses.py `analysed`) belong to that
snapshot alone: a later snapshot that happens to take a freed one's id() must not be handed the
freed one's rows (the rule fixtures, which never call `forget`, once judged one case's report
with the previous case's analysis, depending on the order tests ran in)."""

from __future__ import annotations

import datetime as dt
import gc

from checks import analyses
from checks.facts import Facts

DAY = dt.date(2026, 11, 27)


def _snapshot(site: str) -> Facts:
    return Facts.build({"id": 1, "site_url": site})


def test_a_snapshot_never_receives_the_rows_of_a_freed_snapshot_with_its_id(monkeypatch):
    monkeypatch.setitem(analyses._ANALYSERS, "test-site", lambda facts, as_of: [
        {"site": facts.site_url}])
    first = _snapshot("http://a.example/")
    assert analyses.analysed(first, "test-site", DAY) == [{"site": "http://a.example/"}]
    second = _snapshot("http://b.example/")
    # CPython gives a new object a freed one's address when it can, and id() is that address;
    # when and whether is up to the allocator, so the coincidence is made here: the first
    # snapshot's cached rows now sit under the id the second one has, and the first is freed
    # without `forget` (as a caller that stops early leaves it).
    monkeypatch.setitem(analyses._CACHE, (id(second), "test-site", DAY),
                        analyses._CACHE.pop((id(first), "test-site", DAY)))
    del first
    gc.collect()
    assert analyses.analysed(second, "test-site", DAY) == [{"site": "http://b.example/"}]
    analyses.forget(second)


def test_one_snapshot_is_analysed_once(monkeypatch):
    calls = []
    monkeypatch.setitem(analyses._ANALYSERS, "test-count", lambda facts, as_of: calls.append(1)
                        or [{"n": len(calls)}])
    facts = _snapshot("http://a.example/")
    assert analyses.analysed(facts, "test-count", DAY) == [{"n": 1}]
    assert analyses.analysed(facts, "test-count", DAY) == [{"n": 1}]
    analyses.forget(facts)
    assert analyses.analysed(facts, "test-count", DAY) == [{"n": 2}]
    analyses.forget(facts)
