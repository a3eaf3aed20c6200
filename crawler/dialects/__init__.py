"""CMS dialects: one adapter per CMS family (TRS, Hanweb, gkmlpt, VSB), tried in order, the
generic one last."""

from __future__ import annotations

from crawler.dialects.base import Dialect, ListItem, ListPage
from crawler.dialects.generic import GenericDialect
from crawler.dialects.gkmlpt import GkmlptDialect
from crawler.dialects.hanweb import HanwebDialect
from crawler.dialects.trs import TrsDialect
from crawler.dialects.vsb import VsbDialect

# CMS fingerprinting per page: the specific markers first, TRS (the Ningxia default), then the
# generic fallback that accepts anything.
DIALECTS: list[Dialect] = [HanwebDialect(), GkmlptDialect(), VsbDialect(), TrsDialect(),
                           GenericDialect()]


def detect(html: str, url: str) -> Dialect:
    """The first adapter that recognises the page (the generic one always does)."""
    for dialect in DIALECTS:
        if dialect.detect(html, url):
            return dialect
    return DIALECTS[-1]


def article_reader(html: str, url: str) -> Dialect:
    """The adapter that reads an article page. Adapters differ there only if one overrides
    `extract_article`; while none does, fingerprinting every article page (five regex scans of
    the page) would decide nothing, so the generic adapter reads it. Asked per call, so an
    adapter registered later that reads articles its own way is used."""
    if all(type(d).extract_article is Dialect.extract_article for d in DIALECTS):
        return DIALECTS[-1]
    return detect(html, url)


def is_article_url(url: str) -> bool:
    """An article address in any CMS's scheme (never a column, whatever its link text says)."""
    return any(d.is_article_url(url) for d in DIALECTS)


def by_name(name: str | None) -> Dialect | None:
    return next((d for d in DIALECTS if d.name == name), None)


__all__ = ["DIALECTS", "Dialect", "ListItem", "ListPage", "article_reader", "by_name", "detect",
           "is_article_url"]
