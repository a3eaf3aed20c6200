"""Serve a built replica on loopback: ThreadingHTTPServer on 127.0.0.1, port 0, daemon thread.

Only GET and HEAD; unknown paths get a 404 page. Logging is silenced because the crawler
tests fetch hundreds of pages and the noise would bury real failures.
"""
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from . import templates
from .faults import serve_fault
from .model import Site

NOT_FOUND = templates.not_found().encode("utf-8")


def _handler(site: Site, faults=None):
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
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
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
    httpd = _Server(("127.0.0.1", port), _handler(site, faults))
    thread = threading.Thread(target=httpd.serve_forever, name="replica-server", daemon=True)
    thread.start()
    return RunningServer(url=f"http://127.0.0.1:{httpd.server_address[1]}/", httpd=httpd, thread=thread)
