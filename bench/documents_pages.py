"""Article pages written for the project: one article's metadata in every layout the reference
notes describe (portals.md §3), each also with a stray `</html>` before its body (gov.cn 公报
pages), and how many fields `crawler.extract.metadata.extract_article` reads back right.

Nothing is copied from a site: the layouts are rebuilt from their description.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from html import escape

FIELDS = {"index_no": "索引号", "publisher": "发布机构", "written_date": "成文日期",
          "doc_no": "文号", "pub_date": "发布日期", "source": "来源"}


@dataclass
class Page:
    id: str
    layout: str
    html: str
    truth: dict          # field -> expected value (dates as YYYY-MM-DD)


def _values(rng: random.Random) -> dict:
    year = rng.choice([2019, 2021, 2023, 2025])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    unit = rng.choice(["示范县人民政府办公室", "示范县教育局", "示范县应急管理局", "示范县财政局"])
    return {"index_no": f"640422{rng.randint(100, 999)}/{year}-{rng.randint(1, 99999):05d}",
            "publisher": unit, "written_date": f"{year}-{month:02d}-{day:02d}",
            "doc_no": f"示政发〔{year}〕{rng.randint(1, 99)}号",
            "pub_date": f"{year}-{month:02d}-{min(day + 2, 28):02d}", "source": unit}


def _shown(name: str, value: str) -> str:
    if name in ("written_date", "pub_date"):
        y, m, d = value.split("-")
        return f"{y}年{m}月{d}日" if name == "written_date" else value
    return value


def _block(layout: str, v: dict) -> str:
    pairs = [(FIELDS[k], _shown(k, v[k])) for k in FIELDS]
    if layout == "table-4col":
        cells = [f"<td>{escape(l)}：</td><td>{escape(x)}</td>" for l, x in pairs]
        return "<table>" + "".join(f"<tr>{cells[i]}{cells[i + 1] if i + 1 < len(cells) else ''}</tr>"
                                   for i in range(0, len(cells), 2)) + "</table>"
    if layout == "table-no-colon":
        return "<table>" + "".join(f"<tr><th>{escape(l)}</th><td>{escape(x)}</td></tr>" for l, x in pairs) + "</table>"
    if layout == "label-row":
        return ("<table><tr>" + "".join(f"<th>{escape(l)}</th>" for l, _ in pairs) + "</tr><tr>"
                + "".join(f"<td>{escape(x)}</td>" for _, x in pairs) + "</tr></table>")
    if layout == "ul-li":
        return "<ul>" + "".join(f"<li>{escape(l)}：{escape(x)}</li>" for l, x in pairs) + "</ul>"
    if layout == "inline":
        return "<div>" + "&nbsp;&nbsp;".join(f"{escape(l)}：{escape(x)}" for l, x in pairs) + "</div>"
    if layout == "dl":
        return "<dl>" + "".join(f"<dt>{escape(l)}</dt><dd>{escape(x)}</dd>" for l, x in pairs) + "</dl>"
    if layout == "span-pairs":
        return "<div>" + "".join(f"<span class='k'>{escape(l)}</span><span>{escape(x)}</span>"
                                 for l, x in pairs) + "</div>"
    if layout == "next-line":
        return "".join(f"<div>{escape(l)}：</div><div>{escape(x)}</div>" for l, x in pairs)
    raise ValueError(layout)


LAYOUTS = ["table-4col", "table-no-colon", "label-row", "ul-li", "inline", "dl", "span-pairs",
           "next-line", "meta-only"]


def pages(seed: int = 15, per_layout: int = 6) -> list[Page]:
    out = []
    for layout in LAYOUTS:
        for n in range(per_layout):
            rng = random.Random(f"{seed}-{layout}-{n}")
            v = _values(rng)
            stray = n % 2 == 1
            if layout == "meta-only":
                name = rng.choice(["ContentSource", "contentSource", "contentsource"])
                head = (f'<meta name="{rng.choice(["PubDate", "pubdate"])}" content="{v["pub_date"]} 09:30">'
                        f'<meta name="{name}" content="{escape(v["source"])}">')
                block, truth = "", {"pub_date": v["pub_date"], "source": v["source"]}
            else:
                head, block, truth = "", _block(layout, v), dict(v)
            html = (f"<html><head><meta charset='utf-8'>{head}<title>关于某事项的通知_示范县人民政府</title></head>"
                    + ("</html>\n" if stray else "")
                    + f"<body><h1>关于某事项的通知</h1>{block}"
                      "<div class='TRS_Editor'><p>正文。来源：本文不是元数据。</p></div></body></html>")
            out.append(Page(f"{layout}-{n}{'-stray' if stray else ''}", layout, html, truth))
    return out


def judge(page: Page) -> tuple[int, int]:
    """(fields right, fields expected)."""
    from crawler.extract.metadata import extract_article

    facts = extract_article(page.html, "http://h/a/t1.html")
    right = 0
    for name, value in page.truth.items():
        if name == "pub_date":
            got = (facts.pub_date or "")[:10]
        elif name == "written_date":
            got = facts.written_date
        else:
            got = facts.value(name)
        right += got == value
    return right, len(page.truth)
