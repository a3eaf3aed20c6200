"""read_document: every format into text and tables, and every bad file into a status."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from crawler.documents import ERROR, NEEDS_REVIEW, OK, TOO_LARGE, read_document
from crawler.documents import read as read_module
from tests.document_files import (blank_pdf, cfb_bytes, cjk_font, docx_bytes, pdf_bytes,
                                  xls_bytes, xlsx_bytes)

U = "http://x.test/files/"


# -- HTML ---------------------------------------------------------------------------------------

TABLE_PAGE = """<html><head><meta charset="utf-8"></head><body>
<p>一、总体情况</p>
<p><strong>表一 收到和处理政府信息公开申请情况</strong></p>
<table border="1">
 <tr><td rowspan="2">本列数据的勾稽关系</td><td colspan="3">申请人情况</td></tr>
 <tr><td>自然人</td><td>&nbsp;</td><td>法人</td></tr>
 <tr><td>一、本年新收申请数量</td><td>12</td><td> </td><td>3</td></tr>
</table>
<table><caption>表二 主动公开情况</caption><tr><th>信息内容</th><th>本年制发件数</th></tr></table>
<p>以上数据均为本年度统计数据，特此说明。</p>
<table><tr><td>甲</td></tr></table>
</body></html>"""


def test_html_tables_expand_spans_and_find_their_titles():
    doc = read_document(TABLE_PAGE.encode(), url=U + "a.html")
    assert (doc.kind, doc.status) == ("html", OK)
    first, second, third = doc.tables
    assert first.caption == "表一 收到和处理政府信息公开申请情况"
    assert first.rows == [
        ["本列数据的勾稽关系", "申请人情况", "申请人情况", "申请人情况"],
        ["本列数据的勾稽关系", "自然人", "", "法人"],
        ["一、本年新收申请数量", "12", "", "3"],
    ]
    assert second.caption == "表二 主动公开情况" and second.rows == [["信息内容", "本年制发件数"]]
    assert third.caption == ""  # a sentence before a table is prose, not its title
    assert "一、总体情况" in doc.text and "\xa0" not in doc.text


def test_html_layout_table_around_a_data_table_is_not_a_table():
    page = ("<html><body><table><tr><td><div>表3 支出</div><table><tr><td>a</td><td>b</td></tr>"
            "</table></td></tr></table></body></html>")
    doc = read_document(page.encode(), url=U + "b.htm")
    assert [(t.caption, t.rows) for t in doc.tables] == [("表3 支出", [["a", "b"]])]


def test_html_charset_labels_that_lie_are_overruled():
    page = '<html><head><meta charset="utf-8"></head><body><p>政府信息公开</p></body></html>'
    doc = read_document(page.encode("gbk"), url=U + "c.html", content_type="text/html")
    assert doc.text == "政府信息公开"
    doc = read_document(page.encode("utf-8"), url=U + "c.html",
                        content_type="text/html; charset=gb2312")
    assert doc.text == "政府信息公开"


# -- PDF ----------------------------------------------------------------------------------------

def test_pdf_text_per_page_and_ruled_tables_with_page_and_caption():
    font = cjk_font()
    if font is None:
        lines, caption, table = ["Annual report"], "Table 1 Budget", [["Item", "Amount"],
                                                                     ["Schools", "12"]]
    else:
        lines, caption, table = ["一、总体情况"], "表一 预算收支", [["项目", "金额"], ["教育", "12"]]
    doc = read_document(pdf_bytes(lines, table, caption, font=font, pages=2), url=U + "r.pdf")
    assert (doc.kind, doc.status, doc.pages) == ("pdf", OK, 2)
    assert doc.text.count(lines[0]) == 2
    assert [(t.page, t.caption, t.rows) for t in doc.tables] == [(1, caption, table),
                                                                 (2, caption, table)]


def test_pdf_without_text_needs_a_human():
    doc = read_document(blank_pdf(), url=U + "scan.pdf")
    assert (doc.kind, doc.status, doc.text) == ("pdf", NEEDS_REVIEW, "")
    assert "扫描件" in doc.note


def test_truncated_pdf_is_an_error_not_an_exception():
    data = pdf_bytes(["Line"])
    doc = read_document(data[: len(data) // 3], url=U + "cut.pdf")
    assert (doc.kind, doc.status) == ("pdf", ERROR) and "损坏" in doc.note


def test_encrypted_pdf_needs_a_human():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="o", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(0, 8, "hidden")
    doc = read_document(bytes(pdf.output()), url=U + "enc.pdf")
    assert doc.status in (NEEDS_REVIEW, ERROR) and doc.text == ""


# -- DOCX ---------------------------------------------------------------------------------------

def test_docx_paragraphs_tables_merged_cells_and_caption():
    data = docx_bytes(["关于公布2025年低保对象的公示", "现将名单公示如下："],
                      [["序号", "乡镇", "人数"], ["1", "城关镇", "12"], ["2", "", "8"]],
                      caption="附表 名单", merge=(1, 1, 2, 1))
    # Saved under a .doc name, as portals often do: the bytes say DOCX.
    doc = read_document(data, url=U + "list.doc")
    assert (doc.kind, doc.status) == ("docx", OK)
    assert doc.text.startswith("关于公布2025年低保对象的公示\n现将名单公示如下：")
    (table,) = doc.tables
    assert table.caption == "附表 名单"
    assert table.rows == [["序号", "乡镇", "人数"], ["1", "城关镇", "12"], ["2", "城关镇", "8"]]
    assert "1\t城关镇\t12" in doc.text  # table cells are searchable text too


def test_docx_caption_is_not_a_sentence():
    data = docx_bytes(["现将有关情况公示如下。"], [["a", "b"]])
    assert read_document(data, url=U + "x.docx").tables[0].caption == ""


# -- XLSX / XLS ---------------------------------------------------------------------------------

def test_xlsx_every_sheet_is_a_table_with_a_merged_title_as_caption():
    data = xlsx_bytes({
        "收支总表": [["2025年部门收支总表"], ["项目", "预算数", None], [None, "本年", "上年"],
                  ["一般公共预算", 12.5, 3.0], [None, None, None]],
        "说明": [["单位：万元"], ["编制日期", dt.datetime(2025, 1, 20)]],
    }, merges={"收支总表": ["A1:C1", "B2:C2", "A2:A3"]})
    doc = read_document(data, url=U + "b.xlsx")
    assert (doc.kind, doc.status, doc.pages) == ("xlsx", OK, 2)
    first, second = doc.tables
    assert (first.sheet, first.page, first.caption) == ("收支总表", 1, "2025年部门收支总表")
    assert first.rows == [["项目", "预算数", "预算数"], ["项目", "本年", "上年"],
                          ["一般公共预算", "12.5", "3"]]
    assert (second.sheet, second.caption) == ("说明", "单位：万元")
    assert second.rows == [["编制日期", "2025-01-20"]]
    assert "一般公共预算\t12.5\t3" in doc.text


def test_xlsx_first_row_with_several_values_is_a_header_not_a_caption():
    data = xlsx_bytes({"S": [["姓名", "金额"], ["张某", 1]]})
    (table,) = read_document(data, url=U + "c.xlsx").tables
    assert table.caption == "" and table.rows[0] == ["姓名", "金额"]


def test_xlsx_with_a_chart_sheet_reads_its_worksheets():
    # A chart sheet beside the data is common in budget workbooks; it holds no cells.
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "数据"
    wb.active.append(["项目", "金额"])
    wb.active.append(["办公费", 3.5])
    wb.create_chartsheet("图表")
    out = io.BytesIO()
    wb.save(out)
    doc = read_document(out.getvalue(), url=U + "chart.xlsx")
    assert (doc.status, doc.pages) == (OK, 1)
    assert doc.tables[0].rows == [["项目", "金额"], ["办公费", "3.5"]]


def test_xlsx_rows_follow_the_declared_dimension_and_merges_fill_skipped_rows():
    # openpyxl's read-only rows: from A1, cut at the declared last row; a merge spanning rows
    # the sheet does not write fills them.
    import io
    import re
    import zipfile

    data = xlsx_bytes({"S": [["标题"], [None], ["a", 1], [None], [None], ["b", 2], ["c", 3]]},
                      merges={"S": ["A1:B1", "A6:A8"]})
    doc = read_document(data, url=U + "d.xlsx")
    assert doc.tables[0].caption == "标题"
    # row 8 is not written, but the declared dimension (A1:B8) reaches it and the merge fills it
    assert doc.tables[0].rows == [["", ""], ["a", "1"], ["", ""], ["", ""], ["b", "2"],
                                  ["b", "3"], ["b", ""]]
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B6"/>', body)
            dst.writestr(info, body)
    cut = read_document(out.getvalue(), url=U + "e.xlsx")
    assert cut.tables[0].rows == [["", ""], ["a", "1"], ["", ""], ["", ""], ["b", "2"]]


def test_xls_via_xlrd_with_merged_ranges():
    data = xls_bytes({"表1": [["2024年决算表"], ["科目", "金额", None], ["教育支出", 88, 1.5]],
                      "Sheet2": [["甲", "乙"]]},
                     merges={"表1": [(0, 0, 0, 2), (1, 1, 1, 2)]})
    doc = read_document(data, url=U + "old.xls", content_type="application/octet-stream")
    assert (doc.kind, doc.status) == ("xls", OK)
    first, second = doc.tables
    assert (first.sheet, first.caption) == ("表1", "2024年决算表")
    assert first.rows == [["科目", "金额", "金额"], ["教育支出", "88", "1.5"]]
    assert (second.sheet, second.page, second.rows) == ("Sheet2", 2, [["甲", "乙"]])


def test_zip_bomb_is_refused_before_unpacking(monkeypatch):
    data = xlsx_bytes({"S": [["x" * 1000] for _ in range(200)]})
    monkeypatch.setattr(read_module, "MAX_UNPACKED_BYTES", 100_000)
    doc = read_document(data, url=U + "bomb.xlsx")
    assert (doc.kind, doc.status, doc.tables) == ("xlsx", ERROR, []) and "压缩炸弹" in doc.note


# -- formats nobody here reads, text files, limits ----------------------------------------------

@pytest.mark.parametrize("name,kind", [("a.doc", "doc"), ("a.wps", "wps")])
def test_legacy_word_and_wps_need_a_human(name, kind):
    doc = read_document(cfb_bytes("WordDocument", b"\xec\xa5" + b"\x00" * 100), url=U + name)
    assert (doc.kind, doc.status) == (kind, NEEDS_REVIEW)
    assert "需人工核查" in doc.note and doc.sha256 and doc.bytes


def test_images_and_rtf_need_a_human():
    png = read_document(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, url=U + "scan.pdf")
    rtf = read_document(b"{\\rtf1\\ansi hello}", url=U + "a.doc")
    assert (png.status, rtf.status) == (NEEDS_REVIEW, NEEDS_REVIEW) and "图片" in png.note


def test_html_error_page_under_a_pdf_name_is_read_as_html():
    doc = read_document(b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
                        url=U + "a.pdf", content_type="application/pdf")
    assert (doc.kind, doc.text) == ("html", "404 Not Found")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-8-sig"])
def test_text_files_in_any_usual_encoding(encoding):
    text = "联系电话：0951-1234567\n地址：示例县城关镇"
    doc = read_document(text.encode(encoding), url=U + "n.txt",
                        content_type="text/plain; charset=iso-8859-1")
    assert (doc.kind, doc.status, doc.text) == ("txt", OK, text)


def test_too_large_files_are_not_read():
    doc = read_document(b"%PDF-1.4" + b"0" * 2000, url=U + "big.pdf", max_bytes=1000)
    assert (doc.kind, doc.status, doc.bytes, doc.text) == ("pdf", TOO_LARGE, 2008, "")
    assert "文件过大" in doc.note


def test_empty_body_is_an_error():
    assert read_document(b"", url=U + "a.xlsx").status == ERROR


def _samples() -> dict[str, bytes]:
    return {"a.pdf": pdf_bytes(["Line one", "Line two"], [["a", "b"], ["c", "d"]]),
            "a.docx": docx_bytes(["p"], [["a", "b"]]),
            "a.xlsx": xlsx_bytes({"S": [["a", 1], ["b", 2]]}),
            "a.xls": xls_bytes({"S": [["a", 1], ["b", 2]]})}


def test_damaged_files_of_every_format_never_raise():
    rng = random.Random(4)
    for name, data in _samples().items():
        for cut in (len(data) // 4, len(data) // 2, len(data) - 7):
            doc = read_document(data[:cut], url=U + name)
            assert doc.status in (OK, ERROR, NEEDS_REVIEW), (name, cut)
        for _ in range(5):
            noisy = bytearray(data)
            for _ in range(40):
                noisy[rng.randrange(16, len(noisy))] = rng.randrange(256)
            doc = read_document(bytes(noisy), url=U + name)
            assert doc.status in (OK, ERROR, NEEDS_REVIEW), name
        assert read_document(rng.randbytes(3000), url=U + name).status in (ERROR, NEEDS_REVIEW)


def test_bytes_that_break_the_format_probe_are_for_manual_review(monkeypatch):
    # Random damage once made zipfile raise inside sniffing (outside the readers' guard); any
    # such failure must still give a visible outcome, never an exception in the crawl.
    def broken_sniff(data, url, content_type):
        raise NotImplementedError("compression type 99")

    monkeypatch.setattr(read_module, "sniff", broken_sniff)
    doc = read_document(b"PK\x03\x04" + b"\x00" * 100, url=U + "a.docx")
    assert doc.status == NEEDS_REVIEW and "人工核查" in doc.note
