"""Report pages of analysed documents: what was found, the tables with the failing cells
highlighted, the findings; crawled content escaped."""

from __future__ import annotations

import datetime as dt
import json
import random
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from ground.documents import Document, Table
from replica import annual_reports as ar
from reports.render import write_report
from tests.store_builder import SiteBuilder
from tests.test_annual_analyse import as_text


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_demo_report_has_a_page_per_annual_report_with_bad_cells_marked(demo_run):
    out, _ = demo_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pages = sorted((out / "documents").glob("*.html"))
    assert len(pages) == len(manifest["annual_reports"])
    broken = next(r for r in manifest["annual_reports"] if r["defect"] == "broken-identity")
    page = next(p for p in pages if urlsplit(broken["path"]).path in p.read_text(encoding="utf-8"))
    soup = _soup(page)
    bad = [td.get_text(strip=True) for td in soup.select("td.bad")]
    t3 = broken["cells"]["t3"]
    assert str(t3["一"]["自然人"]) in bad and str(t3["四"]["总计"]) in bad
    assert "annual-report.inconsistent" in soup.get_text()
    # The unit page links to it.
    units = [p for p in (out / "units").glob("*.html") if page.name in p.read_text(encoding="utf-8")]
    assert units and "年度报告分析" in units[0].read_text(encoding="utf-8")


def test_document_page_escapes_crawled_content(tmp_path):
    rep = ar.build("示例县教育局", "department", 2025, random.Random(1), licences=1, penalties=0,
                   defect="broken-identity")
    rep.title = "<script>alert(1)</script>示例县教育局2025年政府信息公开工作年度报告"
    b = SiteBuilder(tmp_path / "g.db")
    b.unit("/u/", "示例县教育局", "department")
    col = b.column("/u/", "政府信息公开年报", key="/u/nb/", category="annual-report",
                   items=[{"title": rep.title, "pub_date": "2026-01-20"}])
    url = col["items"][0]["url"]
    tables = [Table(rows=rep.grid_rows(v)) for k, v in rep.blocks if k == "table"]
    b.store.record_document(b.crawl_id, Document(url=url, kind="html", text=as_text(rep), tables=tables))
    audit_id, _ = b.audit(as_of=dt.date(2026, 11, 27))
    write_report(b.store, audit_id, tmp_path / "out")
    [page] = (tmp_path / "out" / "documents").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert _soup(page).select("td.bad")
