"""The safe view of one saved page (`evidence/<sha256>.html`): what a reviewer opens to see the
page a finding rests on.

It shows, under a Content Security Policy that forbids every script:
* the findings resting on the page, each with a link back to where the report lists it;
* the page rendered in an `<iframe sandbox="" srcdoc=…>`: an empty sandbox runs no script,
  submits no form and gets an opaque origin, so the page cannot reach the report; the frame
  document inherits the CSP (no image, font or stylesheet is loaded either);
* the page source as escaped text.
The text the findings quote (declared `highlight` in the rule pack's evidence labels) is
marked in both views. The bytes as received stay in `<sha256>.html.gz`; the marks exist only in
this view.
"""

from __future__ import annotations

import gzip
import re
from html import escape
from typing import Iterable, Mapping

import lxml.html
from lxml import etree

from reports.evidence import CSP
from reports.labels import rule_labels
from reports.load import AuditData

MARK_STYLE = "background:#ffeb3b;outline:2px solid #f57f17;"
MIN_NEEDLE = 2  # a single character would mark half the page


def decode(body: dict) -> str:
    raw = gzip.decompress(body["gzip"])
    try:
        return raw.decode(body.get("encoding") or "utf-8", "replace")
    except LookupError:  # an encoding name Python does not know
        return raw.decode("utf-8", "replace")


def finding_links(data: AuditData) -> dict[int, str]:
    """finding id → where the report lists it, relative to `evidence/`."""
    out = {}
    for unit in data.units:
        for f in unit.findings:
            out[f["id"]] = f"../units/{unit.number}.html#{anchor(f)}"
    for f in data.site_findings:
        out[f["id"]] = f"../index.html#{anchor(f)}"
    return out


def anchor(finding: Mapping) -> str:
    """The id of a finding's block on report pages (stable: from its fingerprint)."""
    return f"f-{str(finding.get('fingerprint') or '')[:16]}"


def needles(finding: Mapping) -> list[str]:
    """The texts a finding quotes from its page, per the rule's `highlight` declarations."""
    labels = rule_labels(finding.get("rule") or "")
    out: list[str] = []
    for key, value in (finding.get("evidence") or {}).items():
        spec = labels.get(key)
        mark = spec.get("highlight") if isinstance(spec, Mapping) else None
        if not mark:
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Mapping) and isinstance(mark, list):
                out += [str(item[k]) for k in mark if item.get(k)]
            elif isinstance(item, (str, int)) and mark is True:
                out.append(str(item))
    return [n.strip() for n in dict.fromkeys(out) if len(n.strip()) >= MIN_NEEDLE]


def _mark_source(source: str, words: list[str]) -> str:
    text = escape(source, quote=True)
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(escape(word, quote=True), f"\0{escape(word, quote=True)}\1")
    return text.replace("\0", "<mark>").replace("\1", "</mark>")


def _mark_rendered(source: str, words: list[str]) -> str:
    """The page with the quoted words wrapped in <mark> in its text (not in tags or scripts)."""
    try:
        doc = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return source
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        for el in list(doc.iter()):
            if el.tag in ("script", "style", "textarea", "title") or not isinstance(el.tag, str):
                continue
            _wrap(el, pattern)
    return lxml.html.tostring(doc, encoding="unicode")


def _wrap(el, pattern: re.Pattern) -> None:
    """Mark matches in el.text and in each child's tail."""
    def split(text: str | None):
        parts = pattern.split(text or "")
        found = pattern.findall(text or "")
        return parts, found

    parts, found = split(el.text)
    if found:
        el.text = parts[0]
        for i, word in enumerate(found):
            mark = etree.Element("mark", style=MARK_STYLE)
            mark.text, mark.tail = word, parts[i + 1]
            el.insert(i, mark)
    for child in list(el):
        if child.tag == "mark":
            continue
        parts, found = split(child.tail)
        if found:
            child.tail = parts[0]
            at = el.index(child)
            for i, word in enumerate(found):
                mark = etree.Element("mark", style=MARK_STYLE)
                mark.text, mark.tail = word, parts[i + 1]
                el.insert(at + 1 + i, mark)


def safe_view(page: dict, body: dict, findings: Iterable[Mapping] = (),
              links: Mapping[int, str] | None = None) -> str:
    findings = list(findings)
    links = links or {}
    source = decode(body)
    words = list(dict.fromkeys(w for f in findings for w in needles(f)))
    rows = [("网址", page.get("url")), ("页面标题", page.get("title")),
            ("抓取时间（UTC）", page.get("fetched_at")), ("HTTP 状态码", page.get("status")),
            ("SHA-256", body["sha256"]), ("大小（字节）", body.get("bytes"))]
    meta = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v if v is not None else ''))}</td></tr>"
                   for k, v in rows)
    cited = "".join(
        f'<li><a class="back" href="{escape(links[f["id"]])}">{escape(f.get("title") or f["rule"])}'
        f'：{escape(f.get("message") or "")}</a></li>' if f.get("id") in links else
        f'<li>{escape(f.get("title") or f["rule"])}：{escape(f.get("message") or "")}</li>'
        for f in findings)
    marked = "、".join(f"“{escape(w)}”" for w in words)
    rendered = escape(_mark_rendered(source, words), quote=True)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>页面留存：{escape(str(page.get("title") or page.get("url") or ""))}</title>
<style>
  body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1rem; color: #222; }}
  table {{ border-collapse: collapse; margin-bottom: 1rem; }}
  th, td {{ border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; word-break: break-all; }}
  th {{ background: #f3f3f3; white-space: nowrap; }}
  h2 {{ font-size: 1.1rem; border-left: 4px solid #b71c1c; padding-left: .5rem; }}
  iframe.rendered {{ width: 100%; height: 640px; border: 2px solid #90a4ae; background: #fff; }}
  pre {{ white-space: pre-wrap; word-break: break-all; background: #fafafa; border: 1px solid #ddd;
         padding: .75rem; font-size: 12px; }}
  mark {{ {MARK_STYLE} }}
  .note {{ background: #fffde7; border: 1px solid #fbc02d; padding: .5rem .75rem; font-size: .9rem; }}
</style>
</head>
<body>
<h1>页面留存</h1>
<table>{meta}</table>
<h2>依据本页面的问题</h2>
<ul class="cited">{cited or "<li>（无）</li>"}</ul>
{f'<p class="note">黄色标出的是问题所引用的文字：{marked}。</p>' if marked else ""}
<h2>页面显示（脚本已禁用，图片和外部样式不加载）</h2>
<iframe class="rendered" sandbox="" referrerpolicy="no-referrer" title="抓取时保存的页面" srcdoc="{rendered}"></iframe>
<h2>页面源代码</h2>
<p class="note">以下为抓取时收到的页面源代码，仅以文本显示，页面中的脚本不会运行。原始文件见同目录下的 {escape(body["sha256"])}.html.gz（gzip 压缩，解压后的 SHA-256 与上表一致）。</p>
<pre>{_mark_source(source, words)}</pre>
</body>
</html>
"""
