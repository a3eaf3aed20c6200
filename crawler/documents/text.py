"""Decoding text files and HTML whose charset labels cannot be trusted.

Order: a byte-order mark; strict UTF-8 (valid UTF-8 of any length is almost never an accident);
the declared charset when it decodes strictly; GB18030 (a superset of GBK/GB2312, the usual
legacy encoding of Chinese government files); Big5. Nothing decodes: None.
"""

from __future__ import annotations

import codecs
import re

_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Single-byte labels decode any bytes at all; servers send them by default (ISO-8859-1 is the
# HTTP/1.1 fallback), so they are tried last, after the Chinese encodings.
_SINGLE_BYTE = {"latin_1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_LINE_SPACES = re.compile(r"[ \r\f\v\u00a0\u3000]+")  # tabs kept: they separate table cells
_TABS = re.compile(r"\s*\t[\s\t]*")


def decode(data: bytes, declared: str | None = None) -> str | None:
    """The text of `data`, or None when no candidate encoding decodes it cleanly."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                return None
    candidates = ["utf-8"]
    label = _normal_label(declared) if declared else None
    if label is None and data[:1] == b"<":
        found = _META_CHARSET.search(data[:4096])
        label = _normal_label(found.group(1).decode("ascii")) if found else None
    if label and label not in _SINGLE_BYTE:
        candidates.append(label)
    candidates += ["gb18030", "big5"]
    if label in _SINGLE_BYTE:
        candidates.append(label)
    for name in candidates:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _normal_label(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    # GB2312/GBK labels routinely hide GB18030-only characters: read them as the superset.
    return "gb18030" if name in ("gb2312", "gbk", "euc_cn") else name


def clean_lines(text: str) -> str:
    """One line per line of the source, inner whitespace (incl. &nbsp; and 　) squashed, blank
    lines dropped; a tab (between table cells) stays one tab."""
    lines = (_TABS.sub("\t", _LINE_SPACES.sub(" ", line)).strip()
             for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def cell(value) -> str:
    """A table cell as one line of text: &nbsp;, full-width spaces and line breaks squashed."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value).replace("\r", " ").replace("\n", " ")).strip()
