"""The 整改台账 as a working ledger: the columns a department fills in, hyperlinks, print setup,
未能核验 / 疑似 apart without deadlines, cells a crawled page cannot break, and
`govaudit ledger import` reading a filled ledger back into the next report."""

from __future__ import annotations

import openpyxl
import pytest
from bs4 import BeautifulSoup

from reports.ledger_rows import HEADERS, MAIN_SHEET, NO_COLUMN, PENDING_SHEET
from reports.ledger_xlsx import write_ledger_xlsx
from tests.conftest import run_govaudit
from tests.store_builder import BASE, SiteBuilder, days_ago

CONTROL_TITLE = "通知\x0b公告\x00\x1f"  # characters XML 1.0 (and so XLSX) forbids
FORMULA = '=HYPERLINK("http://evil.example/","点我")'


@pytest.fixture
def audited(tmp_path):
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    site.compliant_unit("/xxgk/", "示例县人民政府", "county")
    site.compliant_unit("/xxgk/czj/", "县财政局", "department", skip=("guide",))
    site.column("/xxgk/czj/", CONTROL_TITLE, key="/xxgk/czj/tzgg/", category="notices",
                items=[{"title": FORMULA, "list_date": days_ago(400)}])
    site.page(BASE + "/dead.html", status=404)
    site.link(site.site_url, BASE + "/dead.html", "首页坏链")
    site.unit("/xxgk/zz/", "某镇人民政府", "town", status=None, error="timeout")
    audit_id, findings = site.audit()
    return site, audit_id, findings, tmp_path


def sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    return [dict(zip(HEADERS, r)) for r in rows[1:] if r[HEADERS.index("指纹")]]


def test_control_characters_and_formulas_from_a_page_cannot_break_the_ledger(audited):
    site, audit_id, _, tmp = audited
    path = write_ledger_xlsx(site.store, audit_id, tmp / "out")  # used to raise IllegalCharacterError
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert any(c.value == "通知公告" for c in cells)  # the column name, cleaned
    assert all(not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in str(c.value)) for c in cells)
    assert all(c.data_type in ("s", "n") for c in cells)
    assert all(not str(c.value).startswith(("=", "+", "-", "@")) for c in cells)


def test_ledger_has_the_columns_departments_fill_and_prints_on_a4_landscape(audited):
    site, audit_id, findings, tmp = audited
    wb = openpyxl.load_workbook(write_ledger_xlsx(site.store, audit_id, tmp / "out"))
    assert wb.sheetnames == [MAIN_SHEET, PENDING_SHEET]
    for header in ("序号", "单位", "栏目", "问题", "依据", "整改措施", "责任人", "完成情况", "复核",
                   "整改期限"):
        assert header in HEADERS
    for ws in wb:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.print_title_rows == "$1:$1"  # the header row repeats on every printed page
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    main = sheet_rows(wb[MAIN_SHEET])
    pending = sheet_rows(wb[PENDING_SHEET])
    assert main and pending
    assert all(r["整改期限"] for r in main)
    assert all(r["整改期限"] is None for r in pending)  # nothing is due on what we could not read
    assert {r["状态"] for r in pending} <= {"未能核验", "疑似，待人工核实"}
    assert all(r["栏目"] for r in main + pending)  # never an empty 栏目
    assert any(r["栏目"] == NO_COLUMN for r in main)  # the broken homepage link
    # Links are real hyperlinks, and only http(s) ones.
    ws = wb[MAIN_SHEET]
    link_col = HEADERS.index("链接") + 1
    links = [ws.cell(row=r, column=link_col) for r in range(2, ws.max_row + 1)]
    assert any(c.hyperlink is not None for c in links)
    assert all(c.hyperlink.target.startswith(("http://", "https://")) for c in links if c.hyperlink)
    assert len(main) + len(pending) == len(findings)


def test_a_filled_ledger_comes_back_into_the_next_report(audited):
    site, audit_id, _, tmp = audited
    path = write_ledger_xlsx(site.store, audit_id, tmp / "out")
    site.store.close()
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    # A department sorts the rows and moves a column: answers are found by header and 指纹.
    ws.move_range(f"A1:A{ws.max_row}", cols=len(HEADERS) + 1)
    col = {c.value: c.column for c in ws[1] if c.value}
    fp = ws.cell(row=2, column=col["指纹"]).value
    ws.cell(row=2, column=col["整改措施"]).value = "已补发通知<script>alert(1)</script>"
    ws.cell(row=2, column=col["责任人"]).value = "王五"
    ws.cell(row=2, column=col["完成情况"]).value = "=已完成"
    filled = tmp / "返回的台账.xlsx"
    wb.save(filled)

    proc = run_govaudit("ledger", "import", str(filled), "--db", str(tmp / "g.db"))
    assert proc.returncode == 0, proc.stderr
    assert "已导入单位反馈 1 条" in proc.stdout

    out = tmp / "report2"
    proc = run_govaudit("report", "--db", str(tmp / "g.db"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    shown = []
    for page in [out / "index.html", *(out / "units").glob("*.html")]:
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        shown += [p.get_text() for p in doc.select("p.answer")]
        assert not doc.find("script", id=lambda v: v != "govaudit-sort")
    [answer] = shown
    assert "已补发通知<script>alert(1)</script>" in answer and "王五" in answer
    again = {r["指纹"]: r for r in sheet_rows(openpyxl.load_workbook(out / "整改台账.xlsx")[MAIN_SHEET])}
    assert again[fp]["责任人"] == "王五" and again[fp]["完成情况"] == "'=已完成"


def test_importing_something_that_is_not_a_ledger_fails_clearly(tmp_path):
    db = tmp_path / "g.db"
    SiteBuilder(db).audit()
    missing = run_govaudit("ledger", "import", str(tmp_path / "none.xlsx"), "--db", str(db))
    assert missing.returncode == 2 and "不存在" in missing.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    bad = run_govaudit("ledger", "import", str(junk), "--db", str(db))
    assert bad.returncode == 2 and "不是有效的 .xlsx 文件" in bad.stderr
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["单位", "问题"])
    wb.save(other)
    proc = run_govaudit("ledger", "import", str(other), "--db", str(db))
    assert proc.returncode == 2 and "指纹" in proc.stderr
