"""The benchmark's replica portal, in its own process:
`python -m bench.replica_serve --units N [--seed 7] [--as-of 2026-11-27]`.

Builds the replica, renders every page before serving (the replica renders lazily, which
would put tens of seconds of page rendering into the first tool's run), then serves it on
loopback with replica/server.py's handler and prints one JSON line: the portal's URL, a control
URL, the page count and the build and render times. `GET <control>/stats` answers the requests
the portal has served so far (and how many were 304), this process's peak memory and CPU, so
every tool's requests are counted the same way, at the server. The process ends when its
standard input closes (the benchmark closes it, or dies).

Every answer carries a `LinkChecker` header: that is how a site owner lets LinkChecker exceed
its per-host limit of 10 requests per second (its documentation of `maxrequestspersecond`,
linkcheck/checker/httpurl.py → `set_maxrated_for_host`). Other clients ignore it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _own_usage() -> dict:
    me = resource.getrusage(resource.RUSAGE_SELF)
    hwm = me.ru_maxrss / 1024
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            hwm = next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    return {"hwm_mb": round(hwm, 1), "cpu_s": round(me.ru_utime + me.ru_stime, 2)}


def _control(counts):
    class Control(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - fixed by the stdlib
            body = json.dumps({"requests": counts.requests, "not_modified": counts.not_modified,
                               **_own_usage()}).encode()
            self.send_response(200 if self.path == "/stats" else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002
            pass

    return Control


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replica_serve")
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-11-27")
    args = parser.parse_args(argv)
    from replica.generator import build_site
    from replica.server import Counts, _handler, _Server

    started = time.perf_counter()
    site = build_site(seed=args.seed, size=args.units, as_of=dt.date.fromisoformat(args.as_of))
    built = time.perf_counter()
    body_bytes = sum(len(site.pages[path][2]) for path in site.pages)  # renders every page
    rendered = time.perf_counter()

    counts = Counts()

    class Handler(_handler(site, counts)):
        def end_headers(self):
            self.send_header("LinkChecker", "govaudit-bench")
            super().end_headers()

    portal = _Server(("127.0.0.1", 0), Handler)
    control = ThreadingHTTPServer(("127.0.0.1", 0), _control(counts))
    control.daemon_threads = True
    for server in (portal, control):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"url": f"http://127.0.0.1:{portal.server_address[1]}/",
                      "control": f"http://127.0.0.1:{control.server_address[1]}",
                      "pages": len(site.pages), "units": len(site.units),
                      "body_mb": round(body_bytes / 2**20, 1),
                      "build_s": round(built - started, 2),
                      "render_s": round(rendered - built, 2)}), flush=True)
    sys.stdin.read()  # until the benchmark closes our standard input
    portal.shutdown()
    control.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
