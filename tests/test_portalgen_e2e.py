"""End to end on generated portals: crawl + checks on seeds 0..7 (and on two portals of the
layout today's crawler was built for), with the findings of the planted-defect rules compared
with each manifest (bench/accuracy_run.py).

Every seed must be audited exactly, and no `column.missing` may rest on a unit whose navigation
was not read completely (its landing page, every navigation frame and every container answered
and was parsed, nothing left to script). No seed may crash or leave its crawl unfinished.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlite_utils

from bench.accuracy_run import audit_seed

AS_OF = dt.date(2026, 11, 27)
# The layout the built-in replica has (and today's discovery relies on): everything nested below
# the platform, plain links, standard names.
BASELINE = {"unit_index": "child", "unit_location": "nested", "column_scheme": "nested",
            "nav_form": "a-href", "list_markup": "ul", "date_format": "iso", "pager": "static",
            "encoding": "utf-8", "column_names": "standard", "container": "statutory"}


# Every layout axis value appears among seeds 0..49 (tests/test_portalgen.py); these eight are
# audited in the suite, all fifty (and a hold-out fifty) by `python -m bench.accuracy`.
SEEDS = list(range(8))


def _describe(result) -> str:
    lines = [f"seed {result.seed} layout {result.layout}",
             f"units found {result.units}, columns found {result.columns}"]
    lines += ["missed: " + json.dumps(d, ensure_ascii=False)[:240] for d in result.missed]
    lines += ["wrong: " + json.dumps(f, ensure_ascii=False)[:240] for f in result.unexpected]
    return "\n".join(lines)


def _check(result) -> None:
    assert result.error is None, result.error
    assert result.crawl_status == "complete"
    assert result.exact, _describe(result)


@pytest.mark.parametrize("seed", [3, 5])
def test_the_baseline_layout_is_audited_exactly(seed, tmp_path):
    """The oracle plants only what its manifest says: where the crawler can read the layout,
    every planted defect is found and nothing else is reported."""
    result = audit_seed(seed, AS_OF, tmp_path, overrides=BASELINE)
    _check(result)
    assert sum(c["tp"] for c in result.counts.values()) >= 4
    assert result.units[0] == result.units[1] or result.units[1] - result.units[0] == 1


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_findings_match_the_manifest(seed, tmp_path):
    result = audit_seed(seed, AS_OF, tmp_path)
    _check(result)
    _no_missing_on_unread_navigation(tmp_path / f"portal-{seed}.db")


def _no_missing_on_unread_navigation(db_path) -> None:
    """Each column.missing names a unit whose landing page answered, whose navigation offered
    column links and was not left to script or to a frame that failed, and none of whose
    containers failed or went unread."""
    db = sqlite_utils.Database(db_path)
    audit = db.execute("select max(id), max(crawl_id) from audits").fetchone()
    units = {u["key"]: u for u in db["units"].rows_where("crawl_id = ?", [audit[1]])}
    missing = list(db["findings"].rows_where("audit_id = ? and rule = 'column.missing'",
                                             [audit[0]]))
    for finding in missing:
        unit = units[finding["unit_key"]]
        assert unit["page_status"] == "ok", finding["message"]
        assert unit["nav_unread"] is None and (unit["nav_found"] or 0) > 0, finding["message"]
        containers = db.execute(
            "select name, list_status from columns where crawl_id = ? and unit_key = ? "
            "and role = 'container'", [audit[1], unit["key"]]).fetchall()
        assert all(status == "ok" for _, status in containers), (finding["message"], containers)


# The county's news column reached only through a homepage headline's 更多 link and its
# 法定主动公开内容 container, with query-string column addresses: the homepage link made the
# column "site chrome", the container did not adopt it, and column.missing accused the county
# (seeds 15 and 67 of `python -m bench.accuracy`). The layout is forced on other seeds; 6, 11 and
# 19 are those whose county news column then sits in the container (each accused before).
HOME_HEADLINE = {"column_scheme": "query", "container": "statutory", "homepage_news": "headline",
                 "pager": "query"}


@pytest.mark.parametrize("seed", [6, 11, 19])
def test_a_county_column_linked_from_the_homepage_is_still_read(seed, tmp_path):
    result = audit_seed(seed, AS_OF, tmp_path, overrides=HOME_HEADLINE)
    assert not result.error, result.error
    # Nothing wrongly accused; every planted column defect found. (homepage.stale is not judged
    # on a homepage whose only news is an undated headline: a miss, docs/accuracy.md.)
    assert not result.unexpected, _describe(result)
    assert not [d for d in result.missed if d.get("rule", "").startswith("column.")], \
        _describe(result)


# Nested (TRS-like) columns whose lists show 共N页 and link their pages as ?page=N: the crawler
# also guessed index_1.html, got 404, and left every two-page list partial, so budget.missing
# was 未能核验 where a final account was really missing (seeds 31 and 36 of the accuracy run).
@pytest.mark.parametrize("seed", [31, 36])
def test_lists_linking_their_own_pages_are_read_whole(seed, tmp_path):
    result = audit_seed(seed, AS_OF, tmp_path)
    assert result.exact, _describe(result)
