"""Render a planned portal into pages: `build(seed, as_of)` → `Built` (pages per host label,
keyed by path plus canonical query, as bytes in the portal's encoding, and the manifest).

Pages only hold root-relative addresses for their own host and `@@HOST:<label>@@/path` for the
other one (replaced by the server), so the bytes are identical for the same seed and as_of.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit

from replica.attachments import legacy_doc, pdf_bytes

from . import budget_docs
from . import render as r
from . import reports
from .addresses import list_items, proxy_url
from .manifest import manifest_of
from .model import Column, Portal, Unit, marker
from .data import PER_PAGE
from .plan import plan
from .extra import guide_text, homepage_column
from .render_article import article_meta, homepage_news

LIST_SCRIPT = ("<script type=\"text/javascript\">function renderList(id,data){var box="
               "document.getElementById(id);(data.items||[]).forEach(function(n){var a="
               "document.createElement('a');a.href=n.url;a.textContent=n.title;"
               "box.appendChild(a);});}</script>")


def key(path: str) -> str:
    """A served address: the path plus its query with parameters in a canonical order, so the
    order a client writes them in does not matter but every parameter does."""
    parts = urlsplit(path)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + ("?" + query if query else "")


@dataclass
class Built:
    portal: Portal
    pages: dict  # host label -> {key: (status, content type, bytes)}
    manifest: dict


class Renderer:
    def __init__(self, p: Portal):
        self.p = p
        self.lay = p.layout
        self.pages: dict[str, dict] = {h: {} for h in ("main", "other")}
        enc = self.lay["encoding"]
        self.codec = "utf-8" if enc == "utf-8" else "gbk"
        self.ctype = {"utf-8": "text/html; charset=utf-8", "gbk-header": "text/html; charset=GBK",
                      "gbk-meta": "text/html"}[enc]
        self.county = p.units[0]

    # -- helpers --------------------------------------------------------------------------------

    def href(self, here: str, there: str, path: str) -> str:
        return path if here == there else marker(there) + path

    def put(self, host: str, path: str, body, ctype: str | None = None, status: int = 200):
        data = body.encode(self.codec, "xmlcharrefreplace") if isinstance(body, str) else body
        self.pages[host][key(path)] = (status, ctype or self.ctype, data)

    def page(self, host: str, title: str, body: str, column: str | None = None,
             head: str = "") -> str:
        return r.shell(charset="utf-8" if self.codec == "utf-8" else "gbk", site=self.p.site_name,
                       title=title, body=body, column=column, head=head,
                       home=self.href(host, "main", "/"),
                       platform=self.href(host, self.county.host, self.p.platform),
                       platform_name=self.lay["platform_name"])

    def index_page(self, kind: str) -> str | None:
        host, d, _, has_page = self.p.indexes[kind]
        return d + "index.html" if has_page else None

    def unit_steps(self, host: str, unit: Unit, last: bool = False) -> list:
        steps = [("首页", self.href(host, "main", "/"))]
        if unit.kind == "county":
            return steps + [("政府信息公开", None if last else self.href(host, "main", self.p.platform))]
        if self.lay["unit_index"] != "homepage":
            steps.append(("政府信息公开", self.href(host, "main", self.p.platform)))
        ihost, _, label, _ = self.p.indexes[unit.kind]
        index = self.index_page(unit.kind)
        steps.append((label, self.href(host, ihost, index) if index else None))
        steps.append((unit.name, None if last else self.href(host, unit.host, unit.landing)))
        return steps

    def column_steps(self, col: Column, last: bool) -> list:
        unit = col.unit
        steps = self.unit_steps(unit.host, unit)
        if col.parent is not None and self.lay["column_scheme"] != "spa":
            steps.append((col.parent.name, col.parent.path))
        steps.append((col.name, None if last else
                      (col.path if self.lay["column_scheme"] != "spa" else None)))
        return steps

    def nav(self, host: str, entries: list, block: str, frame: str) -> str:
        form = self.lay["nav_form"]
        if form == "iframe":
            self.put(host, frame, self.page(host, "导航", r.nav_frame(entries)))
        return r.nav(entries, form, block, frame)

    # -- the county's platform additions (unit index placement) ---------------------------------

    def placement(self, host: str) -> str:
        where = self.lay["unit_index"]
        listed = [u for u in self.p.units if u.kind != "county" and u.listed]
        if where == "sibling":
            tabs = "".join(f'<a href="{r.attr(self.href(host, self.p.indexes[k][0], self.index_page(k)))}">'
                           f"{escape(self.p.indexes[k][2])}</a>" for k in ("department", "town"))
            return f'<div class="tabs"><a href="{r.attr(self.p.platform)}">政府信息公开</a>{tabs}</div>'
        if where == "left-tree":
            groups = ""
            for kind in ("department", "town"):
                links = "".join(f'<li><a href="{r.attr(self.href(host, u.host, u.landing))}">'
                                f"{escape(u.name)}</a></li>" for u in listed if u.kind == kind)
                groups += f"<li><span>{escape(self.p.indexes[kind][2])}</span><ul>{links}</ul></li>"
            return f'<div class="left-tree"><ul>{groups}</ul></div>'
        if where == "select":
            out = ""
            for kind in ("department", "town"):
                opts = "".join(f'<option value="{r.attr(self.href(host, u.host, u.landing))}">'
                               f"{escape(u.name)}</option>" for u in listed if u.kind == kind)
                out += (f'<select onchange="if(this.value){{window.open(this.value);}}">'
                        f'<option value="">{escape(self.p.indexes[kind][2])}</option>{opts}</select>')
            return f'<div class="unit-select">{out}</div>'
        return ""

    def index_entries(self, host: str) -> list:
        if self.lay["unit_index"] not in ("child", "other-host"):
            return []
        return [(self.p.indexes[k][2], self.href(host, self.p.indexes[k][0], self.index_page(k)))
                for k in ("department", "town")]

    # -- pages ----------------------------------------------------------------------------------

    def build(self) -> None:
        self.homepage()
        for kind in ("department", "town"):
            if self.index_page(kind):
                self.unit_index(kind)
        for unit in self.p.units:
            self.landing(unit)
            for col in unit.all_columns():
                self.column(col)
                for item in col.items:
                    self.article(col, item)

    def homepage(self) -> None:
        body = f"<h1>{escape(self.p.site_name)}</h1>"
        news = homepage_column(self.p)
        if news is not None:
            more = (f'<a class="more" href="{r.attr(news.path)}">更多</a>'
                    if self.lay["column_scheme"] != "spa" else "")
            body += homepage_news(self.lay["homepage_news"], news.name, news.items[:4], more)
        if self.lay["unit_index"] == "homepage":
            links = "".join(f'<li><a href="{r.attr(self.index_page(k))}">{escape(self.p.indexes[k][2])}</a></li>'
                            for k in ("department", "town"))
            body += f'<div class="gk-links"><ul>{links}</ul></div>'
        hidden = [u for u in self.p.units if not u.listed]
        if hidden:
            links = "".join(f'<li><a href="{r.attr(self.href("main", u.host, u.landing))}">'
                            f"{escape(u.name)}</a></li>" for u in hidden)
            body += f'<div class="sites"><h3>部门网站</h3><ul>{links}</ul></div>'
        self.put("main", "/", self.page("main", self.p.site_name, body))

    def unit_index(self, kind: str) -> None:
        host, d, label, _ = self.p.indexes[kind]
        steps = [("首页", self.href(host, "main", "/"))]
        if self.lay["unit_index"] != "homepage":
            steps.append(("政府信息公开", self.href(host, "main", self.p.platform)))
        entries = [(u.name, self.href(host, u.host, u.landing)) for u in self.p.units
                   if u.kind == kind and u.listed]
        body = (r.crumb(steps + [(label, None)]) + f"<h2>{escape(label)}</h2>"
                + self.nav(host, entries, "unit-nav", d + "list.html"))
        self.put(host, d + "index.html", self.page(host, f"{label}_{self.p.site_name}", body,
                                                   column=label))

    def landing(self, unit: Unit) -> None:
        host = unit.host
        extra = ""
        if unit.kind == "county":
            extra = self.placement(host)
        steps = self.unit_steps(host, unit, last=True)
        if self.lay["column_scheme"] == "spa":
            config = json.dumps(self.tree(unit.columns), ensure_ascii=False)
            links = self.index_entries(host) if unit.kind == "county" else []
            side = self.nav(host, links, "gk-nav", unit.base + "nav.html") if links else ""
            body = (r.crumb(steps) + extra + side + '<div id="app"></div>'
                    f"<script>window._CONFIG = {{SID: '{unit.sid}', TREE: {config}, "
                    "DETAIL: null};</script>")
            head = '<script src="/gkmlpt/static/js/app.js"></script>'
            self.put(host, unit.landing, self.page(host, f"政府信息公开目录_{unit.name}", body,
                                                   head=head))
            return
        entries = [(c.name, c.path) for c in unit.columns]
        if unit.kind == "county":
            entries += self.index_entries(host)
        body = (r.crumb(steps) + extra + f"<h2>{escape(unit.name)}</h2>"
                + self.nav(host, entries, "gk-nav", unit.base + "nav.html"))
        self.put(host, unit.landing, self.page(host, f"政府信息公开_{unit.name}", body,
                                               column=None if unit.kind == "county" else unit.name))

    def tree(self, columns: list[Column]) -> list:
        return [{"id": c.id, "name": c.name, "parent_id": c.parent.id if c.parent else 0,
                 "post_count": len(c.items), "children": self.tree(c.children)} for c in columns]

    def column(self, col: Column) -> None:
        unit, scheme = col.unit, self.lay["column_scheme"]
        host = unit.host
        if scheme == "spa":
            self.api(col)
            return
        side = self.placement(host) if unit.kind == "county" and \
            self.lay["unit_index"] == "left-tree" else ""
        if col.role == "container":
            entries = [(c.name, c.path) for c in col.children]
            body = (r.crumb(self.column_steps(col, True)) + side + f"<h2>{escape(col.name)}</h2>"
                    + self.nav(host, entries, "sub-nav", f"{unit.base}nav_{col.id}.html"))
            self.put(host, col.path, self.page(host, f"{col.name}_{unit.name}", body,
                                               column=col.name))
            return
        pages, items = col.page_paths, col.items
        fmt, markup = self.lay["date_format"], self.lay["list_markup"]
        for n, path in enumerate(pages):
            chunk = items[n * PER_PAGE:(n + 1) * PER_PAGE]
            rows = [(i.title, i.path, i.date) for i in chunk]
            if self.lay["pager"] == "dataproxy":
                records = [r.record(t, h, d, fmt) for t, h, d in rows]
                if n:
                    self.put(host, path, f'<?xml version="1.0" encoding="{self.codec}"?>'
                             + r.datastore(records, len(items), len(pages), None),
                             ctype=f"text/xml; charset={self.codec}")
                    continue
                store = r.datastore(records, len(items), len(pages),
                                    proxy_url(col, 2) if len(pages) > 1 else None)
                listing = (f'<div id="{col.id + 50000}"><script type="text/xml">{store}</script>'
                           f"<script>$('#{col.id + 50000}').jpage({{dataStore: dataStore, "
                           f"perPage:{PER_PAGE}, totalRecord:{len(items)}, "
                           "proxyUrl:'/module/web/jpage/dataproxy.jsp'});</script></div>")
                if not items and col.placeholder:
                    listing += '<p class="no-data">暂无信息</p>'
                head = '<script src="/module/jslib/jquery/jquery.js"></script>'
            else:
                listing = (r.list_block(rows, markup, fmt, col.placeholder, n * PER_PAGE)
                           + r.pager(pages, n, self.lay["pager"]))
                head = LIST_SCRIPT if markup == "json-blob" else ""
            body = (r.crumb(self.column_steps(col, True)) + side
                    + f'<div class="list-title">{escape(col.name)}</div>' + listing)
            self.put(host, path, self.page(host, f"{col.name}_{unit.name}", body,
                                           column=col.name, head=head))

    def api(self, col: Column) -> None:
        items = list_items(col)
        china = dt.timezone(dt.timedelta(hours=8))
        for n, path in enumerate(col.page_paths):
            chunk = items[n * PER_PAGE:(n + 1) * PER_PAGE]
            articles = [{"id": i.docid, "title": i.title, "url": i.path,
                         "created_at": int(dt.datetime.combine(i.date, dt.time(9, 30), china)
                                           .timestamp())} for i in chunk]
            data = {"total": len(items), "per_page": PER_PAGE, "articles": articles,
                    "classify": {"id": col.id, "name": col.name, "post_count": len(items)}}
            self.put(col.unit.host, path, json.dumps(data, ensure_ascii=False).encode(),
                     ctype="application/json; charset=utf-8")

    def article(self, col: Column, item) -> None:
        unit = col.unit
        if not item.served:
            return
        n = self.p.units.index(unit)
        paras = [f"<p>{escape(item.title)}。</p>", "<p>为进一步做好相关工作，现将有关事项公布如下，"
                 "请各单位认真抓好落实。</p>"]
        for number in (item.exposed_id, item.masked_id):
            if number:
                paras.append(f"<p>公示对象：张某某，身份证号码：{number}，住址：本县某村。</p>")
        if item.attachment:
            paras.append(f'<p class="attach">附件：<a href="{r.attr(item.attachment)}">'
                         f"{escape(item.title)}.pdf</a></p>")
            if item.attachment_served:
                self.put(unit.host, item.attachment, pdf_bytes(item.title, item.docid),
                         ctype="application/pdf")
        if item.slip:
            paras.insert(1, f"<p>{escape(item.slip)}</p>")
        if item.legacy_doc:
            path = (item.path.rsplit("/", 1)[0]
                    + f"/W020{item.date:%Y%m%d}{item.docid % 100000:05d}.doc")
            paras.append(f'<p class="attach">附件：<a href="{r.attr(path)}">'
                         f"{escape(item.title)}.doc</a></p>")
            self.put(unit.host, path, legacy_doc(item.title, item.docid),
                     ctype="application/msword")
        if item.guide is not None:
            paras = [f"<p>{escape(t)}</p>" for t in guide_text(unit.name, item.guide, item.docid)]
        if item.report is not None:
            text, attachment = reports.render(unit.name, item)
            paras = [text]  # a report is its own text (reports.py)
            if attachment:
                self.put(unit.host, attachment[0], attachment[1], ctype=attachment[2])
        if item.budget is not None:
            text, attachment = budget_docs.render(unit.name, item)
            paras = [text]  # a disclosure is its content only (budget_docs.py)
            if attachment:
                path, data, ctype = attachment
                self.put(unit.host, path, data, ctype=ctype)
        paras += [r.related(label, self.href(unit.host, host, other.path), other.title, boxed)
                  for label, other, host, boxed in item.related]
        info = article_meta(self.lay, unit.name, n, item)
        body = (r.crumb(self.column_steps(col, False) + [("正文", None)])
                + f"<h1>{escape(item.title)}</h1>{info}"
                + f'<div class="TRS_Editor">{"".join(paras)}</div>')
        head = (f'<meta name="PubDate" content="{item.date.isoformat()} 09:30">'
                if self.lay["article_meta"] != "meta-list" else "")
        self.put(unit.host, item.path, self.page(unit.host, f"{item.title}_{unit.name}", body,
                                                 column=col.name, head=head))


def build(seed: int, as_of: dt.date, overrides: dict | None = None) -> Built:
    """The portal of `seed` on `as_of`; `overrides` force axes to values (axes.layout)."""
    portal = plan(seed, as_of, overrides)
    renderer = Renderer(portal)
    renderer.build()
    return Built(portal, renderer.pages, manifest_of(portal))
