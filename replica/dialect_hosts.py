"""Replica hosts in the other CMS dialects: a Hanweb department site, a gkmlpt catalogue and a
VSB site, each a small portal of its own on its own loopback port with a manifest of every list
entry (`manifest["columns"][i]["items"]`).

* Hanweb (`hanweb`): `/col/col<id>/index.html` pages carry the first list page as datastore
  XML in `<script type="text/xml">`; further pages answer `GET` and `POST
  /module/web/jpage/dataproxy.jsp`. Records rotate through the template variants of real sites
  (span / i / readlabel dates, `font ·` prefix, table-like cells), plus link-less dirty records
  and the `<li style=<br/>` artefact, which are not entries.
* gkmlpt (`gkmlpt`): `/gkmlpt/index` SPA shell (`window._CONFIG` with SID and TREE) and the
  JSON list API `/gkmlpt/api/all/<cat>?page=N&sid=…`.
* VSB (`vsb`): `list.jsp?urltype=tree.TreeTempUrl&wbtreeid=<col>` paged by `a2t/a2p/a2c`,
  articles `/info/<col>/<id>.htm`.

Document ids come from 3920000 up (the range reserved for these hosts). Content is generated
deterministically; nothing here is random.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

DOCID_BASE = 3920000
HANWEB_COLUMNS = [  # (colid, name, number of items)
    (1001, "政府信息公开指南", 1), (1002, "政府信息公开制度", 3), (1003, "政策文件", 50),
    (1004, "工作动态", 20), (1005, "政府信息公开年报", 4), (1006, "财政预决算", 0),
]
GKMLPT_TREE = [  # (catid, name, number of items, children)
    (1, "政府信息公开指南", 1, []), (2, "政策文件", 23, [(21, "规范性文件", 4, [])]),
    (3, "机构职能", 2, []), (4, "统计信息", 12, []),
]
VSB_COLUMNS = [(1101, "政府信息公开指南", 1), (1102, "通知公告", 32), (1103, "人事信息", 6)]
PER_PAGE = {"hanweb": 15, "gkmlpt": 10, "vsb": 15}
TOPICS = ["关于做好{}工作的通知", "{}实施方案", "关于印发{}的通知", "{}情况的公告", "{}工作动态"]
SUBJECTS = ["春季防疫", "乡村振兴", "安全生产", "医疗保障", "校园安全", "耕地保护", "河湖长制",
            "营商环境", "就业帮扶", "冬季供暖"]


@dataclass
class Entry:
    docid: int
    title: str
    date: dt.date
    path: str = ""


@dataclass
class DialectHost:
    kind: str
    site_name: str
    columns: list = field(default_factory=list)  # (key, name, url path, [Entry])
    manifest: dict = field(default_factory=dict)
    extra_links: list = field(default_factory=list)  # (url, text) on the homepage: other hosts


def _entries(start: int, count: int, as_of: dt.date, col: int) -> list[Entry]:
    out = []
    for n in range(count):
        docid = start + n
        subject = SUBJECTS[(docid + col) % len(SUBJECTS)]
        title = TOPICS[docid % len(TOPICS)].format(subject) + f"（第{n + 1}号）"
        out.append(Entry(docid, title, as_of - dt.timedelta(days=2 + n * 5 + col % 7)))
    return out


def _article(site: str, title: str, date: dt.date, body_class: str = "zoom") -> bytes:
    return (f'<html><head><meta charset="utf-8"><meta name="SiteName" content="{site}">'
            f'<meta name="PubDate" content="{date.isoformat()} 09:00">'
            f"<title>{title}_{site}</title></head><body><h1>{title}</h1>"
            f"<table><tr><td>发布机构：</td><td>{site}</td><td>发布日期：</td>"
            f"<td>{date.isoformat()}</td></tr></table>"
            f'<div id="{body_class}"><p>{title}。正文内容。</p></div></body></html>').encode()


def _home(host: DialectHost, platform: str, head: str = "") -> bytes:
    site = host.site_name
    extra = "".join(f'<li><a href="{url}">{text}</a></li>' for url, text in host.extra_links)
    return (f'<html><head><meta charset="utf-8"><meta name="SiteName" content="{site}">{head}'
            f"<title>{site}</title></head><body>"
            f'<div class="nav"><a href="/">首页</a><a href="{platform}">政府信息公开</a></div>'
            f'<ul class="subsites">{extra}</ul></body></html>').encode()


# -- Hanweb ---------------------------------------------------------------------------------


HANWEB_HEAD = ('<script src="/module/jslib/jquery/jquery.js"></script>'
               '<link href="/images/12/hanweb.css" rel="stylesheet"><!--GS_0001_D7-->')


def _hanweb_record(entry: Entry, n: int) -> str:
    href, date, title = entry.path, entry.date.isoformat(), entry.title
    variant = n % 5
    if variant == 0:
        return f'<li><a href="{href}" title="{title}">{title}</a><span>{date}</span></li>'
    if variant == 1:
        return (f'<li class="ft14lh30 cf"><font> · </font><a href="{href}" title="{title}" '
                f'target="_blank">{title}</a><span>{date}</span></li>')
    if variant == 2:
        return f'<li><a href="{href}" title="{title}">{title}</a><b readlabel="{date}"></b></li>'
    if variant == 3:
        return f'<li><a href="{href}" title="{title}"><span>{title}</span><i>{date}</i></a></li>'
    return (f'<li><span>{n + 1}</span><span><a href="{href}" title="{title}">{title}</a></span>'
            f'<span>卫健发〔{entry.date.year}〕{n + 1}号</span><span>{date}</span></li>')


def _hanweb_datastore(host: DialectHost, colid: int, entries: list[Entry], page: int,
                      per: int) -> str:
    chunk = entries[(page - 1) * per: page * per]
    records = [_hanweb_record(e, (page - 1) * per + i) for i, e in enumerate(chunk)]
    if chunk and page == 1:
        # Dirty data as real JCMS lists carry it: a link-less record and the `<li style=<br/>`
        # artefact glued to a record.
        records.insert(1, "<li><span>（无链接）内部资料</span><span>2020-01-01</span></li>")
        records[-1] = records[-1] + "<li style=<br/>"
    pages = max(1, -(-len(entries) // per))
    body = "".join(f"<record><![CDATA[{r}]]></record>" for r in records)
    nextgroup = (f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page={min(pages, 4)}'
                 f'&appid=1&webid=12&path=/&columnid={colid}&unitid=5001&webname={host.site_name}'
                 f'&permissiontype=0"></a>]]></nextgroup>')
    return (f"<datastore>{nextgroup}<recordset>{body}</recordset>"
            f"<totalrecord>{len(entries)}</totalrecord><totalpage>{pages}</totalpage>"
            "</datastore>")


def build_hanweb(as_of: dt.date) -> DialectHost:
    host = DialectHost("hanweb", "示例县卫生健康局")
    docid = DOCID_BASE
    for colid, name, count in HANWEB_COLUMNS:
        entries = _entries(docid, count, as_of, colid)
        docid += 100
        for i, e in enumerate(entries):
            if colid == 1003 and i == 7:  # one JPaaS-style address among the old ones
                e.path = f"/art/{e.date.year}/art_{hashlib.md5(str(e.docid).encode()).hexdigest()}.html"
            else:
                e.path = (f"/art/{e.date.year}/{e.date.month}/{e.date.day}/"
                          f"art_{colid}_{e.docid}.html")
        host.columns.append((f"/col/col{colid}/", name, f"/col/col{colid}/index.html", entries))
    return host


def hanweb_page(host: DialectHost, path: str, query: dict, form: dict) -> tuple | None:
    if path == "/":
        return 200, _home(host, "/col/col1000/index.html", HANWEB_HEAD)
    if path in ("/col/col1000/", "/col/col1000/index.html"):
        tiles = "".join(f'<li><a href="{url}">{name}</a></li>' for _, name, url, _ in host.columns)
        return 200, (f'<html><head><meta charset="utf-8">{HANWEB_HEAD}<title>政府信息公开_'
                     f'{host.site_name}</title></head><body><div class="nav">'
                     f'<a href="/col/col1/index.html">首页</a><a href="/col/col2/index.html">'
                     f'新闻中心</a></div><ul class="xxgk-tiles">{tiles}</ul></body></html>').encode()
    per = PER_PAGE["hanweb"]
    for key, name, url, entries in host.columns:
        colid = int(key.strip("/").rsplit("col", 1)[1])
        if path in (key, url):
            store = _hanweb_datastore(host, colid, entries, 1, per)
            return 200, (f'<html><head><meta charset="utf-8">{HANWEB_HEAD}<title>{name}_'
                         f'{host.site_name}</title></head><body><div class="nav">'
                         f'<a href="/col/col1/index.html">首页</a></div>'
                         f'<div id="5001"><script type="text/xml">{store}</script>'
                         f"<script>$('#5001').jpage({{dataStore: dataStore, perPage:{per}, "
                         f"totalRecord:{len(entries)}, proxyUrl:'/module/web/jpage/dataproxy.jsp'"
                         f"}});</script></div></body></html>").encode()
    if path == "/module/web/jpage/dataproxy.jsp":
        colid = int((form.get("columnid") or query.get("columnid") or ["0"])[0] or 0)
        column = next((c for c in host.columns if c[0] == f"/col/col{colid}/"), None)
        if column is None:
            return 200, b"<datastore><totalrecord>0</totalrecord></datastore>"
        entries = column[3]
        if "startrecord" in query:  # POST group form: records start..end
            start = int(query["startrecord"][0])
            end = int(query.get("endrecord", [start + 44])[0])
            chunk = entries[start - 1:end]
            body = "".join(f"<record><![CDATA[{_hanweb_record(e, start - 1 + i)}]]></record>"
                           for i, e in enumerate(chunk))
            return 200, (f"<datastore><recordset>{body}</recordset><totalrecord>{len(entries)}"
                         "</totalrecord></datastore>").encode()
        page = int(query.get("page", ["1"])[0])
        return 200, _hanweb_datastore(host, colid, entries, page, per).encode()
    for _, _, _, entries in host.columns:
        for e in entries:
            if path == e.path:
                return 200, _article(host.site_name, e.title, e.date)
    return None


# -- gkmlpt ---------------------------------------------------------------------------------


def build_gkmlpt(as_of: dt.date) -> DialectHost:
    host = DialectHost("gkmlpt", "示例县交通运输局")
    docid = DOCID_BASE + 1000

    def add(nodes):
        nonlocal docid
        for catid, name, count, children in nodes:
            entries = _entries(docid, count, as_of, catid)
            docid += 100
            for e in entries:
                e.path = f"/gkmlpt/content/{e.docid // 1000000}/{e.docid // 1000}/post_{e.docid}.html"
            host.columns.append((f"/gkmlpt/api/all/{catid}", name,
                                 f"/gkmlpt/api/all/{catid}?page=1&sid=762", entries))
            add(children)

    add(GKMLPT_TREE)
    return host


def _tree_json(nodes) -> list:
    return [{"id": c, "name": n, "children": _tree_json(ch)} for c, n, _, ch in nodes]


def gkmlpt_page(host: DialectHost, path: str, query: dict, form: dict) -> tuple | None:
    if path == "/":
        return 200, _home(host, "/gkmlpt/index")
    if path == "/gkmlpt/index":
        config = json.dumps(_tree_json(GKMLPT_TREE), ensure_ascii=False)
        return 200, (f'<html><head><meta charset="utf-8"><title>政府信息公开_{host.site_name}'
                     f'</title><script src="/gkmlpt/static/js/app.js"></script></head><body>'
                     f'<div id="app"></div><script>window._CONFIG = {{SID: \'762\', '
                     f"TREE: {config}, DETAIL: null}};</script></body></html>").encode()
    per = PER_PAGE["gkmlpt"]
    for key, name, _, entries in host.columns:
        if path == key:
            if query.get("sid", [""])[0] != "762":
                return 200, json.dumps({"total": 0, "articles": []}).encode()
            page = int(query.get("page", ["1"])[0])
            chunk = entries[(page - 1) * per: page * per]
            articles = [{"id": e.docid, "title": e.title, "url": e.path,
                         "created_at": int(dt.datetime.combine(
                             e.date, dt.time(9, 30), dt.timezone(dt.timedelta(hours=8))).timestamp())}
                        for e in chunk]
            return 200, json.dumps({"total": len(entries), "articles": articles,
                                    "classify": {"id": key, "name": name,
                                                 "post_count": len(entries)}},
                                   ensure_ascii=False).encode()
    for _, _, _, entries in host.columns:
        for e in entries:
            if path == e.path:
                return 200, _article(host.site_name, e.title, e.date, "content")
    return None


# -- VSB --------------------------------------------------------------------------------------


VSB_HEAD = '<script src="/system/resource/js/vsbscreen.min.js"></script>'


def build_vsb(as_of: dt.date) -> DialectHost:
    host = DialectHost("vsb", "示例县自然资源局")
    docid = DOCID_BASE + 2000
    for colid, name, count in VSB_COLUMNS:
        entries = _entries(docid, count, as_of, colid)
        docid += 100
        for e in entries:
            e.path = f"/info/{colid}/{e.docid}.htm"
        url = f"/list.jsp?urltype=tree.TreeTempUrl&wbtreeid={colid}"
        host.columns.append((url, name, url, entries))
    return host


def vsb_page(host: DialectHost, path: str, query: dict, form: dict) -> tuple | None:
    if path == "/":
        return 200, _home(host, "/xxgk.htm", VSB_HEAD)
    if path == "/xxgk.htm":
        tiles = "".join(f'<li><a href="{url[1:]}">{name}</a></li>' for _, name, url, _ in host.columns)
        return 200, (f'<html><head><meta charset="utf-8">{VSB_HEAD}<title>政府信息公开-'
                     f'{host.site_name}</title></head><body><ul class="tiles">{tiles}</ul>'
                     "</body></html>").encode()
    per = PER_PAGE["vsb"]
    if path == "/list.jsp":
        colid = query.get("wbtreeid", ["0"])[0]
        column = next((c for c in host.columns if c[0].endswith(f"wbtreeid={colid}")), None)
        if column is None:
            return None
        _, name, url, entries = column
        pages = max(1, -(-len(entries) // per))
        page = int(query.get("a2p", ["1"])[0])
        rows = "".join(f'<li><a href="info/{colid}/{e.docid}.htm" title="{e.title}">{e.title}'
                       f"</a><span>{e.date.isoformat()}</span></li>"
                       for e in entries[(page - 1) * per: page * per])
        pager = "".join(f'<a href="list.jsp?a2t={pages}&a2p={p}&a2c={per}&urltype=tree.'
                        f'TreeTempUrl&wbtreeid={colid}">{p}</a>' for p in range(1, pages + 1))
        return 200, (f'<html><head><meta charset="utf-8">{VSB_HEAD}<title>{name}-'
                     f'{host.site_name}</title></head><body><div class="list"><ul>{rows}</ul>'
                     f'</div><div class="pb_sys_common">共{pages}页 {pager}</div></body></html>'
                     ).encode()
    for _, _, _, entries in host.columns:
        for e in entries:
            if path == e.path:
                return 200, _article(host.site_name, e.title, e.date, "vsb_content")
    return None


BUILDERS = {"hanweb": (build_hanweb, hanweb_page), "gkmlpt": (build_gkmlpt, gkmlpt_page),
            "vsb": (build_vsb, vsb_page)}


def build(kind: str, as_of: dt.date) -> DialectHost:
    host = BUILDERS[kind][0](as_of)
    host.manifest = {
        "schema": "govaudit/replica-dialect-host@1", "dialect": kind, "site": host.site_name,
        "columns": [{"key": key, "name": name, "url_path": url,
                     "items": [{"path": e.path, "title": e.title,
                                "list_date": e.date.isoformat()} for e in entries]}
                    for key, name, url, entries in host.columns],
    }
    return host


def handler_for(host: DialectHost):
    page_of = BUILDERS[host.kind][1]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = {"hanweb": "Hanweb-JCMS-replica", "gkmlpt": "gkmlpt-replica",
                          "vsb": "VSB-replica"}[host.kind]

        def _answer(self, form: dict):
            parts = urlsplit(self.path)
            found = page_of(host, unquote(parts.path) or "/", parse_qs(parts.query), form)
            status, body = found if found else (404, b"<html><title>404</title></html>")
            ctype = ("application/json; charset=utf-8" if body[:1] in (b"{", b"[")
                     else "text/xml; charset=utf-8" if body.startswith(b"<datastore")
                     else "text/html; charset=utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except ConnectionError:
                self.close_connection = True

        def do_GET(self):  # noqa: N802 - stdlib name
            self._answer({})

        def do_POST(self):  # noqa: N802 - stdlib name
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(min(length, 65536)).decode("utf-8", "replace")
            self._answer(parse_qs(raw))

        def log_message(self, *args):
            pass

    return Handler


def start(kind: str, as_of: dt.date, port: int = 0):
    """Serve one dialect host on 127.0.0.1:`port`; returns (RunningServer, DialectHost)."""
    from .server import RunningServer, _Server

    host = build(kind, as_of)
    httpd = _Server(("127.0.0.1", port), handler_for(host))
    thread = threading.Thread(target=httpd.serve_forever, name=f"replica-{kind}", daemon=True)
    thread.start()
    return RunningServer(url=f"http://127.0.0.1:{httpd.server_address[1]}/", httpd=httpd,
                         thread=thread), host
