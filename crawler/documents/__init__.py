"""Reading documents (HTML bodies and PDF/Office attachments) into text and tables.

`read_document(data, url=..., content_type=...)` (read.py) is the entry; the model (model.py)
is importable without any of the format libraries.
"""

from ground.documents import ERROR, NEEDS_REVIEW, OK, TOO_LARGE, Document, Table

__all__ = ["Document", "Table", "OK", "NEEDS_REVIEW", "TOO_LARGE", "ERROR", "read_document"]


def __getattr__(name):
    # Lazy: checks import the model from here and must not pull in pdfplumber & co.
    if name == "read_document":
        from crawler.documents.read import read_document

        return read_document
    raise AttributeError(name)
