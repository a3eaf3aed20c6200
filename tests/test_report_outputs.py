"""HTML outputs people act on: the trend chart over audits, per-rule pages, the print
stylesheet, the single-file unit report (`report --unit`) and the ledger's 整改期限 option."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from reports.render import UnknownUnit, write_report, write_unit_report
from tests.conftest import run_govaudit
from tests.store_builder import SiteBuilder, days_ago

EVIL = "<script>document.title='PWNED'</script>"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/", "示例县人民政府", "county")
    site.compliant_unit("/xxgk/czj/", f"县财政局{EVIL}", "department", skip=("guide",))
    site.column("/xxgk/czj/", "财政预决算", key="/xxgk/czj/czyjs/", category="budget")
    return site


def test_trend_chart_shows_every_audit_of_the_site(site, tmp_path):
    first, _ = site.audit("2026-11-27")
    second, findings = site.audit("2026-12-04")
    write_report(site.store, second, tmp_path / "out")
    doc = soup(tmp_path / "out" / "index.html")
    svg = doc.select_one("#trend ~ .charts .trend-box svg.trend")
    assert svg is not None and not doc.find_all("script", id=lambda v: v != "govaudit-sort")
    labels = [t.get_text() for t in svg.find_all("text")]
    assert "2026-11-27" in labels and "2026-12-04" in labels
    gaps = sum(1 for f in findings if f["status"] == "fail")
    assert [t.get_text() for t in svg.select("text.total")] == [str(gaps), str(gaps)]
    # Bars by severity: their titles add up to the gaps of each audit.
    majors = [r for r in svg.select("rect.bar-major")]
    assert len(majors) == 2 and all(r.title.get_text().endswith(str(gaps)) for r in majors)


def test_one_page_per_rule_lists_its_findings_with_their_units(site, tmp_path):
    audit_id, findings = site.audit()
    write_report(site.store, audit_id, tmp_path / "out")
    out = tmp_path / "out"
    rules = sorted({f["rule"] for f in findings})
    assert sorted(p.stem for p in (out / "rules").iterdir()) == rules
    index = soup(out / "index.html")
    hrefs = [a["href"] for a in index.select("table.rules a")]
    assert sorted(hrefs) == sorted(f"rules/{r}.html" for r in rules)
    page = soup(out / "rules" / "column.empty.html")
    assert page.h1.get_text() == "空白栏目"
    assert f"单位：县财政局{EVIL}" in [p.get_text() for p in page.select("p.unit-name")]
    assert not page.find_all("script", id=lambda v: v != "govaudit-sort")


def test_print_stylesheet_makes_a_clean_pdf(site, tmp_path):
    audit_id, _ = site.audit()
    write_report(site.store, audit_id, tmp_path / "out")
    css = soup(tmp_path / "out" / "index.html").style.get_text()
    assert "@page" in css and "size: A4" in css
    printed = css[css.index("@media print"):]
    assert "break-inside: avoid" in printed and ".noprint" in printed


def test_unit_report_is_one_self_contained_file(site, tmp_path):
    audit_id, findings = site.audit()
    path = write_unit_report(site.store, audit_id, f"县财政局{EVIL}", tmp_path / "one")
    assert list((tmp_path / "one").iterdir()) == [path]
    doc = soup(path)
    assert doc.h1.get_text() == f"县财政局{EVIL}"
    assert not doc.find_all("script", id=lambda v: v != "govaudit-sort") and not doc.find_all("link")
    # Nothing refers to another file: links go to the audited site (http) or embedded data.
    for tag in doc.find_all(True):
        for attr in ("href", "src"):
            value = tag.get(attr)
            assert value is None or re.match(r"(https?:|data:application/gzip;base64,|#)", value), value
    messages = [p.get_text() for p in doc.select(".finding .msg")]
    assert any("政府信息公开指南" in m for m in messages)
    with pytest.raises(UnknownUnit, match="县财政局"):
        write_unit_report(site.store, audit_id, "财政局", tmp_path / "one")


def test_cli_unit_report_and_rectify_days(site, tmp_path):
    site.audit("2026-11-27")
    db = str(site.store.path)
    site.store.close()
    proc = run_govaudit("report", "--db", db, "--out", str(tmp_path / "r"), "--unit", "示例县人民政府")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "r" / "示例县人民政府.html").exists()
    assert not (tmp_path / "r" / "index.html").exists()
    proc = run_govaudit("report", "--db", db, "--out", str(tmp_path / "r"), "--unit", "不存在的局")
    assert proc.returncode == 2 and "没有名为“不存在的局”的单位" in proc.stderr
    proc = run_govaudit("report", "--db", db, "--out", str(tmp_path / "x"), "--format", "xlsx",
                        "--rectify-days", "5")
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(tmp_path / "x" / "整改台账.xlsx").active
    headers = [c.value for c in sheet[1]]
    deadline = sheet.cell(row=2, column=headers.index("整改期限") + 1).value
    # 2026-11-27 is a Friday: five working days later is Friday 2026-12-04.
    assert deadline == "2026-12-04"
