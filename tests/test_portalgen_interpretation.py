"""Generated portals' 行政规范性文件 and their 政策解读 (replica/portalgen/interpretation.py): each
document is linked with one 解读 unless the manifest says it has none, a planted late 解读 comes
weeks after its document and a clean one within a day, and an audit finds exactly what is
planted."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.accuracy_run import audit_seed
from replica.portalgen.extra import HOLIDAY_SLACK, _thresholds
from replica.portalgen.interpretation import NORMATIVE
from replica.portalgen.site import build

AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def portals():
    return [build(seed, AS_OF) for seed in range(20)]


def _pairs(built):
    """document item -> its 解读 items (linked either way), and the documents' columns."""
    p = built.portal
    docs = {i.docid: (c, i) for u in p.units for c in u.all_columns()
            if c.role == "column" and NORMATIVE in c.name for i in c.items if not i.interprets}
    linked = {docid: [] for docid in docs}
    for u in p.units:
        for c in u.all_columns():
            for item in c.items:
                for _, other, _, _ in item.related:
                    if item.docid in docs:
                        linked[item.docid].append(other)
                    elif other.docid in docs:
                        linked[other.docid].append(item)
    return docs, linked


def test_documents_are_interpreted_unless_planted(portals):
    planted = {"uninterpreted": 0, "interpretation_holiday": 0}
    for b in portals:
        docs, linked = _pairs(b)
        by_path = {i.path: i.docid for _, i in docs.values()}
        marks = {}
        for d in b.manifest["defects"]:
            if d["defect"] in planted:
                planted[d["defect"]] += 1
                docid = by_path[d["url_path"].split("@@", 2)[2]]
                col, _ = docs[docid]
                assert d["column_url"].endswith(col.path) and d["unit"] == col.unit.name
                marks[docid] = d["defect"]
        for docid, (col, doc) in docs.items():
            jds = {j.docid: j for j in linked[docid]}
            if marks.get(docid) == "uninterpreted":
                assert not jds
                continue
            assert len(jds) == 1, (b.portal.seed, doc.title)
            (jd,) = jds.values()
            assert jd.interprets == docid and ("解读" in jd.title or "图解" in jd.title)
            # listed somewhere the audit reads: a column of the portal
            assert any(jd in c.items for u in b.portal.units for c in u.all_columns())
            late = (jd.date - doc.date).days
            if marks.get(docid) == "interpretation_holiday":
                limit = int(_thresholds("interpretation_holiday")["workdays"])
                assert late > 3 * limit * 7 // 5 + HOLIDAY_SLACK  # far beyond the pack's limit
            else:
                assert 0 <= late <= 1
    assert all(planted.values()), planted


def test_article_pages_show_the_links(portals):
    b = next(b for b in portals if any(i.related for u in b.portal.units
                                       for c in u.all_columns() for i in c.items))
    codec = "utf-8" if b.portal.layout["encoding"] == "utf-8" else "gbk"
    for u in b.portal.units:
        for c in u.all_columns():
            for item in c.items:
                if not item.related or not item.served:
                    continue
                html = b.pages[u.host][item.path][2].decode(codec)
                for label, other, _, _ in item.related:
                    assert label in html and other.path in html


@pytest.mark.parametrize("seed", [1, 10])
def test_planted_interpretation_defects_are_found_exactly(seed, tmp_path):
    """Seeds 1 and 10 each plant an uninterpreted document and a late 解读."""
    result = audit_seed(seed, AS_OF, tmp_path)
    assert result.error is None and result.crawl_status == "complete"
    counts = {r: result.counts[r] for r in ("interpretation.missing", "interpretation.late")}
    assert all(c["tp"] == 1 and c["fp"] == 0 and c["fn"] == 0 for c in counts.values()), (
        counts, result.missed, result.unexpected)
    assert result.exact, (result.missed, result.unexpected)
