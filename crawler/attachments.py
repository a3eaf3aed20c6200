"""Attachments the crawler downloads and reads, as opposed to those it only status-checks.

Files on the portal's own hosts with a document extension are fetched in full (up to the
configured `MAX_ATTACHMENT_BYTES`, default 20 MB) and read with `read_document` in the
crawl's one document-reading thread, so a slow PDF never stalls the crawl's reactor. One thread,
not Twisted's pool of ten: python-docx and openpyxl parse with module-level lxml parsers, and
lxml supports a parser object in one thread at a time; two documents read at once shared them
(a crawl once died in free(), a readable XLSX once failed with a TypeError). On two cores the
GIL left little to gain from more threads anyway. Larger files are stopped as soon as
their size is known (Content-Length in the headers, or the bytes received so far) and recorded
as `too-large` documents; their HTTP status is still recorded, so link checks stay exact.
Everything else (other hosts, archives, slides) is only status-checked.
"""

from __future__ import annotations

from scrapy.exceptions import StopDownload
from twisted.internet import threads
from twisted.python.threadpool import ThreadPool

from crawler.documents.read import DEFAULT_MAX_BYTES, read_document, too_large
from crawler.documents.sniff import extension

# Downloaded and read. DOC/WPS are fetched too: portals often serve DOCX under a .doc name, and
# a real DOC is then recorded as needs-review (the unreadable-document rule lists it).
READ_EXTENSIONS = {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "txt", "csv", "ofd"}
SETTING = "MAX_ATTACHMENT_BYTES"
META_LIMIT = "read_limit"          # set on download requests: the byte limit
META_TOO_LARGE = "too_large"       # set when the download was stopped: the size seen
META_RECEIVED = "_bytes_seen"


def is_readable(url: str) -> bool:
    return extension(url) in READ_EXTENSIONS


def limit_from(settings) -> int:
    try:
        return int(settings.getint(SETTING, DEFAULT_MAX_BYTES)) if settings else DEFAULT_MAX_BYTES
    except (TypeError, ValueError):
        return DEFAULT_MAX_BYTES


def request_meta(limit: int) -> dict:
    """Per-request download limits: Scrapy's own `download_maxsize` is the backstop (one byte
    past ours, so the signals below always stop the download first and keep its status)."""
    return {META_LIMIT: limit, "download_maxsize": limit + 1,
            "download_warnsize": max(1, limit // 2)}


def on_headers(request, body_length) -> None:
    """headers_received: a declared size over the limit stops the download right away."""
    limit = request.meta.get(META_LIMIT)
    if not limit:
        return
    request.meta[META_RECEIVED] = 0  # a retried request starts counting again
    if body_length is not None and 0 < limit < body_length:
        request.meta[META_TOO_LARGE] = body_length
        raise StopDownload(fail=False)


def on_bytes(request, data: bytes) -> None:
    """bytes_received: a body without (or with a false) Content-Length is cut at the limit."""
    limit = request.meta.get(META_LIMIT)
    if not limit:
        return
    seen = request.meta.get(META_RECEIVED, 0) + len(data)
    request.meta[META_RECEIVED] = seen
    if seen > limit:
        request.meta[META_TOO_LARGE] = seen
        raise StopDownload(fail=False)


def content_type(response) -> str | None:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None


def reading_key(response, url: str) -> tuple | None:
    """What decides a reading: the bytes (by SHA-256) and the two hints `read_document` takes
    when the bytes are ambiguous (the name's extension, the declared content type). The same
    file attached to many articles is read once; None for a download that was stopped."""
    if response.meta.get(META_TOO_LARGE) is not None or not response.body:
        return None
    import hashlib

    return (hashlib.sha256(response.body).hexdigest(), extension(url), content_type(response))


def read_in_thread(response, url: str):
    """A Deferred firing with the Document of a downloaded attachment."""
    limit = response.meta.get(META_LIMIT) or DEFAULT_MAX_BYTES
    seen = response.meta.get(META_TOO_LARGE)
    if seen is not None:
        from twisted.internet import defer

        return defer.succeed(too_large(url, seen if seen > 0 else None, limit))
    body, ctype = response.body, content_type(response)
    return threads.deferToThreadPool(_reactor(), reader_pool(), read_document, body, url=url,
                                     content_type=ctype, max_bytes=limit)


_POOL: ThreadPool | None = None


def _reactor():
    from twisted.internet import reactor

    return reactor


def reader_pool() -> ThreadPool:
    """The one thread documents are read in (see the module docstring), started on first use
    and stopped when the reactor shuts down."""
    global _POOL
    if _POOL is None or _POOL.joined:
        _POOL = ThreadPool(minthreads=0, maxthreads=1, name="govaudit-documents")
        _POOL.start()
        _reactor().addSystemEventTrigger("during", "shutdown", _POOL.stop)
    return _POOL


def article_document(url: str, body_el, body: bytes):
    """The documents row of an article page: the tables of `body_el` (the article body that
    extract_article found; not the 索引号 block); its text is stored in `texts` already and is
    not repeated here."""
    import hashlib

    from crawler.documents.html_tables import tables_of
    from ground.documents import Document

    return Document(url=url, kind="html", tables=tables_of(body_el),
                    bytes=len(body), sha256=hashlib.sha256(body).hexdigest())
