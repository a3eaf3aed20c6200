"""Evidence (留痕): the body of every fetched HTML page, hashed and compressed for the store.

A finding is only as good as the page it rests on, and portals change: the report must be able
to show the page as the crawler saw it. Bodies are hashed as received (SHA-256 of the raw bytes,
so anyone can check a saved copy with `gunzip -c x.html.gz | sha256sum`), gzip-compressed and
stored once per hash, straight from the callback: nothing is kept in memory between pages.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass

from scrapy.http import Response

# Pages larger than this are recorded without a saved body: no portal HTML page is that big,
# and one bogus multi-megabyte response must not bloat every later report.
MAX_BODY_BYTES = 5 * 1024 * 1024
# Level 6 is gzip's default: most of the size gain of 9 at a fraction of the CPU.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Snapshot:
    sha256: str
    gzip: bytes
    size: int
    encoding: str | None
    content_type: str | None


def is_html(response: Response) -> bool:
    ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    if "html" in ctype:
        return True
    if ctype and not ctype.startswith("text/"):
        return False
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


def snapshot(response: Response) -> Snapshot | None:
    """The body of an HTML response, ready for `Store.record_body`; None for anything else
    (attachments, headers-only checks, empty or oversized bodies)."""
    if _has_meta(response) and response.meta.get("headers_only"):
        return None
    body = response.body
    if not body or len(body) > MAX_BODY_BYTES or not is_html(response):
        return None
    ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
    return Snapshot(
        sha256=hashlib.sha256(body).hexdigest(),
        gzip=gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
        size=len(body),
        encoding=getattr(response, "encoding", None),
        content_type=ctype,
    )


def _has_meta(response: Response) -> bool:
    try:
        response.meta
    except AttributeError:  # a response built without a request (tests, replays)
        return False
    return True
