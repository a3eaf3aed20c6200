"""Checks on two processes: the same audit as on one, and the split only where it pays off.

A big finished crawl is checked with part of the rules in a second process (checks/parallel.py);
nothing the user sees may depend on that choice."""

from __future__ import annotations

import logging
import os
import sqlite3
import time

from checks import parallel
from checks.runner import run_checks
from ground.store import Store
from tests.conftest import AS_OF


def _one_process_audit(demo_run, tmp_path) -> tuple[Store, int, int]:
    """A copy of the demo's store (shared by other tests; backup copies the WAL too), its
    crawl, and that crawl audited in one process."""
    out, _ = demo_run
    with sqlite3.connect(out / "govaudit.db") as a, sqlite3.connect(tmp_path / "g.db") as b:
        a.backup(b)
    store = Store(tmp_path / "g.db")
    crawl_id = store.latest_crawl_id()
    return store, crawl_id, run_checks(store, crawl_id, AS_OF, processes=1)


def _audit(store: Store, audit_id: int) -> tuple:
    findings = [(f["rule"], f["status"], f["severity"], f["fingerprint"], f["unit_name"],
                 f["url"], f["message"], f["evidence"], f["lifecycle"])
                for f in store.findings(audit_id)]
    analyses = [(a["kind"], a["url"], a["unit_key"], a["year"], a["summary"])
                for a in store.analyses(audit_id)]
    return findings, analyses, store.audit(audit_id)["verdict"]


def test_two_processes_give_the_same_audit_as_one(demo_run, tmp_path, caplog,
                                                    monkeypatch):
    store, crawl_id, one = _one_process_audit(demo_run, tmp_path)
    sent = []

    class Recorded(parallel.Second):
        def __init__(self, fn, *args):
            sent.extend(args[-1])  # the rule ids given to the second process
            super().__init__(fn, *args)

    monkeypatch.setattr(parallel, "Second", Recorded)
    with caplog.at_level(logging.WARNING, logger="checks.parallel"):
        two = run_checks(store, crawl_id, AS_OF, processes=2)
    assert not caplog.records  # the second process ran (no fallback to one process)
    # the budget and interpretation families stayed here with their analyses (whose results
    # are big: the budget's stored after the annual reports'), and so did the serious-error
    # search and the broken links (which read the links to a few URLs only); the annual-report
    # family went with its analyser, and so did the other rules reading no analysis, the
    # personal-data rule among them
    assert "disclosure.late" in sent and "annual-report.late" in sent
    assert "privacy.exposed" in sent and "column.missing" in sent
    assert not [r for r in sent
                if r.startswith(("budget.", "interpretation.", "content.", "link."))]
    first, second = _audit(store, one), _audit(store, two)
    # the second audit sees the first as its predecessor: every finding is `persisting`
    assert [f[:-1] for f in first[0]] == [f[:-1] for f in second[0]]
    assert {f[-1] for f in second[0]} == {"persisting"}
    assert first[1:] == second[1:]
    assert len(first[0]) > 30 and len(first[1]) > 10  # the demo's defects and analyses


def test_the_second_process_is_another_interpreter():
    second = parallel.Second(os.getpid)
    assert second.result() not in (None, os.getpid())


def _hold_until_told(go: str, released: str):
    """A second process's work that keeps holding what it made until the file `go` exists."""
    try:
        yield os.getpid()
    finally:
        while not os.path.exists(go):
            time.sleep(0.01)
        with open(released, "w") as f:
            f.write("released")


def test_the_result_is_taken_before_the_second_process_releases_its_work(tmp_path):
    go, released = tmp_path / "go", tmp_path / "released"
    second = parallel.Second(_hold_until_told, str(go), str(released))
    # the result arrives while the other process still holds its work (a million-item
    # snapshot in an audit): the runner stores the audit meanwhile
    assert second.result() not in (None, os.getpid())
    assert not released.exists()
    go.touch()
    second.close()  # waits for the process: its work was released, then it ended
    assert released.read_text() == "released"


def test_a_failing_second_process_hands_its_work_back(caplog):
    with caplog.at_level(logging.WARNING, logger="checks.parallel"):
        assert parallel.Second(int, "不是数字").result() is None  # raised there
        assert parallel.Second(os._exit, 3).result() is None  # the process died
    assert [r.getMessage().startswith("second check process failed")
            for r in caplog.records] == [True, True]


def test_rules_reading_a_stored_analysis_stay_with_the_runner():
    own, other = parallel.split(["column.stale", "budget.missing", "annual-report.late",
                                 "link.broken", "budget.mismatch"], {"budget", "annual-report"})
    assert own == ["budget.missing", "annual-report.late", "budget.mismatch"]
    assert other == ["column.stale", "link.broken"]
    # a family kept by the runner (a heavy rule reading no analysis) stays with it too
    own, other = parallel.split(["column.stale", "privacy.exposed", "annual-report.late"],
                                {"annual-report"}, ("privacy",))
    assert own == ["privacy.exposed", "annual-report.late"] and other == ["column.stale"]


def test_families_go_with_their_analyses_and_storing_keeps_the_one_process_order(
        monkeypatch):
    # as shipped: the annual-report analyser goes, the budget analyser (the largest single
    # cost, and the largest result) and the interpretation family stay
    assert parallel.movable({"budget", "annual-report", "interpretation"}) == {"annual-report"}
    assert parallel.movable({"budget", "interpretation"}) == set()
    monkeypatch.setattr(parallel, "SECOND_FAMILIES", ("interpretation", "budget"))
    assert parallel.movable({"budget", "interpretation"}) == {"budget", "interpretation"}
    # the runner stores what sorts before all of the second's analyses while waiting, the
    # rest after it, merged in order
    own = ["interpretation-coverage", "annual-report"]
    assert parallel.storing_order(own, ["budget"]) == (
        ["annual-report"], ["budget", "interpretation-coverage"])
    assert parallel.storing_order(own, []) == (["annual-report", "interpretation-coverage"], [])
    assert parallel.storing_order(own, ["aaa"]) == (
        [], ["aaa", "annual-report", "interpretation-coverage"])
    assert parallel.storing_order([], ["budget"]) == ([], ["budget"])


def test_only_big_finished_crawls_are_split(monkeypatch):
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    assert parallel.should_split("complete", parallel.MIN_ITEMS, None)
    assert not parallel.should_split("complete", parallel.MIN_ITEMS - 1, None)
    # a crawl still being written could differ between the two processes' snapshots
    assert not parallel.should_split("running", 10 * parallel.MIN_ITEMS, None)
    assert parallel.should_split("running", 0, 2) and not parallel.should_split("complete",
                                                                               10**7, 1)
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    assert not parallel.should_split("complete", 10 * parallel.MIN_ITEMS, None)


def test_when_the_second_process_fails_its_rules_and_analyses_are_done_here(demo_run, tmp_path,
                                                                            monkeypatch):
    store, crawl_id, one = _one_process_audit(demo_run, tmp_path)

    class Failed(parallel.Second):
        def result(self):
            super().result()
            return None  # as when the process crashed

    monkeypatch.setattr(parallel, "Second", Failed)
    two = run_checks(store, crawl_id, AS_OF, processes=2)
    first, second = _audit(store, one), _audit(store, two)
    assert [f[:-1] for f in first[0]] == [f[:-1] for f in second[0]]
    assert first[1:] == second[1:]
    assert "interpretation-coverage" in {a[0] for a in second[1]}


def test_the_second_process_starts_before_the_runner_reads_its_facts(demo_run, tmp_path,
                                                                      monkeypatch):
    # its start and its own reading of the facts overlap the runner's reading (fourth pass of
    # docs/checks-performance.md); the audit is still the one-process audit
    from checks import facts as facts_mod

    store, crawl_id, one = _one_process_audit(demo_run, tmp_path)
    events = []

    class Recorded(parallel.Second):
        def __init__(self, fn, *args):
            events.append("second started")
            super().__init__(fn, *args)

    load = facts_mod.Facts.load.__func__

    def recorded_load(cls, *args, **kwargs):
        events.append("runner reads facts")
        return load(cls, *args, **kwargs)

    monkeypatch.setattr(parallel, "Second", Recorded)
    monkeypatch.setattr(facts_mod.Facts, "load", classmethod(recorded_load))
    two = run_checks(store, crawl_id, AS_OF, processes=2)
    assert events == ["second started", "runner reads facts"]
    first, second = _audit(store, one), _audit(store, two)
    assert [f[:-1] for f in first[0]] == [f[:-1] for f in second[0]] and first[1:] == second[1:]


def test_an_unknown_crawl_starts_no_second_process(demo_run, tmp_path, monkeypatch):
    import pytest

    from ground.store import StoreError

    store, crawl_id, _ = _one_process_audit(demo_run, tmp_path)
    started = []
    monkeypatch.setattr(parallel, "Second", lambda *args: started.append(args))
    with pytest.raises(StoreError):
        run_checks(store, crawl_id + 99, AS_OF, processes=2)
    assert started == []
