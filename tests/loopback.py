"""Loopback servers for tests: a throwaway HTTP server on 127.0.0.1:0 for a hand-made mini
portal (with the base class of those portals' request handlers), and the replica portal served
by its own process (`python -m replica serve`)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
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


@contextmanager
def replica_process(folder: Path, *args: str) -> Iterator[tuple[str, Path]]:
    """Serve the replica (`python -m replica serve ARGS`) in its own process on a free loopback
    port; yield its URL and the path of its manifest.json; stop it afterwards."""
    manifest = Path(folder) / "manifest.json"
    proc = subprocess.Popen([sys.executable, "-m", "replica", "serve", *args, "--manifest",
                             str(manifest)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("REPLICA_URL "):
                url = line.split()[1]
                break
        assert url, "replica did not start: " + (proc.stderr.read() if proc.poll() else "")
        yield url, manifest
    finally:
        proc.terminate()
        proc.wait(timeout=10)
