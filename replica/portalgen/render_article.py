"""HTML fragments for how a generated article shows its dates and how the homepage shows its
latest news, in the forms real portal classes use (this project's own markup):

* article metadata (`article_meta` axis): a 公开目录 table of 索引号 / 发布机构 / 成文日期 / 发布日期 /
  文号 (gkmlpt and TRS 信息公开 pages); a `<ul><li>` metadata list under a TRS-like
  `发布时间：… 来源：…` line; a Hanweb-like inline info bar (`发布日期：… 成文日期：… 字号：[大 中 小]`);
* article dates (`article_date` axis): 2026-03-05, 2026年3月5日, 2026/03/05;
* homepage news (`homepage_news` axis): a dated list, a table with 年月日 dates, or an undated
  headline above a list of bracketed dates.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from .render import attr


def article_day(day: dt.date, fmt: str) -> str:
    if fmt == "cjk":
        return f"{day.year}年{day.month}月{day.day}日"
    if fmt == "slash":
        return f"{day:%Y/%m/%d}"
    return day.isoformat()


def article_meta(lay: dict, unit_name: str, n: int, item) -> str:
    fmt = lay["article_date"]
    pub = article_day(item.date, fmt)
    written = article_day(item.written, fmt) if item.written else ""
    index = f"640422{n:03d}/{item.date.year}-{item.docid % 100000:05d}"
    unit = escape(unit_name)
    form = lay["article_meta"]
    if form == "meta-list":
        return (f'<ul class="xxgk-meta"><li>索引号：{index}</li><li>发文机关：{unit}</li>'
                f"<li>成文日期：{written}</li><li>发布日期：{pub}</li><li>文号：</li></ul>"
                f'<div class="info">发布时间：{pub} 10:21　来源：{unit}　浏览次数：</div>')
    if form == "info-bar":
        return (f'<div class="info-bar"><span>发布日期：{pub}</span>　<span>成文日期：{written}</span>'
                f"　<span>信息来源：{unit}</span>　<span>字号：[ 大 中 小 ]</span></div>")
    return (f'<table class="xxgk-info"><tr><td>索引号：</td><td>{index}</td><td>发布机构：</td>'
            f"<td>{unit}</td></tr><tr><td>成文日期：</td><td>{written}</td><td>发布日期：</td>"
            f"<td>{pub}</td></tr><tr><td>文号：</td><td></td><td>有效性：</td><td>有效</td></tr>"
            "</table>")


def homepage_news(form: str, name: str, items: list, more: str) -> str:
    """The homepage's news block: `items` newest first."""
    head = f"<h3>{escape(name)}</h3>"

    def link(i) -> str:
        return f'<a href="{attr(i.path)}" title="{attr(i.title)}" target="_blank">{escape(i.title)}</a>'

    if form == "table":
        rows = "".join(f"<tr><td>{link(i)}</td><td>{i.date.year}年{i.date.month:02d}月"
                       f"{i.date.day:02d}日</td></tr>" for i in items)
        return f'<div class="news">{head}<table class="news-table">{rows}</table>{more}</div>'
    if form == "headline":
        first, rest = items[0], items[1:]
        lis = "".join(f'<li>{link(i)}<span class="date">[{i.date:%Y/%m/%d}]</span></li>'
                      for i in rest)
        return (f'<div class="news">{head}<div class="headline"><h4>{link(first)}</h4>'
                f"<p>{escape(first.title)}。</p></div><ul>{lis}</ul>{more}</div>")
    lis = "".join(f'<li>{link(i)}<span class="date">{i.date.isoformat()}</span></li>'
                  for i in items)
    return f'<div class="news">{head}<ul>{lis}</ul>{more}</div>'
