"""Article metadata: the 索引号 block, info lines, gov `<meta>` tags, body text, attachments.

The 公开目录 block comes as a 2- or 4-column table, a `<ul><li>label：value</li>` list or inline
text; labels have synonyms (§3.1 of the reference notes). Tables are read cell by cell; every
other layout is read from the visible text with one label regex, which also covers info lines
under the title (`发布时间：2024-03-05 10:21  来源：县政府办`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.extract.dates import parse_date
from crawler.extract.html import is_inside, nospace, parse, squash, visible_text, visible_texts
from crawler.extract.urls import absolute, is_attachment

# Canonical field → labels (compared without whitespace). Longer labels first where one
# contains another, so the regex alternation prefers 发布日期 over 日期.
LABELS: dict[str, list[str]] = {
    "index_no": ["索引号", "索引码"],
    "subject": ["主题分类", "主题词", "分类"],
    "publisher": ["发布机构", "发文机构", "所属机构", "发文机关", "发布单位"],
    "written_date": ["成文日期", "发文日期", "发文时间", "生成日期", "成文时间"],
    "pub_date": ["发布日期", "发布时间", "公开日期", "公开时间"],
    "doc_no": ["发文字号", "文号"],
    "validity": ["有效性", "公文时效", "生效日期", "废止日期"],
    "source": ["信息来源", "来源"],
    "info_time": ["时间", "日期"],
    "archived": ["归档时间"],
}
# Labels that end a value but are not kept (§3.1 "other", info line furniture).
STOP_LABELS = ["公开方式", "关键词", "关键字", "体裁", "浏览次数", "点击数", "字号", "视力保护色",
               "内容概述", "公开范围", "作者", "责任编辑", "分享"]

_LABEL_TO_FIELD = {label: name for name, labels in LABELS.items() for label in labels}
_ALL_LABELS = sorted([*_LABEL_TO_FIELD, *STOP_LABELS], key=len, reverse=True)


def _label_pattern(label: str) -> str:
    # Labels are often padded: 索 引 号, 文　　号.
    return r"[ \u3000\u00a0]*".join(map(re.escape, label))


_LABEL_ALT = "|".join(_label_pattern(label) for label in _ALL_LABELS)
_FIELD_RE = re.compile(
    rf"(?P<label>{_LABEL_ALT})[ \u3000\u00a0]*[:：][ \u3000\u00a0]*"
    rf"(?P<value>.*?)(?=(?:[ \u3000\u00a0]*(?:{_LABEL_ALT})[ \u3000\u00a0]*[:：])|\n|$)"
)
DATE_FIELDS = {"written_date", "pub_date", "info_time", "archived"}

GOV_META = ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle",
            "PubDate", "ContentSource", "Keywords", "Author", "Description", "Image", "Url",
            "Maketime", "firstpublishedtime", "lastmodifiedtime", "catalogs", "contentid"]

BODY_SELECTORS = [
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//div[contains(@class, 'TRS_UEDITOR')]",
    "//*[contains(@class, 'Custom_UnionStyle')]",
    "//*[@id='zoom' or @id='Zoom' or @id='fontzoom' or @id='UCAP-CONTENT']",
    "//div[contains(@class, 'article_zoom') or contains(@class, 'jgzn_content')]",
    "//div[contains(@class, 'article-content') or contains(@class, 'content_body')]",
    "//article",
]


@dataclass
class ArticleFacts:
    title: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # canonical field → raw value
    meta: dict[str, str] = field(default_factory=dict)
    body_text: str = ""
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (url, anchor text)
    breadcrumb: list[str] = field(default_factory=list)
    # The body element the text was read from (for the article's tables), not a fact.
    body: etree._Element | None = field(default=None, repr=False, compare=False)
    # The page's whole visible text, read in the same walk (the message reader asks for it).
    page_text: str | None = field(default=None, repr=False, compare=False)

    @property
    def pub_date(self) -> str | None:
        # Same day in several places: keep the most precise one (the one showing a time).
        found = [d for d in (parse_date(self.fields.get("pub_date")),
                             parse_date(self.meta.get("PubDate")),
                             parse_date(self.fields.get("info_time"))) if d]
        if not found:
            return None
        timed = [d for d in found if len(d) > 10 and d[:10] == found[0][:10]]
        return timed[0] if timed else found[0]

    @property
    def written_date(self) -> str | None:
        return parse_date(self.fields.get("written_date"))

    def value(self, name: str) -> str | None:
        return self.fields.get(name) or None


def label_field(text: str) -> str | None:
    """Canonical field for a label cell (`索 引 号：` → `index_no`), None if not a label."""
    key = nospace(text).rstrip(":：")
    return _LABEL_TO_FIELD.get(key)


def fields_from_tables(tree: etree._Element) -> dict[str, str]:
    """Label/value pairs from table rows: `<td>索引号</td><td>…</td>` in 2 or 4 columns (with or
    without a colon), or a row of labels over a row of values."""
    return {k: v for k, v in table_cells(tree).items() if v}


def table_cells(tree: etree._Element) -> dict[str, str]:
    """As fields_from_tables, with "" for a label whose value cell is empty (seen empty: its
    value is not to be looked for on another line)."""
    out: dict[str, str] = {}
    previous_labels: list = []
    for row in tree.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        # each cell's text and label once (a cell is asked as a row and as the row above)
        texts = [c.text_content() for c in cells]
        labels = [label_field(t) for t in texts]
        heads = previous_labels
        if len(heads) >= 2 and all(heads) and len(cells) == len(heads):
            # The row above held only labels: this row holds their values, column by column.
            for name, text in zip(heads, texts):
                value = squash(text)
                if value and label_field(value) is None:
                    out.setdefault(name, value)
        previous_labels = labels
        if len(cells) >= 2 and all(labels):
            continue  # a row of labels only: its values are in the next row
        i = 0
        while i < len(cells) - 1:
            name = labels[i]
            if name:
                value = squash(texts[i + 1])
                if value and label_field(value) is None:
                    out.setdefault(name, value)
                    i += 2
                    continue
                out.setdefault(name, "")
            i += 1
    return out


MAX_NEXT_LINE_VALUE = 60  # a value found on the line after its label is short


def fields_from_text(text: str, seen_empty: set[str] | frozenset = frozenset(),
                     not_values: set[str] | frozenset = frozenset()) -> dict[str, str]:
    """Label：value pairs from visible text (ul/li lists, inline blocks, info lines, definition
    lists). A label that ends its line (`来源：` or a bare `发布机构`) takes the next line as
    its value when that line is short and holds no label of its own; not for a field seen
    empty in a table (`seen_empty`), and never one of `not_values` (the page title)."""
    out: dict[str, str] = {}
    lines = [line for line in text.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        squeezed = nospace(line)
        bare = _LABEL_TO_FIELD.get(squeezed.rstrip(":："))
        if bare or squeezed in STOP_LABELS:
            value = "" if bare in seen_empty else _next_line_value(following, not_values)
            if bare and value:
                out.setdefault(bare, value)
            continue
        if ":" not in line and "：" not in line:
            continue  # _FIELD_RE needs a colon after its label: most lines have none
        matches = list(_FIELD_RE.finditer(line))
        for j, m in enumerate(matches):
            name = _LABEL_TO_FIELD.get(nospace(m.group("label")))
            value = squash(m.group("value"))
            if name and not value and j == len(matches) - 1 and not line[m.end():].strip() \
                    and name not in seen_empty:
                value = _next_line_value(following, not_values)
            if not name or not value:
                continue
            if name not in DATE_FIELDS:
                # Info lines separate fields with runs of spaces only: cut the value there.
                value = re.split(r"\s{2,}", value)[0]
            out.setdefault(name, value)
    return out


def _next_line_value(line: str, not_values=frozenset()) -> str:
    value = squash(line)
    if not value or len(value) > MAX_NEXT_LINE_VALUE or _FIELD_RE.search(line) or value in not_values:
        return ""
    if label_field(value) or nospace(value).rstrip(":：") in STOP_LABELS:
        return ""
    return value


_INLINE_LABEL_TAGS = {"span", "b", "strong", "label", "em", "i", "font", "div", "p", "li"}


def fields_from_siblings(tree: etree._Element, exclude: etree._Element | None = None,
                         not_values=frozenset()) -> dict[str, str]:
    """`<span>发布机构</span><span>示范县教育局</span>` and `<b>来源：</b>山西日报`: an element
    holding only a label, its value in its tail text or in the next element. Inline elements
    are not separated in visible text (`发布机构示范县教育局`), so these are read from the tree."""
    out: dict[str, str] = {}
    for el in tree.iter(*_INLINE_LABEL_TAGS):
        if len(el) or exclude is not None and is_inside(el, exclude):
            continue
        name = label_field(el.text or "")
        if not name:
            continue
        value = squash(el.tail)
        if not value:
            nxt = el.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()
            value = squash(nxt.text_content()) if nxt is not None and nxt.tag != "a" else ""
        value = value.lstrip(":：").strip()
        if value and len(value) <= MAX_NEXT_LINE_VALUE and label_field(value) is None \
                and not _FIELD_RE.search(value) and value not in not_values:
            out.setdefault(name, value)
    return out


def fields_from_definitions(tree: etree._Element) -> dict[str, str]:
    """`<dl><dt>发布机构</dt><dd>…</dd></dl>` pairs."""
    out: dict[str, str] = {}
    for dt_el in tree.iter("dt"):
        name = label_field(dt_el.text_content())
        dd = dt_el.getnext()
        while dd is not None and not isinstance(dd.tag, str):
            dd = dd.getnext()
        if name and dd is not None and dd.tag == "dd":
            value = squash(dd.text_content())
            if value and label_field(value) is None:
                out.setdefault(name, value)
    return out


_GOV_META_NAMES = {name.lower(): name for name in GOV_META}


def meta_tags(tree: etree._Element) -> dict[str, str]:
    """`<meta>` name -> content; the names of the GB/T 42147 / 国办发〔2017〕47号 set under
    their canonical spelling whatever the case a CMS writes (`contentSource`, `pubdate`)."""
    out = {}
    for el in tree.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip()
        content = el.get("content")
        name = _GOV_META_NAMES.get(name.lower(), name)
        if name and content is not None and name not in out:
            out[name] = content.strip()
    return out


def body_element(tree: etree._Element) -> etree._Element | None:
    for xpath in BODY_SELECTORS:
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return None


def attachment_links(tree: etree._Element, base_url: str) -> list[tuple[str, str]]:
    """Links to documents: by file extension, or anchors under an 附件 heading."""
    seen, out = set(), []
    leads: dict = {}  # per block: what starts it (links share their blocks: read each once)
    for a in tree.iter("a"):
        url = absolute(base_url, a.get("href"))
        if not url or url in seen:
            continue
        text = squash(a.text_content())
        by_text = bool(_BY_TEXT_RE.search(text))
        if is_attachment(url) or by_text or _under_attachment_heading(a, leads):
            seen.add(url)
            out.append((url, text))
    return out


_BY_TEXT_RE = re.compile(r"\.(pdf|docx?|xlsx?|wps|zip|rar|ofd)$", re.I)
_HEADINGS = ("附件", "相关附件", "附件下载")


def _under_attachment_heading(a: etree._Element, leads: dict | None = None) -> bool:
    """True for a link in a block that starts with 附件 / 附件： (the text or a first label)."""
    leads = {} if leads is None else leads
    node = a.getparent()
    for _ in range(3):
        if node is None:
            return False
        found = leads.get(node)
        if found is None:
            found = leads[node] = _lead(node)
        heading, first = found
        # A block's first label heads the links after it, never a link inside that label.
        if heading and (first is None or a not in first.iter("a")):
            return True
        node = node.getparent()
    return False


def _lead(node: etree._Element):
    """(whether `node` starts with an 附件 heading, the first child that says so or None when
    the node's own text does)."""
    lead = nospace(node.text or "")
    first = None
    if not lead:
        first = next((c for c in node if isinstance(c.tag, str)), None)
        if first is None:
            return False, None
        lead = nospace(first.text_content())
    return lead.startswith(_HEADINGS) and len(lead) <= 8, first


_CRUMB_WORDS = ("crumb", "position", "location")
_CLASS_AND_ID = etree.XPath("//@class | //@id")


def _crumb_blocks(tree: etree._Element) -> list:
    """The elements whose class or id names a breadcrumb, in document order: what
    `//*[contains(@class,'crumb') or … or contains(@id,'location')]` selects, in a quarter
    of the time (libxml2 tested six contains() on every element)."""
    found: list = []
    for value in _CLASS_AND_ID(tree):
        if any(w in value for w in _CRUMB_WORDS):
            el = value.getparent()
            if el not in found:  # an element whose class and id both say so counts once
                found.append(el)
    return found


def breadcrumb(tree: etree._Element) -> list[str]:
    """`首页 > 政务公开 > … > 政策文件` from the position/breadcrumb block, as a list."""
    for el in _crumb_blocks(tree):
        text = squash(el.text_content())
        text = re.sub(r"^(当前位置|您的位置|您现在的位置|所在位置)\s*[:：]?\s*", "", text)
        parts = [p.strip() for p in re.split(r"\s*(?:>|>>|›|»|/|＞|→)\s*", text) if p.strip()]
        if len(parts) >= 2:
            return parts
    return []


def breadcrumb_links(tree: etree._Element, base_url: str) -> list[tuple[str, str]]:
    """The linked steps of the breadcrumb, as (absolute URL, text), home first."""
    for el in _crumb_blocks(tree):
        links = [(absolute(base_url, a.get("href")), squash(a.text_content())) for a in el.iter("a")]
        links = [(u, t) for u, t in links if u]
        if links:
            return links
    return []


def extract_article(html: str, url: str, tree: etree._Element | None = None) -> ArticleFacts:
    """Everything an article page says about itself. `tree`: the page already parsed from
    `html` (the crawler's; read, never changed), so the page is parsed once."""
    if tree is None:
        tree = parse(html)
    meta = meta_tags(tree)
    title = meta.get("ArticleTitle") or _page_title(tree)
    cells = table_cells(tree)
    fields = {k: v for k, v in cells.items() if v}
    for name, value in fields_from_definitions(tree).items():
        fields.setdefault(name, value)
    body = body_element(tree)
    titles = {t for t in (title, _page_title(tree)) if t}
    for name, value in fields_from_siblings(tree, body, titles).items():
        if name not in cells:  # a label seen in a table with an empty value stays empty
            fields.setdefault(name, value)
    # The metadata block sits outside the body; read the text around it, not the body itself
    # (a body may legitimately say "索引号：" in prose).
    root = tree.find("body")
    top = root if root is not None else tree
    # One walk gives the page's text, the text around the body and the body's own text.
    texts = visible_texts(top, body) if body is not None else None
    if texts is not None:
        page_text, around, body_text = texts
    else:
        page_text, around = None, visible_text(top, exclude=body)
        body_text = visible_text(body) if body is not None else ""
    for name, value in fields_from_text(around, {k for k, v in cells.items() if not v},
                                        titles).items():
        fields.setdefault(name, value)
    if meta.get("ContentSource"):
        fields.setdefault("source", meta["ContentSource"])
    return ArticleFacts(
        title=title,
        fields=fields,
        meta=meta,
        body_text=body_text,
        attachments=attachment_links(tree, url),
        breadcrumb=breadcrumb(tree),
        body=body,
        page_text=page_text,
    )


def _page_title(tree: etree._Element) -> str | None:
    for xpath in ("//h1", "//title"):
        found = tree.xpath(xpath)
        if found:
            text = squash(found[0].text_content())
            if text:
                return text.split("_")[0]
    return None

