"""Generated portals' annual reports (replica/portalgen/reports.py): each carries the replica's
full report text in the article or a Word attachment, the planted faults are where the manifest
says, and an audit finds exactly those."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from bench.accuracy_run import audit_seed
from replica.portalgen.reports import DEFECTS
from replica.portalgen.site import build

AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def portals():
    return [build(seed, AS_OF) for seed in range(10)]


def _text(built, unit, item) -> str:
    codec = "utf-8" if built.portal.layout["encoding"] == "utf-8" else "gbk"
    html = built.pages[unit.host][item.path][2].decode(codec)
    for key, (_, _, data) in built.pages[unit.host].items():
        if key.endswith(".docx") and key in html:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return z.read("word/document.xml").decode("utf-8")
    return html


def test_reports_carry_their_text_and_faults_where_the_manifest_says(portals):
    forms, planted = set(), {d: 0 for d in DEFECTS}
    for b in portals:
        marks = {d["url_path"].split("@@", 2)[2]: d["defect"] for d in b.manifest["defects"]
                 if d["defect"] in DEFECTS}
        for unit in b.portal.units:
            for col in unit.all_columns():
                for item in col.items:
                    if not item.report or not item.served:
                        continue
                    forms.add(item.report["form"])
                    assert item.report["defect"] == marks.get(item.path)
                    text = _text(b, unit, item)
                    year = item.report["year"]
                    assert f"统计期限为{year}年1月1日至{year}年12月31日" in text
                    defect = item.report["defect"]
                    if defect:
                        planted[defect] += 1
                    assert ("存在的主要问题及改进情况" in text) == (defect != "missing-section")
                    assert ("XXXX年" in text) == (defect == "placeholder")
                    assert ("本年新制作数量" in text) == (defect == "old-template")
    assert forms == {"article", "docx"}
    assert all(planted.values()), planted


@pytest.mark.parametrize("seed", [6, 8])  # an old table 二, placeholders
def test_planted_report_faults_are_found_exactly(seed, tmp_path):
    result = audit_seed(seed, AS_OF, tmp_path)
    assert result.error is None and result.crawl_status == "complete"
    rules = ("annual-report.incomplete", "annual-report.outdated-template",
             "annual-report.residue")
    counts = {r: result.counts[r] for r in rules}
    assert sum(c["tp"] for c in counts.values()) >= 1
    assert all(c["fp"] == 0 and c["fn"] == 0 for c in counts.values()), (
        counts, result.missed, result.unexpected)
    assert result.exact, (result.missed, result.unexpected)
