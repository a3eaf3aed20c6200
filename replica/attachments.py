"""Real, tiny, deterministic attachment files: PDF (fpdf2) and XLSX (openpyxl).

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
    naive = FIXED.replace(tzinfo=None)
    wb.properties.creator = "govaudit replica"
    wb.properties.created = naive
    wb.properties.modified = naive
    raw = io.BytesIO()
    wb.save(raw)
    return _pin_zip(raw.getvalue())


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
    naive = FIXED.replace(tzinfo=None)
    wb.properties.creator = "govaudit replica"
    wb.properties.created = naive
    wb.properties.modified = naive
    raw = io.BytesIO()
    wb.save(raw)
    return _pin_zip(raw.getvalue())


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


MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(kind: str, title: str, docid: int, tables: list = ()) -> bytes:
    if kind == "xlsx" and tables:
        return tables_xlsx_bytes(list(tables))
    return pdf_bytes(title, docid) if kind == "pdf" else xlsx_bytes(title, docid)
