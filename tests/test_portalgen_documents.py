"""Generated portals' slips in high-risk terms and unreadable attachments
(replica/portalgen/documents.py): where they are planted, what the pages carry, and that an audit
finds exactly those (content.serious-error counts its 疑似 findings, document.unreadable its
未能核验 ones: the statuses the pack declares for rules that never fail)."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.accuracy_run import audit_seed, counted
from replica.portalgen.site import build

AS_OF = dt.date(2026, 11, 27)


def test_the_bench_counts_the_declared_status_of_rules_that_never_fail():
    assert counted("content.serious-error") == {"suspected"}
    assert counted("document.unreadable") == {"unverified"}
    assert counted("budget.tables-missing") == {"fail"}  # 未能核验 there is no accusation


@pytest.mark.parametrize("seed", range(8))
def test_each_plant_is_on_one_served_article_of_a_listed_unit(seed):
    built = build(seed, AS_OF)
    p = built.portal
    codec = "utf-8" if p.layout["encoding"] == "utf-8" else "gbk"
    slips = [i for u in p.units for c in u.all_columns() for i in c.items if i.slip]
    docs = [(u, i) for u in p.units for c in u.all_columns() for i in c.items if i.legacy_doc]
    planted = {d["defect"]: d for d in built.manifest["defects"]
               if d["defect"] in ("serious_error", "legacy_doc")}
    assert len(slips) == ("serious_error" in planted) and len(docs) == ("legacy_doc" in planted)
    for item in slips:
        assert planted["serious_error"]["url_path"].endswith(item.path)
    for unit, item in docs:
        assert unit.listed and planted["legacy_doc"]["unit"] == unit.name
        html = built.pages[unit.host][item.path][2].decode(codec)
        doc = next(k for k in built.pages[unit.host] if k.endswith(".doc") and k in html)
        assert built.pages[unit.host][doc][2].startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 file


@pytest.mark.parametrize("seed", [3])
def test_slips_and_unreadable_files_are_found_exactly(seed, tmp_path):
    """Seed 3 plants both."""
    result = audit_seed(seed, AS_OF, tmp_path)
    assert result.error is None and result.crawl_status == "complete"
    counts = {r: result.counts[r] for r in ("content.serious-error", "document.unreadable")}
    assert all(c == {"tp": 1, "fp": 0, "fn": 0} for c in counts.values()), (
        counts, result.missed, result.unexpected)
    assert result.exact, (result.missed, result.unexpected)
