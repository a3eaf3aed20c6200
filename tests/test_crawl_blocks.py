"""Refusals: 403 and 429 are "blocked" (未能核验), Retry-After is honoured, and the checks never
call a refused column empty. Also the private-address guard of the command line.

A mini portal is served from a thread of the test process; the audit runs as the real CLI.
"""

from __future__ import annotations

import json
import time

import pytest
import sqlite_utils

from tests.loopback import PortalHandler, serve
from tests.conftest import AS_OF, run_govaudit
from tests.test_crawl_errors import listing, page

PAGES = {
    "/": page("测试县人民政府", '<div class="nav"><a href="/xxgk/">政府信息公开</a></div>'),
    "/xxgk/": page("政府信息公开", """<ul class="tiles">
<li><a href="./zfxxgkzn/">政府信息公开指南</a></li><li><a href="./jdjc/">监督检查</a></li>
<li><a href="./czyjs/">财政预决算</a></li><li><a href="./sfxm/">行政事业性收费</a></li>
<li><a href="./rsxx/">人事信息</a></li></ul>"""),
    "/xxgk/zfxxgkzn/": listing(
        '<li><a href="./202611/t20261102_1.html">指南</a><span>2026-11-02</span></li>'),
    "/xxgk/zfxxgkzn/202611/t20261102_1.html": page("指南", '<div class="TRS_Editor">指南</div>'),
    "/xxgk/czyjs/": listing(
        '<li><a href="./202611/t20261103_2.html">预算</a><span>2026-11-03</span></li>'),
    "/xxgk/czyjs/202611/t20261103_2.html": page("预算", '<div class="TRS_Editor">预算</div>'),
}


class Handler(PortalHandler):
    hits: dict[str, list[float]] = {}

    def do_GET(self):  # noqa: N802 - stdlib name
        path = self.path.split("?")[0]
        Handler.hits.setdefault(path, []).append(time.monotonic())
        if path == "/xxgk/jdjc/":
            return self.answer(403, page("403", "Forbidden"))
        if path == "/xxgk/czyjs/" and len(Handler.hits[path]) == 1:
            return self.answer(429, page("429", "请稍后再试"), headers={"Retry-After": "2"})
        if path == "/xxgk/sfxm/":  # stays rate-limited whatever the client does
            return self.answer(429, page("429", "请稍后再试"), headers={"Retry-After": "1"})
        if path == "/xxgk/rsxx/":  # asks for an hour: not worth waiting, recorded as blocked
            return self.answer(429, page("429", "请稍后再试"), headers={"Retry-After": "3600"})
        if path not in PAGES:
            return self.answer(404, page("404", "页面不存在"))
        return self.answer(200, PAGES[path])


@pytest.fixture(scope="module")
def portal():
    with serve(Handler) as url:
        yield url


@pytest.fixture(scope="module")
def audited(portal, tmp_path_factory):
    out = tmp_path_factory.mktemp("blocks")
    proc = run_govaudit("audit", portal, "--db", str(out / "a.db"), "--out", str(out),
                        "--as-of", AS_OF, "--quiet", "--allow-private", "--format", "json")
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    db = sqlite_utils.Database(out / "a.db")
    return portal, db, findings


def test_403_and_429_are_blocked_not_empty(audited):
    url, db, findings = audited
    cols = {c["key"]: c for c in db["columns"].rows}
    pages = {p["url"]: p for p in db["pages"].rows}
    assert (cols["/xxgk/jdjc/"]["list_status"], pages[url + "xxgk/jdjc/"]["error"]) == \
        ("blocked", "blocked:403")
    assert (cols["/xxgk/sfxm/"]["list_status"], pages[url + "xxgk/sfxm/"]["error"]) == \
        ("blocked", "blocked:429")
    assert pages[url + "xxgk/rsxx/"]["error"] == "blocked:429"
    unverified = {f.get("column_path") or f.get("url") for f in findings
                  if f["rule"] == "audit.unverified"}
    for key in ("/xxgk/jdjc/", "/xxgk/sfxm/", "/xxgk/rsxx/"):
        assert any(key in (u or "") for u in unverified), (key, unverified)
    refused = ("/xxgk/jdjc/", "/xxgk/sfxm/", "/xxgk/rsxx/")
    judged = [f for f in findings if f["rule"] in ("column.empty", "column.missing", "link.broken")
              and any(k in f"{f.get('url')} {(f.get('column') or {}).get('url')}"
                      for k in refused)]
    assert judged == []


def test_retry_after_is_honoured(audited):
    url, db, _ = audited
    first, second = Handler.hits["/xxgk/czyjs/"][:2]
    assert second - first >= 1.9  # Retry-After: 2
    col = next(db["columns"].rows_where("key = ?", ["/xxgk/czyjs/"]))
    assert (col["list_status"], col["item_count"]) == ("ok", 1)
    # An hour-long Retry-After is not waited for (nor retried).
    assert len(Handler.hits["/xxgk/rsxx/"]) == 1


def test_private_addresses_need_allow_private(portal, tmp_path):
    proc = run_govaudit("crawl", portal, "--db", str(tmp_path / "a.db"), "--quiet")
    assert proc.returncode == 2
    assert "--allow-private" in proc.stderr and "拒绝抓取" in proc.stderr
    assert not (tmp_path / "a.db").exists() or \
        not sqlite_utils.Database(tmp_path / "a.db")["crawls"].count


def test_the_guard_refuses_inside_a_running_crawl(portal, tmp_path):
    """With the guard on (start check bypassed to get a crawl going on loopback), every request
    to the loopback portal is refused and recorded as `private`, and nothing is read."""
    from tests.test_crawl_errors import crawl

    db, crawl_id, _ = crawl(portal, tmp_path / "g.db", progress=False,
                            extra_settings={"GOVAUDIT_ALLOW_PRIVATE": False})
    rows = list(db["pages"].rows_where("crawl_id = ?", [crawl_id]))
    assert [(r["role"], r["status"], r["error"]) for r in rows] == [("home", None, "private")]
