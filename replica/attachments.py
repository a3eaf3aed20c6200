"""Real, tiny, deterministic attachment files: PDF (fpdf2), XLSX (openpyxl), DOCX (python-docx)
and a legacy DOC container (ole.py).

Both libraries stamp the current time into their output; we pin every timestamp so the
same plan always yields the same bytes (determinism is tested).
"""
import datetime as dt
import io
import zipfile

FIXED = dt.datetime(2020, 1, 1, 0, 0, 0, tzinfo=dt.timezone.utc)


def pdf_bytes(title: str, docid: int) -> bytes:
    """A one-page PDF. Core fonts are Latin-1 only, so the text is ASCII on purpose."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(FIXED)
    pdf.set_producer("govaudit replica")
    pdf.set_title(f"Document {docid}")
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, f"Shili County People's Government - document {docid}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for k in range(1, 6):
        pdf.cell(0, 8, f"Item {k}: amount {docid % 997 * k} yuan; status approved.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def xlsx_bytes(title: str, docid: int) -> bytes:
    """A one-sheet workbook; zip entry times and document properties are pinned."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([title])
    ws.append(["序号", "项目", "金额（万元）"])
    for k in range(1, 8):
        ws.append([k, f"项目{k}", round((docid % 97) * k * 1.25, 2)])
    return _pinned(wb)


def tables_xlsx_bytes(tables: list) -> bytes:
    """A workbook with one sheet per (title, rows) table: the sheet is named after the table and
    its first row repeats the title, as portals' 预决算 workbooks do; an empty table keeps its
    header row (143号: tables without data are still published)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for n, (title, rows) in enumerate(tables, 1):
        ws = wb.create_sheet(title=title[:31])
        ws.append([f"表{n} {title}"])
        for row in rows:
            ws.append([_cell(c) for c in row])
    return _pinned(wb)


def _cell(value: str):
    """Amounts as numbers, labels as text."""
    try:
        return float(value)
    except ValueError:
        return value


def _pin_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and a fixed modified date in core.xml."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _pin_core(body)
            entry = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, body)
    return out.getvalue()


def _pin_core(xml: bytes) -> bytes:
    """openpyxl overwrites `modified` with now() on save; put the fixed stamp back."""
    import re

    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def roster_xlsx(title: str, docid: int, exposed: bool) -> bytes:
    """A subsidy roster: a merged title row, a header naming people, and two households. The
    first household's mobile and card are unmasked when `exposed` (the planted defect)."""
    from openpyxl import Workbook

    from . import defects

    mobile, card = ((defects.EXPOSED_MOBILE, defects.EXPOSED_CARD) if exposed
                    else (defects.MASKED_MOBILE, defects.MASKED_CARD))
    wb = Workbook()
    ws = wb.active
    ws.title = "发放名单"
    ws.append([title])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "姓名", "所在村组", "联系电话", "银行卡号", "补贴金额（元）"])
    ws.append([1, "张某某", "城关村一组", mobile, card, 1250.5])
    ws.append([2, "李某某", "城关村三组", "137****2260", "6217 **** **** 5531", 980])
    ws.append(["咨询电话：0951-5012345（县农业农村局）"])
    return _pinned(wb)


def notice_docx(title: str, docid: int) -> bytes:
    """A 公示 with masked roster numbers and an office's own mobile as 咨询电话 (both clean)."""
    import docx

    from . import defects

    document = docx.Document()
    document.core_properties.author = "govaudit replica"
    document.core_properties.created = FIXED.replace(tzinfo=None)
    document.core_properties.modified = FIXED.replace(tzinfo=None)
    document.core_properties.last_modified_by = "govaudit replica"
    document.core_properties.revision = 1
    document.add_paragraph(title)
    document.add_paragraph(f"救助对象如有异议，请在公示期内拨打咨询电话：{defects.OFFICE_MOBILE}"
                           "（县民政局社会救助股）。")
    document.add_paragraph("附表 救助对象名单")
    rows = [["序号", "姓名", "住址", "联系电话", "银行卡号", "救助金额（元）"],
            ["1", "王某某", "城关镇", defects.MASKED_MOBILE, defects.MASKED_CARD, "620"],
            ["2", "赵某某", "东岭镇", "135****7781", "6230 **** **** 4417", "620"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    raw = io.BytesIO()
    document.save(raw)
    return _pin_zip(raw.getvalue())


def legacy_doc(title: str, docid: int) -> bytes:
    """A Word 97-2003 file as far as any reader can tell: an OLE2 container with a
    `WordDocument` stream starting with the FIB magic. Nothing here reads DOC (needs review)."""
    from .ole import cfb_bytes

    return cfb_bytes("WordDocument", b"\xec\xa5\xc1\x00" + title.encode("utf-16-le"))


def _pinned(wb) -> bytes:
    """The workbook's bytes with its properties and zip entry times pinned (same bytes every run)."""
    naive = FIXED.replace(tzinfo=None)
    wb.properties.creator = "govaudit replica"
    wb.properties.created = naive
    wb.properties.modified = naive
    raw = io.BytesIO()
    wb.save(raw)
    return _pin_zip(raw.getvalue())


MIME = {"pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc": "application/msword"}

# Planted attachment contents (Attachment.variant) -> renderer(title, docid).
VARIANTS = {
    "roster_exposed": lambda title, docid: roster_xlsx(title, docid, exposed=True),
    "roster_masked": notice_docx,
    "legacy_doc": legacy_doc,
}


def render(kind: str, title: str, docid: int, tables: list = (), variant: str = "") -> bytes:
    if variant:
        return VARIANTS[variant](title, docid)
    if kind == "xlsx" and tables:
        return tables_xlsx_bytes(list(tables))
    return pdf_bytes(title, docid) if kind == "pdf" else xlsx_bytes(title, docid)
