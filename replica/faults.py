"""Fault mode of the replica server (`python -m replica serve --faults`): a misbehaving portal.

Transient faults hit a page once (or twice) and then it answers normally, as a real overloaded
server does: 5xx bursts, a timeout, a connection reset, a truncated body. A crawler that retries
what is worth retrying ends with exactly the clean replica's facts. Permanent faults stay:
slow pages, a GBK page labelled UTF-8 and malformed HTML (all still readable), plus pages that
never answer usefully: a list that is always rate-limited (429), a 521 JS challenge, a 412 unit page, a WZWS
302 challenge. What lies behind those cannot be verified (未能核验). Traps hang off the
homepage footer: an infinite calendar, a redirect loop and a huge file.

Targets are chosen from the manifest in a fixed way, so a seed gives the same faults every
time. `FaultPlan.injected` counts what was actually done (the tests check faults happened).
"""
from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field

TRAP_FOOTER = ('<div class="fault-traps"><a href="/calendar/?month=2026-11">政务日历</a> '
               '<a href="/loop/a/">办事大厅</a> <a href="/download/huge.zip">资料包下载</a></div>')
HUGE_BYTES = 64 * 1024 * 1024
CHALLENGE_521 = (b"<html><script>document.cookie='__jsl_clearance=1234;max-age=3600;path=/';"
                 b"location.href=location.pathname+location.search</script></html>")
CHALLENGE_412 = b"<html><head><meta content='x' id='9DhefwqGPrzR'><script>$_ts={};</script></head></html>"
WZWS_PAGE = b"<html><script>var wzwschallenge='abc';</script>WZWS</html>"


@dataclass
class FaultPlan:
    """Which path suffers which fault. Paths are the replica's own (no host)."""

    transient: dict[str, str] = field(default_factory=dict)  # path -> 503x2|502|reset|truncate|timeout
    slow: set[str] = field(default_factory=set)
    gbk: set[str] = field(default_factory=set)
    malformed: set[str] = field(default_factory=set)
    always_429: set[str] = field(default_factory=set)
    challenge_521: set[str] = field(default_factory=set)
    challenge_412: set[str] = field(default_factory=set)
    wzws: set[str] = field(default_factory=set)
    timeout_s: float = 3.0
    slow_s: float = 0.3
    injected: dict[str, int] = field(default_factory=dict)
    _hits: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def failing(self) -> set[str]:
        """Paths that never answer usefully: what lies behind them is 未能核验."""
        return self.always_429 | self.challenge_521 | self.challenge_412 | self.wzws

    def hit(self, path: str) -> int:
        with self._lock:
            self._hits[path] = self._hits.get(path, 0) + 1
            return self._hits[path]

    def count(self, kind: str) -> None:
        with self._lock:
            self.injected[kind] = self.injected.get(kind, 0) + 1


def plan_for(manifest: dict, timeout_s: float = 3.0) -> FaultPlan:
    """The fault plan of one replica, from its manifest (deterministic)."""
    plan = FaultPlan(timeout_s=timeout_s)
    columns = [c for c in manifest["columns"] if c["role"] == "column"]
    county = manifest["units"][0]["name"]
    county_cols = [c for c in columns if c["unit"] == county and c["items"]]
    # Permanent refusals (a permanent 5xx would be a broken link, a true finding, not a fault
    # of the crawl): one county list always 429, one behind a 521 challenge, one
    # department landing page behind a 412 challenge, one town behind a WZWS redirect.
    plan.always_429.add(county_cols[10]["path"])
    plan.challenge_521.add(county_cols[12]["path"])
    departments = [u for u in manifest["units"] if u["kind"] == "department"]
    towns = [u for u in manifest["units"] if u["kind"] == "town"]
    plan.challenge_412.add(departments[-1]["key"])
    plan.wzws.add(towns[-1]["key"])
    hidden = tuple(plan.failing)
    kinds = ["503x2", "502", "reset", "truncate", "503x2", "reset", "truncate", "timeout"]
    articles = sorted(i["path"] for c in columns for i in c["items"]
                      if i.get("status", 200) == 200 and not i["path"].startswith(hidden))
    for n, path in enumerate(articles[3::9]):
        plan.transient[path] = kinds[n % len(kinds)] if n < 24 else "503x2"
    lists = sorted(c["path"] for c in columns if not c["path"].startswith(hidden))
    for n, path in enumerate(lists[1::7]):
        plan.transient.setdefault(path, ("503x2", "reset", "truncate")[n % 3])
    for path in lists[4::11]:
        plan.slow.add(path)
    guide = next(c for c in county_cols if c["path"].endswith("zfxxgkzn/"))
    plan.gbk.add(guide["items"][0]["path"])
    plan.malformed.add(county_cols[1]["path"])
    return plan


def malform(body: bytes) -> bytes:
    """Tag soup a browser still renders: unclosed and stray tags, no closing li/ul."""
    text = body.decode("utf-8")
    text = text.replace("</li>", "").replace("</ul>", "")
    text = text.replace("<body>", "<body><div><span><font></div></td></tr></table>", 1)
    return text.encode("utf-8")


def serve_fault(handler, path: str, plan: FaultPlan, page, with_body: bool) -> bool:
    """Answer `path` with its fault, if it has one; False = answer normally.

    `page` is (status, content type, body) or None when the replica has no such path.
    """
    if path.startswith("/calendar/"):
        return _calendar(handler, plan)
    if path in ("/loop/a/", "/loop/b/"):
        plan.count("redirect-loop")
        return _send(handler, 302, b"", headers={
            "Location": "/loop/b/" if path == "/loop/a/" else "/loop/a/"})
    if path == "/download/huge.zip":
        return _huge(handler, plan, with_body)
    if path in plan.always_429:
        plan.count("429")
        return _send(handler, 429, b"<html>Too Many Requests</html>", headers={"Retry-After": "1"})
    if path in plan.challenge_521:
        plan.count("521")
        return _send(handler, 521, CHALLENGE_521)
    if path in plan.challenge_412:
        plan.count("412")
        return _send(handler, 412, CHALLENGE_412)
    if path in plan.wzws:
        plan.count("wzws")
        return _send(handler, 302, b"", headers={
            "Location": f"/WZWSREL{path.strip('/').replace('/', '_')}?wzwschallenge=V1pXU19D"})
    if path.startswith("/WZWSREL"):
        return _send(handler, 200, WZWS_PAGE)
    if page is None or page[0] != 200:
        return False
    if path == "/":
        body = page[2].replace(b"</body>", TRAP_FOOTER.encode("utf-8") + b"</body>", 1)
        return _send(handler, 200, body, ctype=page[1], with_body=with_body)
    kind = plan.transient.get(path)
    if kind:
        n = plan.hit(path)
        limit = 2 if kind == "503x2" else 1
        if n <= limit:
            plan.count(kind)
            return _transient(handler, kind, page, plan)
    if path in plan.slow:
        plan.count("slow")
        time.sleep(plan.slow_s)
    if path in plan.gbk:
        body = page[2].decode("utf-8").encode("gbk", errors="replace")
        plan.count("gbk")
        return _send(handler, 200, body, ctype="text/html; charset=utf-8", with_body=with_body)
    if path in plan.malformed:
        plan.count("malformed")
        return _send(handler, 200, malform(page[2]), ctype=page[1], with_body=with_body)
    return False


def _transient(handler, kind: str, page, plan: FaultPlan) -> bool:
    status, ctype, body = page
    if kind in ("503x2", "502"):
        return _send(handler, 503 if kind == "503x2" else 502, b"<html>busy</html>")
    if kind == "timeout":
        time.sleep(plan.timeout_s)
        return _send(handler, status, body, ctype=ctype)
    if kind == "reset":
        _reset(handler)
        return True
    # truncate: promise the whole body, send half, hang up.
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
    except OSError:
        pass
    _reset(handler)
    return True


def _reset(handler) -> None:
    """Close with RST (SO_LINGER 0): the client sees a connection reset."""
    try:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    handler.close_connection = True
    try:
        handler.connection.close()
    except OSError:
        pass


def _calendar(handler, plan: FaultPlan) -> bool:
    """An endless month calendar: every month links the previous and the next one."""
    plan.count("calendar")
    query = handler.path.split("?", 1)[1] if "?" in handler.path else ""
    month = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("month", "2026-11")
    try:
        year, mon = (int(x) for x in month.split("-")[:2])
    except ValueError:
        year, mon = 2026, 11
    prev_y, prev_m = (year, mon - 1) if mon > 1 else (year - 1, 12)
    next_y, next_m = (year, mon + 1) if mon < 12 else (year + 1, 1)
    body = (f'<html><head><meta charset="utf-8"><title>政务日历 {year}年{mon}月</title></head><body>'
            f'<a href="/calendar/?month={prev_y}-{prev_m:02d}">上个月</a> '
            f'<a href="/calendar/?month={next_y}-{next_m:02d}">下个月</a></body></html>')
    return _send(handler, 200, body.encode("utf-8"))


def _huge(handler, plan: FaultPlan, with_body: bool) -> bool:
    plan.count("huge")
    handler.send_response(200)
    handler.send_header("Content-Type", "application/zip")
    handler.send_header("Content-Length", str(HUGE_BYTES))
    handler.end_headers()
    if with_body:
        chunk = b"\0" * 65536
        try:
            for _ in range(HUGE_BYTES // len(chunk)):
                handler.wfile.write(chunk)
        except OSError:
            handler.close_connection = True  # the client stopped reading: as it should
    return True


def _send(handler, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
          headers: dict | None = None, with_body: bool = True) -> bool:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if with_body and body:
        try:
            handler.wfile.write(body)
        except OSError:
            handler.close_connection = True
    return True
