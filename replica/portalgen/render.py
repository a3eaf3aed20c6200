"""HTML fragments of generated portals: the page shell, navigation blocks in every form the
`nav_form` axis names, list markup, displayed dates and pagers.

Every form here is one real portals use (see replica/portalgen/__init__.py); none is copied from
a site. Scripts in these pages are never needed to *see* the structure by a reader that knows the
form (an onclick, a data-url, an inline JSON blob), which is what the crawler must learn.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape

BLANK_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


def attr(text: str) -> str:
    return escape(text, quote=True)


def js(text: str) -> str:
    """A string safe inside a single-quoted JS literal in an HTML attribute or script."""
    return text.replace("\\", "\\\\").replace("'", "\\'")


def nav(entries: list[tuple[str, str]], form: str, block: str,
        frame: str | None = None) -> str:
    """A navigation block of (label, href) entries written in `form`. `frame`: the address of
    the document holding the links when the form is an iframe (rendered by `nav_frame`)."""
    if form == "iframe":
        return (f'<iframe id="{block}" src="{attr(frame or "")}" width="100%" height="320" '
                'frameborder="0" scrolling="no"></iframe>')
    if form == "select":
        options = "".join(f'<option value="{attr(h)}">{escape(t)}</option>' for t, h in entries)
        return (f'<div class="{block}"><select onchange="if(this.value){{location.href=this.value;}}">'
                f'<option value="">请选择</option>{options}</select></div>')
    if form == "area":
        areas = "".join(f'<area shape="rect" coords="0,{30 * n},220,{30 * n + 28}" '
                        f'href="{attr(h)}" alt="{attr(t)}" title="{attr(t)}">'
                        for n, (t, h) in enumerate(entries))
        return (f'<div class="{block}"><img src="{BLANK_GIF}" usemap="#{block}-map" '
                f'width="220" height="{30 * len(entries)}" alt="导航">'
                f'<map name="{block}-map" id="{block}-map">{areas}</map></div>')
    if form == "document-write":
        lines = "".join(f"document.write('<li><a href=\"{js(attr(h))}\">{js(escape(t))}</a></li>');\n"
                        for t, h in entries)
        return (f'<div class="{block}"><script type="text/javascript">\n'
                f"document.write('<ul>');\n{lines}document.write('</ul>');\n</script></div>")
    if form == "json-blob":
        data = json.dumps([{"name": t, "url": h} for t, h in entries], ensure_ascii=False)
        return (f'<div class="{block}" id="{block}"></div><script type="text/javascript">\n'
                f"var {block.replace('-', '_')}Data = {data};\n"
                f"(function(list){{var box=document.getElementById('{block}');"
                "list.forEach(function(n){var a=document.createElement('a');a.href=n.url;"
                "a.textContent=n.name;box.appendChild(a);});})"
                f"({block.replace('-', '_')}Data);\n</script>")
    rows = []
    for t, h in entries:
        if form == "onclick-location":
            rows.append(f'<li><a href="javascript:void(0);" onclick="location.href=\'{js(attr(h))}\'">'
                        f"{escape(t)}</a></li>")
        elif form == "onclick-window-open":
            rows.append(f'<li><span class="lnk" onclick="window.open(\'{js(attr(h))}\',\'_blank\')">'
                        f"{escape(t)}</span></li>")
        elif form == "data-url":
            rows.append(f'<li class="nav-item" data-url="{attr(h)}">{escape(t)}</li>')
        else:
            rows.append(f'<li><a href="{attr(h)}" title="{attr(t)}">{escape(t)}</a></li>')
    script = ("<script>document.querySelectorAll('[data-url]').forEach(function(el){"
              "el.onclick=function(){location.href=el.getAttribute('data-url');};});</script>"
              if form == "data-url" else "")
    return f'<ul class="{block}">{"".join(rows)}</ul>{script}'


def nav_frame(entries: list[tuple[str, str]]) -> str:
    """The body of an iframe navigation document: plain links opening in the parent."""
    rows = "".join(f'<li><a href="{attr(h)}" target="_parent">{escape(t)}</a></li>'
                   for t, h in entries)
    return f'<ul class="frame-nav">{rows}</ul>'


def shown_date(day: dt.date, fmt: str) -> str | None:
    if fmt == "iso":
        return day.isoformat()
    if fmt == "cjk":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    if fmt == "dotted":
        return f"{day:%Y.%m.%d}"
    if fmt == "month-day":
        return f"[{day:%m-%d}]"
    return None


def _groups(rows: list[tuple[str, str, dt.date]], fmt: str):
    """Rows grouped under year headings when the list shows `[MM-DD]` only."""
    if fmt != "month-day":
        return [(None, rows)]
    out: list = []
    for row in rows:
        if not out or out[-1][0] != row[2].year:
            out.append((row[2].year, []))
        out[-1][1].append(row)
    return out


def list_block(rows: list[tuple[str, str, dt.date]], markup: str, fmt: str,
               placeholder: bool, start: int = 0) -> str:
    """A list page's entries (title, href, date) in `markup` with dates shown as `fmt`."""
    empty = '<p class="no-data">暂无信息</p>' if placeholder and not rows else ""
    if markup == "json-blob":
        def entry(t, h, d):
            e = {"title": t, "url": h}
            if shown_date(d, fmt):
                e["date"] = shown_date(d, fmt).strip("[]")
            return e
        if fmt == "month-day":
            data = {"groups": [{"year": f"{y}年", "items": [entry(*r) for r in g]}
                               for y, g in _groups(rows, fmt)]}
        else:
            data = {"items": [entry(*r) for r in rows]}
        data["total"] = len(rows)
        return (f'<div id="listBox"></div>{empty}<script type="text/javascript">\n'
                f"var listData = {json.dumps(data, ensure_ascii=False)};\n"
                "renderList('listBox', listData);\n</script>")
    parts = []
    if markup == "table":
        dated = fmt != "undated"
        head = "<th>序号</th><th>标题</th>" + ("<th>发布日期</th>" if dated else "")
        n = start
        for year, group in _groups(rows, fmt):
            if year is not None:
                parts.append(f'<tr class="year"><td colspan="3">{year}年</td></tr>')
            for t, h, d in group:
                n += 1
                cell = f"<td>{escape(shown_date(d, fmt))}</td>" if dated else ""
                parts.append(f'<tr><td>{n}</td><td><a href="{attr(h)}" title="{attr(t)}" '
                             f'target="_blank">{escape(t)}</a></td>{cell}</tr>')
        return (f'<table class="list-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(parts)}</tbody></table>{empty}')
    for year, group in _groups(rows, fmt):
        lis = "".join(record(t, h, d, fmt) for t, h, d in group)
        heading = f'<h4 class="year">{year}年</h4>' if year is not None else ""
        parts.append(f'{heading}<ul class="list">{lis}</ul>')
    return "".join(parts) + empty


def record(title: str, href: str, day: dt.date, fmt: str) -> str:
    shown = shown_date(day, fmt)
    date = f'<span class="date">{escape(shown)}</span>' if shown else ""
    return f'<li><a href="{attr(href)}" title="{attr(title)}" target="_blank">{escape(title)}</a>{date}</li>'


def pager(pages: list[str], current: int, kind: str) -> str:
    """Links to the other pages of a list (static files or `?page=N`), as TRS and most CMSs
    print them, with the TRS page script beside the static form."""
    if len(pages) <= 1:
        return ""
    links = "".join(f'<a href="{attr(u)}">{n}</a>' if n - 1 != current else f"<b>{n}</b>"
                    for n, u in enumerate(pages, 1))
    script = (f'<script type="text/javascript">createPageHTML({len(pages)}, {current}, '
              '"index", "html");</script>' if kind == "static" else "")
    return f'<div class="pagination">共{len(pages)}页 {links}{script}</div>'


def datastore(records: list[str], total: int, pages: int, nextgroup: str | None) -> str:
    """A Hanweb-like datastore: the records of one page and what the pager needs."""
    body = "".join(f"<record><![CDATA[{r}]]></record>" for r in records)
    group = f'<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>' if nextgroup else ""
    return (f"<datastore>{group}<recordset>{body}</recordset><totalrecord>{total}</totalrecord>"
            f"<totalpage>{pages}</totalpage></datastore>")


def shell(*, charset: str | None, site: str, title: str, body: str, column: str | None = None,
          head: str = "", home: str = "/", platform: str = "",
          platform_name: str = "政府信息公开") -> str:
    """A whole page: meta tags real CMSs write (SiteName, ColumnName), a header with the
    homepage and 政府信息公开 links, `body`, a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    col = f'<meta name="ColumnName" content="{attr(column)}">' if column else ""
    return (f"<!DOCTYPE html><html><head>{meta}"
            f'<meta name="SiteName" content="{attr(site)}">{col}{head}'
            f"<title>{escape(title)}</title></head><body>"
            f'<div class="header"><div class="logo">{escape(site)}</div><div class="topnav">'
            f'<a href="{attr(home)}">首页</a><a href="{attr(platform)}">{escape(platform_name)}</a>'
            "</div></div>"
            f'<div class="container">{body}</div>'
            f'<div class="footer">主办：{escape(site)}</div></body></html>')


def crumb(steps: list[tuple[str, str | None]]) -> str:
    """您的位置 / 当前位置 breadcrumb; the last step is plain text."""
    parts = [f'<a href="{attr(h)}">{escape(t)}</a>' if h else f"<span>{escape(t)}</span>"
             for t, h in steps]
    return f'<div class="crumb">当前位置：{" &gt; ".join(parts)}</div>'


def related(label: str, href: str, title: str, boxed: bool) -> str:
    """A link to a related document (相关解读 / 相关文件) under its label, inline or in a box."""
    text = title if label.endswith("解读") or label == "解读材料" else f"《{title}》"
    if boxed:
        return (f'<div class="xgwj-box"><h4>{escape(label)}</h4><ul><li><a href="{attr(href)}" '
                f'target="_blank">{escape(text)}</a></li></ul></div>')
    return f'<p class="xgwj">{escape(label)}：<a href="{attr(href)}">{escape(text)}</a></p>'
