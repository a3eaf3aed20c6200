"""Reading documents (HTML bodies and PDF/Office attachments) into text and tables."""

from crawler.documents.model import ERROR, NEEDS_REVIEW, OK, TOO_LARGE, Document, Table

__all__ = ["Document", "Table", "OK", "NEEDS_REVIEW", "TOO_LARGE", "ERROR"]
