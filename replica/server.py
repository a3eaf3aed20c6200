"""Serve a built replica on loopback: ThreadingHTTPServer on 127.0.0.1, port 0, daemon thread.

Only GET and HEAD; unknown paths get a 404 page. Logging is silenced because the crawler
tests fetch hundreds of pages and the noise would bury real failures.

Like the CMS behind real portals, every page carries validators (a strong ETag from its bytes,
Last-Modified = the site's build date) and a conditional request for an unchanged page is
answered 304 Not Modified; the incremental re-audit relies on it. `RunningServer.counts` tells a
test how many requests arrived and how many were answered 304.
"""
import datetime as dt
import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from . import templates
from .faults import serve_fault
from .model import Site

NOT_FOUND = templates.not_found().encode("utf-8")


def _last_modified(site: Site) -> dt.datetime:
    """The build date of the replica (its as_of day, midnight UTC): every page is that old."""
    as_of = (site.manifest or {}).get("as_of")
    day = dt.date.fromisoformat(as_of) if as_of else dt.date(2026, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _not_modified(headers, etag: str, modified: dt.datetime) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    match = headers.get("If-None-Match")
    if match is not None:
        return match.strip() == "*" or etag in [t.strip() for t in match.split(",")]
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


@dataclass
class Counts:
    """Requests the replica answered (all methods) and how many with 304."""
    requests: int = 0
    not_modified: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.not_modified += status == 304


def _handler(site: Site, counts: Counts, faults=None):
    modified = _last_modified(site)
    last_modified = format_datetime(modified, usegmt=True)
    etags: dict[str, tuple[bytes, str]] = {}  # path -> (body, its ETag); pages may be swapped

    class Handler(BaseHTTPRequestHandler):
        server_version = "TRS-WCM-replica/1.0"
        protocol_version = "HTTP/1.1"

        def _answer(self, with_body: bool):
            path = unquote(urlsplit(self.path).path) or "/"
            if faults is not None and serve_fault(self, path, faults, site.pages.get(path),
                                                  with_body):
                return
            if path in site.pages:
                status, ctype, body = site.pages[path]
            else:
                status, ctype, body = 404, "text/html; charset=utf-8", NOT_FOUND
            known = etags.get(path)
            if known is None or known[0] is not body:
                known = etags[path] = (body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')
            etag = known[1]
            if status == 200 and _not_modified(self.headers, etag, modified):
                counts.add(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", last_modified)
                self.end_headers()
                return
            counts.add(status)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", last_modified)
            self.end_headers()
            if with_body:
                try:
                    self.wfile.write(body)
                except ConnectionError:
                    # Crawlers drop connections on purpose (size caps, cancelled requests).
                    self.close_connection = True

        def do_GET(self):
            self._answer(True)

        def do_HEAD(self):
            self._answer(False)

        def log_message(self, format, *args):  # noqa: A002 - signature fixed by the stdlib
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        """Stay quiet about clients that hang up; report anything else as usual."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class RunningServer:
    url: str
    httpd: ThreadingHTTPServer
    thread: threading.Thread
    counts: Counts = field(default_factory=Counts)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start(site: Site, port: int = 0, faults=None) -> RunningServer:
    """Start serving `site` on 127.0.0.1:`port` (0 = any free port) in a daemon thread.

    `faults`: a replica.faults.FaultPlan to misbehave by (fault mode), None for a clean server.
    """
    counts = Counts()
    httpd = _Server(("127.0.0.1", port), _handler(site, counts, faults))
    thread = threading.Thread(target=httpd.serve_forever, name="replica-server", daemon=True)
    thread.start()
    return RunningServer(url=f"http://127.0.0.1:{httpd.server_address[1]}/", httpd=httpd,
                         thread=thread, counts=counts)
