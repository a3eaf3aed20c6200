"""A throwaway HTTP server on 127.0.0.1:0 for tests that need a hand-made mini portal, and the
base class of those portals' request handlers."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on a free loopback port; yield its base URL; shut down afterwards."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class PortalHandler(BaseHTTPRequestHandler):
    """A mini portal's handler: HTTP/1.1 keep-alive like real portals, silent, and `answer()`
    sending one whole response."""

    protocol_version = "HTTP/1.1"

    def answer(self, status: int, body: str | bytes, *, ctype: str = "text/html; charset=utf-8",
               headers: dict | None = None, encoding: str = "utf-8") -> None:
        data = body.encode(encoding) if isinstance(body, str) else body
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass  # the crawler hung up (its timeout or size limit): nothing left to do

    def log_message(self, *args):
        pass
