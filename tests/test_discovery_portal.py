"""Discovery on a portal built unlike the replica: the unit index beside the platform, units at
unrelated paths and on a second host, flat column ids and query-string columns, links written as
onclick / data-url / window.open, and one unit whose navigation is built by script.

The portal is hand-made for this test (two loopback hosts, 127.0.0.1 and 127.0.0.2); what it
holds is declared once in PORTAL below and is the only oracle.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer

import pytest
import sqlite_utils
import yaml

from tests.loopback import PortalHandler

AS_OF = "2026-11-27"
HANG_S = 600

# Units the index lists: (name, host, landing path, kind, {column path: (link form, name)}).
# The 教育局 has no 权责清单 (a real gap) and a column whose name no synonym knows (清单公开);
# the 卫生健康局's landing page builds its navigation in the browser.
EDU = ("示例县教育局", "a", "/bm/jyj/xxgk/", "department", {
    "/col/col2001/index.html": ("a", "信息公开指南"),
    "/col/col2002/index.html": ("onclick", "信息公开年报"),
    "/list.jsp?wbtreeid=2003": ("data", "机构信息"),
    "/col/col2004/index.html": ("open", "政策文件"),
    "/col/col2005/index.html": ("a", "财政资金"),
    "/col/col2006/index.html": ("a", "清单公开"),
})
TRANSPORT = ("示例县交通运输局", "b", "/", "department", {
    "/gk/zn/": ("a", "公开指南"), "/gk/nb/": ("a", "政府信息公开年报"),
    "/gk/jg/": ("a", "机构职能"), "/gk/zc/": ("a", "部门文件"),
    "/gk/ys/": ("a", "预决算"), "/gk/qz/": ("a", "权责清单"),
})
HEALTH = ("示例县卫生健康局", "a", "/bm/wjj/", "department", None)
UNITS = [EDU, TRANSPORT, HEALTH]


def _link(form: str, href: str, text: str) -> str:
    return {
        "a": f'<li><a href="{href}">{text}</a></li>',
        "onclick": f"<li onclick=\"location.href='{href}'\">{text}</li>",
        "data": f'<li><span data-url="{href}">{text}</span></li>',
        "open": f"<li><span onclick=\"window.open('{href}')\">{text}</span></li>",
    }[form]


def _page(title: str, body: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div class="header"><a href="{{A}}/">首页</a></div>{body}</body></html>')


def _list(n: int) -> str:
    return (f'<ul class="list"><li><a href="/art/2026/11/{n % 28 + 1}/art_{n}_1.html">'
            f'关于第{n}项工作的通知</a><span>2026-11-{n % 28 + 1:02d}</span></li></ul>')


def pages() -> dict[tuple[str, str], str]:
    """(host label, path with query) → HTML; `{A}` / `{B}` stand for the hosts' base URLs."""
    out = {
        ("a", "/"): _page("示例县人民政府", '<a href="/zwgk/xxgk/">政府信息公开</a>'
                                        '<a href="/zwgk/bmgk/">部门公开</a>'),
        ("a", "/zwgk/xxgk/"): _page("政府信息公开", '<ul><li><a href="/col/col1001/index.html">'
                                              '政府信息公开指南</a></li></ul>'),
        ("a", "/col/col1001/index.html"): _page("政府信息公开指南", _list(1)),
        ("a", "/zwgk/bmgk/"): _page("部门公开", "<table><tr>"
                                     '<td><a href="/bm/jyj/xxgk/">示例县教育局</a></td>'
                                     "<td onclick=\"window.open('{B}/')\">示例县交通运输局</td>"
                                     '<td><a href="/bm/wjj/">示例县卫生健康局</a></td>'
                                     "</tr></table>"),
        ("a", "/bm/wjj/"): _page("示例县卫生健康局", '<div id="app"><ul><li v-for="c in columns">'
                                           '<a :href="c.url">{{ c.name }}</a></li></ul></div>'
                                           "<script>$.ajax({url: '/api/columns'});</script>"),
    }
    n = 10
    for name, host, landing, _, columns in UNITS:
        if columns is None:
            continue
        nav = "".join(_link(form, href, text) for href, (form, text) in columns.items())
        out[(host, landing)] = _page(name, f'<div class="main"><ul>{nav}</ul></div>')
        for href in columns:
            n += 1
            out[(host, href)] = _page(columns[href][1], _list(n))
    return out


def articles(path: str) -> str | None:
    if path.startswith("/art/"):
        return _page("通知", '<div class="article"><h1>通知</h1><p>发布日期：2026-11-01</p>'
                           "<p>正文内容。</p></div>")
    return None


@contextmanager
def two_hosts():
    bases: dict[str, str] = {}
    table = pages()

    def handler_for(label):
        class Handler(PortalHandler):
            def do_GET(self):
                body = table.get((label, self.path)) or table.get(
                    (label, self.path + "index.html")) or articles(self.path.split("?")[0])
                if self.path == "/robots.txt" or body is None:
                    self.answer(404, "<html><body>页面不存在</body></html>")
                    return
                self.answer(200, body.replace("{A}", bases["a"]).replace("{B}", bases["b"]))
        return Handler

    servers = []
    for label, address in (("a", "127.0.0.1"), ("b", "127.0.0.2")):
        httpd = ThreadingHTTPServer((address, 0), handler_for(label))
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        bases[label] = f"http://{address}:{httpd.server_address[1]}"
    try:
        yield bases
    finally:
        for httpd in servers:
            httpd.shutdown()
            httpd.server_close()


def _govaudit(*args, timeout=HANG_S):
    return subprocess.run([sys.executable, "-m", "govaudit", *args], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discovery")
    db = folder / "audit.db"
    with two_hosts() as bases:
        proc = _govaudit("audit", bases["a"] + "/", "--db", str(db), "--as-of", AS_OF,
                         "--allow-private", "--quiet", "--out", str(folder / "report"),
                         "--format", "html,json")
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
        yield bases, db, folder


def _findings(db):
    database = sqlite_utils.Database(db)
    audit = database.execute("select max(id) from audits").fetchone()[0]
    return [dict(r) for r in database["findings"].rows_where("audit_id = ?", [audit])]


def test_units_found_where_the_index_lists_them(audited):
    bases, db, _ = audited
    units = {u["name"]: u for u in sqlite_utils.Database(db)["units"].rows}
    for name, host, landing, kind, _ in UNITS:
        assert name in units, sorted(units)
        assert units[name]["kind"] == kind
        assert units[name]["url"] == bases[host] + landing
        assert units[name]["source"] == "index-page"


def test_columns_found_in_every_link_form_on_any_host(audited):
    bases, db, _ = audited
    database = sqlite_utils.Database(db)
    units = {u["key"]: u["name"] for u in database["units"].rows}
    for name, host, _, _, columns in (EDU, TRANSPORT):
        found = {c["url"] for c in database["columns"].rows if units.get(c["unit_key"]) == name}
        for href in columns:
            expected = bases[host] + href.replace("/index.html", "/")
            assert expected in found, (name, href, sorted(found))


def test_gaps_only_where_the_navigation_was_read(audited):
    _, db, _ = audited
    missing = {(f["unit_name"], f["category"]) for f in _findings(db)
               if f["rule"] == "column.missing"}
    assert ("示例县教育局", "power-list") in missing
    # Every other department category is present under a name real portals use.
    assert {c for u, c in missing if u == "示例县教育局"} == {"power-list"}
    assert not [c for u, c in missing if u == "示例县交通运输局"]
    # Script-built navigation: never accused, reported as not verified.
    assert not [c for u, c in missing if u == "示例县卫生健康局"]
    unverified = [f for f in _findings(db) if f["rule"] == "audit.unverified"
                  and f["unit_name"] == "示例县卫生健康局"]
    assert unverified and "脚本" in unverified[0]["message"]


def test_structure_command_shows_units_columns_and_how_they_were_recognised(audited):
    _, db, folder = audited
    proc = _govaudit("structure", "--db", str(db), timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    for name, *_ in UNITS:
        assert name in text
    assert "单位索引页" in text and "未能完整读取" in text
    assert "清单公开（未归类）" in text
    out = folder / "profile.yaml"
    proc = _govaudit("structure", "--db", str(db), "--format", "yaml", "--out", str(out),
                     timeout=120)
    assert proc.returncode == 0, proc.stderr
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {u["name"] for u in draft["units"]} == {name for name, *_ in UNITS}
    assert any(url.endswith("/col/col2006/") for url in draft["column_categories"])


def test_a_corrected_profile_is_applied_by_the_next_audit(audited):
    bases, db, folder = audited
    draft = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8")) \
        if (folder / "profile.yaml").exists() else {"column_categories": {}}
    url = bases["a"] + "/col/col2006/"
    draft["column_categories"] = {url: "power-list"}
    profile = folder / "corrected.yaml"
    profile.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    with two_hosts() as new_bases:
        # The hosts' ports changed: point the correction at this run's address.
        text = profile.read_text(encoding="utf-8").replace(bases["a"], new_bases["a"]) \
            .replace(bases["b"], new_bases["b"])
        profile.write_text(text, encoding="utf-8")
        proc = _govaudit("audit", new_bases["a"] + "/", "--db", str(db), "--as-of", AS_OF,
                         "--allow-private", "--quiet", "--profile", str(profile),
                         "--out", str(folder / "report2"), "--format", "json")
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    missing = {(f["unit_name"], f["category"]) for f in _findings(db)
               if f["rule"] == "column.missing"}
    assert ("示例县教育局", "power-list") not in missing


def test_a_bad_profile_is_refused_with_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("column_categories:\n  http://x/: no-such-category\n", encoding="utf-8")
    proc = _govaudit("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "x.db"),
                     "--allow-private", "--profile", str(bad), timeout=120)
    assert proc.returncode == 2
    assert "no-such-category" in proc.stderr


def test_the_report_has_a_structure_page(audited):
    """站点结构 in the report: each unit with how it was found and whether its navigation was
    read, and how many units the index listed and how many were read."""
    _, _, folder = audited
    page = (folder / "report" / "structure.html").read_text(encoding="utf-8")
    assert "单位索引列出：3 个" in page and "已读取单位页面：4 个" in page
    for name, *_ in UNITS:
        assert name in page
    assert "栏目导航由页面脚本生成" in page and "清单公开" in page and "未归类" in page
    assert 'href="structure.html"' in (folder / "report" / "index.html").read_text(
        encoding="utf-8")


def test_findings_json_written(audited):
    _, _, folder = audited
    data = json.loads((folder / "report" / "findings.json").read_text(encoding="utf-8"))
    assert data["findings"]


def test_a_portal_without_a_platform_link_is_not_accused(tmp_path):
    """No link names the 政府信息公开 platform (an image button, a name no list knows): the
    county's columns are only what the homepage links, never enough to call one missing."""
    home = _page("示例县人民政府", '<a href="/zwgk/zcwj/">政策文件</a>'
                                '<a href="/zwgk/tzgg/">通知公告</a><img src="/gk.png" alt="">')
    table = {"/": home, "/zwgk/zcwj/": _page("政策文件", _list(1)),
             "/zwgk/tzgg/": _page("通知公告", _list(2))}

    class Handler(PortalHandler):
        def do_GET(self):
            body = table.get(self.path) or articles(self.path)
            if body is None:
                self.answer(404, "<html><body>页面不存在</body></html>")
                return
            self.answer(200, body.replace("{A}", ""))

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        db = tmp_path / "audit.db"
        proc = _govaudit("audit", f"http://127.0.0.1:{httpd.server_address[1]}/", "--db",
                         str(db), "--as-of", AS_OF, "--allow-private", "--quiet",
                         "--out", str(tmp_path / "report"), "--format", "json")
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    finally:
        httpd.shutdown()
        httpd.server_close()
    findings = _findings(db)
    assert not [f for f in findings if f["rule"] == "column.missing"]
    notes = [f for f in findings if f["rule"] == "audit.unverified" and "平台入口" in f["message"]]
    assert len(notes) == 1
