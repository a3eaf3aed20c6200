"""Serve a generated portal on loopback: the `main` host on 127.0.0.1 and, when the layout uses
it, the `other` host on 127.0.0.2 (the same portal's second host), each on a free port.

GET and HEAD only; the query string is significant (parameters in any order); a directory
address answers its `index.html`; anything else is a 404 page. Host markers in pages are replaced
by the real base URLs as the page is sent, with the content type (and charset, or none, as the
layout's encoding says) the page was built with.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from replica.server import _Server

from .manifest import HOST_ADDRESSES, resolve
from .model import marker
from .site import Built, key

NOT_FOUND = "<html><head><title>404</title></head><body><h1>404 页面不存在</h1></body></html>"


def _handler(built: Built, label: str, bases: dict[str, str]):
    pages = built.pages[label]
    swaps = [(marker(h).encode(), b.encode()) for h, b in bases.items()]

    class Handler(BaseHTTPRequestHandler):
        server_version = "portalgen/1.0"
        protocol_version = "HTTP/1.1"

        def _answer(self, with_body: bool) -> None:
            want = key(self.path if "://" not in self.path else
                       urlsplit(self.path)._replace(scheme="", netloc="").geturl())
            found = pages.get(want)
            if found is None and want.split("?")[0].endswith("/"):
                path, _, query = want.partition("?")
                found = pages.get(path + "index.html" + ("?" + query if query else ""))
            if found is None:
                status, ctype, body = 404, "text/html; charset=utf-8", NOT_FOUND.encode()
            else:
                status, ctype, body = found
            for old, new in swaps:
                if old in body:
                    body = body.replace(old, new)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                try:
                    self.wfile.write(body)
                except ConnectionError:
                    self.close_connection = True

        def do_GET(self):  # noqa: N802 - stdlib name
            self._answer(True)

        def do_HEAD(self):  # noqa: N802 - stdlib name
            self._answer(False)

        def log_message(self, *args):
            pass

    return Handler


@dataclass
class Served:
    built: Built
    bases: dict[str, str]                      # label -> http://127.0.0.x:PORT
    servers: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.bases["main"] + "/"

    @property
    def manifest(self) -> dict:
        """The manifest with real URLs."""
        return resolve(self.built.manifest, self.bases)

    def stop(self) -> None:
        for httpd, thread in self.servers:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start(built: Built) -> Served:
    """Serve every host the portal uses; return the running servers and their base URLs."""
    labels = ["main"] + (["other"] if built.pages.get("other") else [])
    bases: dict[str, str] = {}
    servers = []
    binds = []
    for label in labels:
        httpd = _Server((HOST_ADDRESSES[label], 0), BaseHTTPRequestHandler)
        binds.append((label, httpd))
        bases[label] = f"http://{HOST_ADDRESSES[label]}:{httpd.server_address[1]}"
    for label, httpd in binds:
        httpd.RequestHandlerClass = _handler(built, label, bases)
        thread = threading.Thread(target=httpd.serve_forever, name=f"portalgen-{label}",
                                  daemon=True)
        thread.start()
        servers.append((httpd, thread))
    return Served(built, bases, servers)
