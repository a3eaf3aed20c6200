"""Tiny documents of every format, built by the tests themselves (no binary fixtures).

PDF: fpdf2 (a CJK font from the system when one is installed, else tests skip or use ASCII). DOCX: python-
docx. XLSX: openpyxl. XLS and DOC: no maintained writer exists on PyPI (xlwt was last released
in 2017), so `xls_bytes` writes the documented formats directly: a BIFF8 workbook stream
([MS-XLS] BOF/BOUNDSHEET/LABEL/NUMBER/MERGEDCELLS/EOF records) inside an OLE2 compound file
([MS-CFB] version 3: one FAT sector, one directory sector, the stream in regular sectors).
xlrd, the reader under test, is independent of this writer.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

CJK_FONTS = [Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
             Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
             Path("/usr/share/fonts/truetype/arphic/uming.ttc")]


def cjk_font() -> Path | None:
    return next((p for p in CJK_FONTS if p.exists()), None)


def pdf_bytes(lines: list[str], table: list[list[str]] | None = None, caption: str = "",
              font: Path | None = None, pages: int = 1) -> bytes:
    """Lines of text, then (optionally) a caption line and a ruled table, on each page."""
    from fpdf import FPDF

    pdf = FPDF()
    if font:
        pdf.add_font("cjk", fname=str(font), collection_font_number=0)
        pdf.set_font("cjk", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        if table:
            if caption:
                pdf.ln(4)
                pdf.cell(0, 8, caption, new_x="LMARGIN", new_y="NEXT")
            with pdf.table(first_row_as_headings=False) as t:
                for row in table:
                    r = t.row()
                    for value in row:
                        r.cell(value)
    return _identity_encoding(bytes(pdf.output()))


def _identity_encoding(data: bytes) -> bytes:
    """fpdf2 embeds CJK (CFF) fonts with an inline CMap named Adobe-Identity-UCS, which
    pdfminer cannot resolve (it looks CMaps up by name), so it would see no text at all. Word
    and WPS write `Identity-H`, where code = CID; fpdf2's codes work that way too with the
    font's ToUnicode map. Same length, so the xref offsets stay valid."""
    old = b"/CMapName /Adobe-Identity-UCS\n/Length"
    return data.replace(old, b"/CMapName /Identity-H        \n/Length")


def blank_pdf() -> bytes:
    """A page with a drawn rectangle and no text at all (what a scan looks like to a reader)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None, caption: str = "",
               merge: tuple[int, int, int, int] | None = None) -> bytes:
    """Paragraphs, then the caption paragraph and a table; `merge` = (r0, c0, r1, c1)."""
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        if caption:
            document.add_paragraph(caption)
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        if merge:
            r0, c0, r1, c1 = merge
            keep = t.cell(r0, c0).text
            t.cell(r0, c0).merge(t.cell(r1, c1)).text = keep
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- XLS (BIFF8 in OLE2) -------------------------------------------------------------------------

def _record(rtype: int, body: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _unicode(text: str, lenlen: int) -> bytes:
    raw = text.encode("utf-16-le")
    return struct.pack("<B" if lenlen == 1 else "<H", len(text)) + b"\x01" + raw


def _sheet_stream(rows: list[list], merges: list[tuple[int, int, int, int]]) -> bytes:
    body = _bof(0x0010)
    width = max((len(r) for r in rows), default=0)
    body += _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)):
                body += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
            else:
                body += _record(0x0204, struct.pack("<HHH", r, c, 0) + _unicode(str(value), 2))
    if merges:
        body += _record(0x00E5, struct.pack("<H", len(merges)) +
                        b"".join(struct.pack("<HHHH", *m) for m in merges))
    return body + _record(0x000A, b"")


def xls_bytes(sheets: dict[str, list[list]],
              merges: dict[str, list[tuple[int, int, int, int]]] | None = None) -> bytes:
    """A BIFF8 workbook; merges as (first_row, last_row, first_col, last_col), 0-based."""
    names = list(sheets)
    # BOUNDSHEET records hold the absolute offset of each sheet's BOF: size the globals first.
    bound_len = [4 + 6 + len(_unicode(n, 1)) for n in names]
    head = _bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))
    globals_len = len(head) + sum(bound_len) + 4
    streams = [_sheet_stream(sheets[n], (merges or {}).get(n, [])) for n in names]
    offsets, pos = [], globals_len
    for s in streams:
        offsets.append(pos)
        pos += len(s)
    bounds = b"".join(_record(0x0085, struct.pack("<IBB", off, 0, 0) + _unicode(n, 1))
                      for off, n in zip(offsets, names))
    workbook = head + bounds + _record(0x000A, b"") + b"".join(streams)
    return cfb_bytes("Workbook", workbook)


def cfb_bytes(stream_name: str, stream: bytes) -> bytes:
    """An OLE2 compound file with one stream. Streams under 4096 bytes would belong in the
    mini stream; padding to 4096 keeps them in regular sectors (readers ignore the tail)."""
    stream = stream + b"\x00" * max(0, 4096 - len(stream))
    n = -(-len(stream) // 512)
    free, end, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    fat = [fatsect, end] + [3 + i for i in range(n - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 +
              struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6 +
              struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0) +
              struct.pack("<109I", 0, *([free] * 108)))
    directory = (_dir_entry("Root Entry", 5, child=1, start=end, size=0) +
                 _dir_entry(stream_name, 2, start=2, size=len(stream)) +
                 _dir_entry("", 0) * 2)
    body = stream + b"\x00" * (n * 512 - len(stream))
    return header + struct.pack("<128I", *fat) + directory + body


def _dir_entry(name: str, kind: int, child: int = 0xFFFFFFFF, start: int = 0,
               size: int = 0) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return (raw + b"\x00" * (64 - len(raw)) +
            struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child) +
            b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16 + struct.pack("<IQ", start, size))
