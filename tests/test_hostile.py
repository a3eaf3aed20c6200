"""The hostile portal (tests/hostile.py) in front of a served replica: whatever the portal or
its CDN answers instead of a page, the audit's findings equal the clean audit's, minus what lay
behind the fault, plus 未能核验 notes; no gap finding rests on a non-page, and the verdict is
never worse than the clean audit's.

Run over the built-in replica (seed 7, three units) and over generated portals
(`replica/portalgen`, seeds 3 and 5 in the layout the crawler reads fully: the hostile cases
test what an unreadable answer does, not discovery). The proxy wraps any served site.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from checks.runner import run_checks
from ground.store import Store
from replica import server
from replica.generator import build_site
from tests.conftest import AS_OF
from tests.hostile import PAGE_CAP, hostile_portal

CODE = ("import sys, json; from crawler.run import run_crawl; "
        "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
        "allow_private=True, extra_settings=json.loads(sys.argv[3])))")
SETTINGS = {"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "GOVAUDIT_PAGE_MAXSIZE": PAGE_CAP,
            "GOVAUDIT_RETRY_AFTER_MAX": 5}
GAP_RULES = ("column.missing", "column.empty", "column.stale", "homepage.stale",
             "interaction.no-channel", "guide.missing", "disclosure.late", "budget.missing",
             "annual-report.missing", "interpretation.missing")
SOURCES = (("replica", 7), ("portalgen", 3), ("portalgen", 5))
RANK = {True: 0, False: 1}


def crawl(url: str, db) -> int:
    proc = subprocess.run([sys.executable, "-c", CODE, url, str(db), json.dumps(SETTINGS)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return int(proc.stdout.split("CRAWL_ID")[1].split()[0])


def audit(db, crawl_id) -> dict:
    store = Store(str(db))
    try:
        audit_id = run_checks(store, crawl_id, AS_OF)
        pages = {urlsplit(p["url"]).path + (("?" + urlsplit(p["url"]).query)
                                            if urlsplit(p["url"]).query else ""): p
                 for p in store.rows("pages", crawl_id)}
        return {"findings": store.findings(audit_id), "verdict": store.audit(audit_id)["verdict"],
                "pages": pages, "columns": {c["key"]: c for c in store.rows("columns", crawl_id)},
                "crawl": store.crawl(crawl_id)}
    finally:
        store.close()


def keys(findings, *, unverified=False) -> set:
    return {(f["rule"], f["fingerprint"]) for f in findings
            if (f["status"] == "unverified") == unverified}


def pick(clean: dict) -> dict:
    """Paths to break, taken from the clean crawl (so any served site can be wrapped)."""
    pages, columns = clean["pages"], clean["columns"]
    platform = next(p for p, row in pages.items() if row["role"] == "platform")
    dated = [k for k, c in columns.items() if c["role"] == "column" and c.get("category")
             and (c.get("item_count") or 0) > 0 and c["list_status"] == "ok"
             and k.startswith(platform)]
    paged = [k for k, c in columns.items() if (c.get("pages_fetched") or 0) > 1]
    lists = sorted(p for p, row in pages.items() if row["role"] == "list"
                   and any(p.startswith(k) for k in paged[:1]))
    articles = sorted(p for p, row in pages.items() if row["role"] == "article")
    return {"platform": platform, "columns": sorted(dated), "page2": lists[0],
            "paged": paged[0], "articles": articles}


@contextmanager
def upstream_site(kind: str, seed: int):
    """Serve one clean site; yield its URL."""
    as_of = dt.date.fromisoformat(AS_OF)
    if kind == "replica":
        with server.start(build_site(seed=seed, size=3, as_of=as_of)) as running:
            yield running.url
        return
    from replica.portalgen import build
    from replica.portalgen.serve import start
    from tests.test_portalgen_e2e import BASELINE

    with start(build(seed, as_of, BASELINE)) as running:
        yield running.url


@pytest.fixture(scope="module", params=SOURCES, ids=lambda p: f"{p[0]}{p[1]}")
def served(request, tmp_path_factory):
    kind, seed = request.param
    tmp = tmp_path_factory.mktemp(f"hostile-{kind}{seed}")
    with upstream_site(kind, seed) as upstream:
        with hostile_portal(upstream, {}) as proxy:
            clean = audit(tmp / "clean.db", crawl(proxy.url, tmp / "clean.db"))
        yield {"upstream": upstream, "clean": clean, "tmp": tmp, "paths": pick(clean)}


def run_hostile(served, name: str, switches: dict, targets: dict | None = None) -> dict:
    with hostile_portal(served["upstream"], switches, targets) as proxy:
        db = served["tmp"] / f"{name}.db"
        return audit(db, crawl(proxy.url, db))


def assert_no_new_accusation(clean: dict, hostile: dict, allowed: set = frozenset()) -> None:
    new = keys(hostile["findings"]) - keys(clean["findings"])
    extra = [(f["rule"], f.get("url") or f.get("column_url"), f["message"])
             for f in hostile["findings"] if (f["rule"], f["fingerprint"]) in new
             and f["status"] != "unverified"
             and not {f.get("column_url"), f.get("url")} & set(allowed)]
    assert not extra, extra
    assert RANK[hostile["verdict"].get("qualified", True)] <= \
        RANK[clean["verdict"].get("qualified", True)]


@pytest.fixture(scope="module")
def waf_home(served):
    return run_hostile(served, "wafhome", {"/": "waf200"})


def test_waf_on_homepage_is_unverified_not_missing(served, waf_home):
    home = waf_home["pages"]["/"]
    assert (home["status"], home["answer"], home["error"]) == (200, "blocked",
                                                              "blocked:challenge")
    assert waf_home["crawl"]["site_name"] != "安全验证"
    rules = {f["rule"] for f in waf_home["findings"] if f["status"] != "unverified"}
    assert not rules & set(GAP_RULES), rules
    notes = [f for f in waf_home["findings"] if f["rule"] == "audit.unverified"]
    assert notes and "blocked:challenge" in notes[0]["message"]
    assert_no_new_accusation(served["clean"], waf_home)


@pytest.fixture(scope="module")
def waf_platform(served):
    return run_hostile(served, "wafplatform", {served["paths"]["platform"]: "js200"})


def test_js_challenge_on_platform_page_hides_nothing_as_missing(served, waf_platform):
    page = waf_platform["pages"][served["paths"]["platform"]]
    assert page["answer"] == "blocked"
    assert not {f["rule"] for f in waf_platform["findings"]} & {"column.missing"}
    assert any(f["rule"] == "audit.unverified" and f.get("url", "").endswith(
        served["paths"]["platform"]) for f in waf_platform["findings"])
    assert_no_new_accusation(served["clean"], waf_platform)


CASES = ("blank200", "nolinks200", "redirect-loop", "retry-after", "waf200")
ARTICLE_CASES = ("timeout", "reset", "robots", "oversized", "retry-after", "soft404")
EXPECTED = {
    "blank200": ("blocked", "blocked:blank"), "nolinks200": ("blocked", "blocked:no-links"),
    "redirect-loop": ("transient", "redirect-loop"),
    "retry-after": ("transient", "unavailable:503"), "waf200": ("blocked", "blocked:challenge"),
    "timeout": ("transient", "timeout"), "reset": ("transient", "reset"),
    "robots": ("refused", "robots"), "oversized": ("refused", "too-large"),
    "soft404": ("soft404", "soft404"),
}


@pytest.fixture(scope="module")
def mixed(served):
    paths = served["paths"]
    columns = [c for c in paths["columns"] if c != paths["paged"]]
    switches = dict(zip(columns, CASES))
    moved = columns[len(CASES)]
    # Articles behind a broken or moved column are never reached: break others.
    articles = [a for a in paths["articles"]
                if not any(a.startswith(c) for c in [*switches, paths["paged"], moved])]
    switches.update(zip(articles[::7], ARTICLE_CASES))
    switches[paths["page2"]] = "timeout"
    switches[moved] = "redirect-real"
    targets = {moved: columns[len(CASES) + 1]}
    run = run_hostile(served, "mixed", switches, targets)
    run["moved_to"] = targets[moved]
    return switches, moved, run


def test_each_fault_is_recorded_as_what_it_is(mixed):
    switches, moved, run = mixed
    for path, case in switches.items():
        if case == "redirect-real":
            continue
        page = run["pages"][path]
        assert (page["answer"], page["error"]) == EXPECTED[case], (path, case, page)


def test_only_a_soft_404_or_http_error_is_a_broken_link(served, mixed):
    switches, moved, run = mixed
    broken = {urlsplit(f["url"]).path for f in run["findings"] if f["rule"] == "link.broken"}
    clean = {urlsplit(f["url"]).path for f in served["clean"]["findings"]
             if f["rule"] == "link.broken"}
    soft = {p for p, case in switches.items() if case == "soft404"}
    assert broken == clean | soft


def test_no_gap_rests_on_a_non_page_and_the_verdict_is_no_worse(served, mixed):
    switches, moved, run = mixed
    soft = {run["pages"][p]["url"] for p, case in switches.items() if case == "soft404"}
    assert_no_new_accusation(served["clean"], run, allowed=soft | {run["pages"][moved]["url"]})
    for path, case in switches.items():
        if path in run["columns"] and case != "redirect-real":
            assert run["columns"][path]["list_status"] in ("failed", "blocked"), (path, case)
            assert any(f["rule"] == "audit.unverified" and f.get("column_url", "").endswith(path)
                       for f in run["findings"]), (path, case)


def test_a_column_that_redirects_is_judged_by_its_target(mixed):
    switches, moved, run = mixed
    page = run["pages"][moved]
    # The target is a column crawled on its own too: the duplicate filter no longer drops it.
    assert page["answer"] == "page" and page["final_url"].endswith(run["moved_to"])
    assert run["columns"][moved]["list_status"] == "ok"
    assert not any(f["rule"] == "column.missing" and (f.get("column_url") or "").endswith(moved)
                   for f in run["findings"])


def test_failed_page_two_leaves_a_partial_list_with_a_note(served, mixed):
    switches, moved, run = mixed
    column = run["columns"][served["paths"]["paged"]]
    assert column["list_status"] == "partial"
    notes = [f for f in run["findings"] if f["rule"] == "audit.unverified"
             and (f.get("column_url") or "").endswith(served["paths"]["paged"])]
    assert notes and "未能" in notes[0]["message"]
