"""Annual-report content rules over stored facts: the analyser reads each unit's reports
(article body or attachment) once; each rule reports one finding per report."""

import datetime as dt
import random

from ground.documents import Document, Table
from replica import annual_reports as ar
from tests.store_builder import SiteBuilder
from tests.test_annual_analyse import as_text

AS_OF = dt.date(2026, 11, 27)
UNIT = "示例县教育局"
RULES = ["annual-report.incomplete", "annual-report.inconsistent", "annual-report.outdated-template",
         "annual-report.residue", "annual-report.copied", "annual-report.shuanggongshi"]


def plan(year, defect=None, previous=None, licences=5):
    return ar.build(UNIT, "department", year, random.Random(year), licences=licences,
                    penalties=2, defect=defect, previous=previous)


def document(url, rep, kind="html"):
    tables = [Table(rows=rep.grid_rows(v)) for k, v in rep.blocks if k == "table"]
    return Document(url=url, kind=kind, text=as_text(rep), tables=tables)


def site(tmp_path, reports, attachment=None, licence_items=0):
    """One department with an annual-report column holding `reports` ({year: plan})."""
    b = SiteBuilder(tmp_path / "g.db")
    b.unit("/u/", UNIT, "department")
    items = [{"title": r.title, "pub_date": f"{y + 1}-01-20", "list_date": f"{y + 1}-01-20"}
             for y, r in sorted(reports.items())]
    col = b.column("/u/", "政府信息公开年报", key="/u/nb/", category="annual-report", items=items)
    for row, (year, rep) in zip(col["items"], sorted(reports.items())):
        if attachment and year == attachment[0]:
            b.store.record_document(b.crawl_id, Document(url=row["url"], kind="html",
                                                         text="现将年度报告予以公开，详见附件。"))
            att = row["url"].replace(".html", ".docx")
            b.link(row["url"], att, "年度报告.docx", kind="attachment")
            doc = attachment[1](att, rep)
            b.store.record_document(b.crawl_id, doc)
        else:
            b.store.record_document(b.crawl_id, document(row["url"], rep))
    if licence_items:
        b.column("/u/", "行政许可", key="/u/xzxk/", category="license",
                 items=[{"title": f"行政许可结果公示（第{n}期）", "list_date": f"2025-0{n % 9 + 1}-10"}
                        for n in range(licence_items)])
    audit_id, findings = b.audit(as_of=AS_OF)
    return b.store.analyses(audit_id), [f for f in findings if f["rule"] in RULES]


def test_clean_reports_are_analysed_and_silent(tmp_path):
    analyses, findings = site(tmp_path, {2024: plan(2024), 2025: plan(2025)})
    assert findings == []
    assert sorted(a["year"] for a in analyses) == [2024, 2025]
    latest = next(a for a in analyses if a["year"] == 2025)
    assert latest["kind"] == "annual-report" and latest["unit_key"] == "/u/"
    assert latest["summary"]["template"] == "2021"
    assert latest["summary"]["tables"]["t3"] == plan(2025).cells["t3"]


def test_copied_report(tmp_path):
    old = plan(2024)
    _, findings = site(tmp_path, {2024: old, 2025: plan(2025, "copied", previous=old)})
    [f] = findings
    assert f["rule"] == "annual-report.copied" and "2025" in f["message"]
    assert f["evidence"]["share"] >= 0.85
    assert f["url"].endswith(".html") and f["category"] == "annual-report"


def test_inconsistent_report_carries_the_cells(tmp_path):
    _, findings = site(tmp_path, {2025: plan(2025, "broken-identity")})
    [f] = findings
    assert f["rule"] == "annual-report.inconsistent"
    cells = [c for p in f["evidence"]["problems"] for c in p["cells"]]
    assert {"table": "t3", "row": "一", "column": "自然人"}.items() <= cells[0].items()


def test_report_attached_as_docx_is_read_from_the_attachment(tmp_path):
    rep = plan(2025, "missing-section")
    analyses, findings = site(tmp_path, {2025: rep},
                              attachment=(2025, lambda url, r: document(url, r, kind="docx")))
    [f] = findings
    assert f["rule"] == "annual-report.incomplete"
    assert analyses[0]["summary"]["document_url"].endswith(".docx")
    assert f["evidence"]["document_url"].endswith(".docx")


def test_unreadable_attached_report_is_not_judged(tmp_path):
    rep = plan(2025, "missing-section")
    unreadable = (2025, lambda url, r: Document(url=url, kind="doc", status="needs-review",
                                                note="DOC 旧版 Word 格式无法自动读取"))
    analyses, findings = site(tmp_path, {2025: rep}, attachment=unreadable)
    assert findings == []
    assert analyses[0]["summary"]["status"] == "needs-review"


def test_fewer_licences_reported_than_published_is_for_review(tmp_path):
    _, findings = site(tmp_path, {2025: plan(2025, licences=3)}, licence_items=6)
    [f] = findings
    assert f["rule"] == "annual-report.shuanggongshi" and f["status"] == "unverified"
    assert f["evidence"]["reported"] == 3 and f["evidence"]["published"] == 6
    _, findings = site(tmp_path / "b", {2025: plan(2025, licences=6)}, licence_items=6)
    assert findings == []
