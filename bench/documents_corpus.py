"""A corpus of annual reports (政府信息公开工作年度报告) written for the project, with their truth.

Every report is generated here from a plan (unit, year, format, figures, one class of
difficulty) and rendered in three forms an auditor meets: text extracted from a PDF (lines
broken at the page width, blank lines between them, page numbers, spaced-out digits, like the
seed in tests/data), a DOCX with merged table cells and an HTML article with rowspan/colspan
tables. Nothing is copied from any site: the layouts follow the published formats
(〔2019〕60号, 〔2021〕30号, the 2007 条例 format) as ground/data/annual_report.yaml describes them.

Classes (each a way real reports were misread, issue 15):
- clean: nothing special (all sections, tables, a signature block);
- cited-no-tables: a 2019+ report whose tables did not survive extraction (its format must be
  known from the cited format document and headings, not from tables);
- stats-year: the title names no year, only the 统计期限 sentence does; no signature block, and
  the statistics sentence closes the report with its end date wrapped onto a line of its own;
- truncated: the text stops in section 三 (a download cut short): 需人工核查, never incomplete;
- spanning: table cells spanning columns (labels over two columns, figures over three);
- broken-rows: table 三 rows whose figures fall onto the line after their label (PDF text);
- blank-total: the 总计 column of table 三 left blank: one `inconsistent` problem;
- placeholder: words of the template left in (具体重大政策名称, XX局, ×××): `residue`;
- missing-section: a complete, signed report without its 存在的主要问题 section: `incomplete`;
- county-kind: a county government's report read without a unit kind: the 31 March deadline.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from html import escape

R, D = "\x01R", "\x01D"   # grid markers: the cell continues the one to its left / above

T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_BLOCKS = ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
SECTIONS_NEW = [("overview", "总体情况"), ("proactive", "主动公开政府信息情况"),
                ("requests", "收到和处理政府信息公开申请情况"),
                ("review", "政府信息公开行政复议、行政诉讼情况"),
                ("problems", "存在的主要问题及改进情况"), ("other", "其他需要报告的事项")]
SECTIONS_OLD = [("overview", "概述"), ("proactive", "主动公开政府信息的情况"),
                ("requests", "依申请公开政府信息和不予公开政府信息的情况"),
                ("fees", "政府信息公开的收费及减免情况"),
                ("review", "因政府信息公开申请行政复议、提起行政诉讼的情况"),
                ("problems", "存在的主要问题及改进措施"), ("other", "其他需要报告的事项")]
NUMERALS = "一二三四五六七"
CLASSES_NEW = ["clean", "cited-no-tables", "stats-year", "truncated", "spanning", "broken-rows",
               "blank-total", "placeholder", "missing-section", "county-kind"]
CLASSES_OLD = ["clean", "stats-year", "truncated", "county-kind"]
YEARS = {"old": [2012, 2016, 2018], "2019": [2019, 2020], "2021": [2021, 2023, 2025]}
FORMS = ["pdf-text", "docx", "html"]
UNITS = [("示范县农业农村局", "department"), ("示范县人民政府", "county"), ("示范县卫生健康局", "department"),
         ("示范县自然资源局", "department")]
PLACEHOLDERS = ["具体重大政策名称", "XX局", "×××"]


@dataclass
class Case:
    id: str
    cls: str
    template: str
    year: int
    form: str
    name: str                   # file name (its extension tells the reader the format)
    data: bytes
    unit_kind: str | None       # what the caller knows (None: `analyze` without --unit-kind)
    truth: dict = field(default_factory=dict)


def template_of(year: int) -> str:
    return "old" if year < 2019 else "2019" if year < 2021 else "2021"


# ---- tables --------------------------------------------------------------------------------
def table2(template: str, rng: random.Random, wide_label: bool) -> tuple[dict, list[list[str]]]:
    """Table 二 cells and grid; `wide_label`: labels span two grid columns."""
    if template == "2021":
        blocks = [("(一)", ["规章", "行政规范性文件"], ["本年制发件数", "本年废止件数", "现行有效件数"]),
                  ("(五)", ["行政许可"], ["本年处理决定数量"]),
                  ("(六)", ["行政处罚", "行政强制"], ["本年处理决定数量"]),
                  ("(八)", ["行政事业性收费"], ["本年收费金额(单位:万元)"])]
    else:
        three = ["上一年项目数量", "本年增/减", "处理决定数量"]
        blocks = [("(一)", ["规章", "规范性文件"], ["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
                  ("(五)", ["行政许可", "其他对外管理服务事项"], three),
                  ("(六)", ["行政处罚", "行政强制"], three),
                  ("(八)", ["行政事业性收费"], ["上一年项目数量", "本年增/减"]),
                  ("(九)", ["政府集中采购"], ["采购项目数量", "采购总金额"])]
    cells: dict = {}
    grid: list[list[str]] = []
    lead = 2 if wide_label else 1
    for item, labels, heads in blocks:
        grid.append([f"第二十条第{item}项"] + [R] * (lead + 2))
        grid.append(["信息内容"] + [R] * (lead - 1) + heads + [R] * (3 - len(heads)))
        for label in labels:
            row = {}
            for h in heads:
                row[h] = rng.choice([0, 1, 2, 5, 13, 524, 37]) if "金额" not in h else round(rng.randint(0, 900) / 10, 1)
            cells[label] = row
            values = [str(v) for v in row.values()]
            grid.append([label] + [R] * (lead - 1) + values + [R] * (3 - len(values)))
    return cells, grid


def table3(template: str, rng: random.Random, blank_total: bool) -> tuple[dict, list[list[str]]]:
    subs = {"三.三": ["属于国家秘密", "其他法律行政法规禁止公开", "危及\"三安全一稳定\"", "保护第三方合法权益",
                     "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
            "三.四": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
            "三.五": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                     "要求行政机关确认或重新出具已获取信息"],
            "三.六": (["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                      "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]
                     if template == "2021" else [])}
    parents = [("三.一", "(一)予以公开"), ("三.二", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
               ("三.三", "(三)不予公开"), ("三.四", "(四)无法提供"), ("三.五", "(五)不予处理"),
               ("三.六", "(六)其他处理")]
    outcome_rows = []   # (key, parent label, sub label or None)
    for key, label in parents:
        if subs.get(key):
            outcome_rows += [(f"{key}.{i}", label, f"{i}.{s}") for i, s in enumerate(subs[key], 1)]
        else:
            outcome_rows.append((key, label, None))
    cells: dict = {}
    columns = T3_COLUMNS[:-1]
    for col in columns:
        new = rng.randint(2, 30) if col == "自然人" else rng.choice([0, 0, 1, 3])
        carried = rng.choice([0, 1]) if col == "自然人" else 0
        forward = 1 if col == "自然人" and new > 5 else 0
        left = new + carried - forward
        out = {k: 0 for k, _, _ in outcome_rows}
        part = min(left, rng.randint(0, 2))
        out["三.二"] = part
        out["三.一"] = left - part
        cells.setdefault("一", {})[col] = new
        cells.setdefault("二", {})[col] = carried
        for k in out:
            cells.setdefault(k, {})[col] = out[k]
        cells.setdefault("三.七", {})[col] = left
        cells.setdefault("四", {})[col] = forward
    order = ["一", "二"] + [k for k, _, _ in outcome_rows] + ["三.七", "四"]
    cells = {k: cells[k] for k in order}
    for row in cells.values():
        row["总计"] = None if blank_total else sum(row[c] for c in columns)
    note = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
    grid = [[note, R, R, "申请人情况"] + [R] * 6,
            [D, D, D, "自然人", "法人或其他组织", R, R, R, R, "总计"],
            [D, D, D, D] + columns[1:] + [D]]

    def values(key):
        return ["" if v is None else str(v) for v in (cells[key][c] for c in T3_COLUMNS)]

    grid.append(["一、本年新收政府信息公开申请数量", R, R] + values("一"))
    grid.append(["二、上年结转政府信息公开申请数量", R, R] + values("二"))
    first, previous_parent = True, None
    for key, parent, sub in outcome_rows:
        lead = "三、本年度办理结果" if first else D
        first = False
        if sub is None:
            grid.append([lead, parent, R] + values(key))
        else:
            grid.append([lead, parent if parent != previous_parent else D, sub] + values(key))
        previous_parent = parent
    grid.append([D, "(七)总计", R] + values("三.七"))
    grid.append(["四、结转下年度继续办理", R, R] + values("四"))
    return cells, grid


def table4(rng: random.Random) -> tuple[dict, list[list[str]]]:
    cells = {}
    for block in T4_BLOCKS:
        row = {c: 0 for c in T4_COLUMNS[:-1]}
        row["结果维持"] = rng.choice([0, 0, 1, 2])
        row["总计"] = sum(row.values())
        cells[block] = row
    grid = [["行政复议", R, R, R, R, "行政诉讼"] + [R] * 9,
            T4_COLUMNS + ["未经复议直接起诉", R, R, R, R, "复议后起诉", R, R, R, R],
            [D] * 5 + T4_COLUMNS + T4_COLUMNS,
            [str(cells[b][c]) for b in T4_BLOCKS for c in T4_COLUMNS]]
    return cells, grid


# ---- the plan ------------------------------------------------------------------------------
def plan(cls: str, year: int, rng: random.Random) -> dict:
    """Blocks ("h"/"p"/"table"/"sign") and the truth of one report."""
    template = template_of(year)
    unit, kind = UNITS[rng.randrange(len(UNITS))]
    if cls == "county-kind":
        unit, kind = "示范县人民政府", "county"
    signed = dt.date(year + 1, 1, rng.randint(6, 28))
    blocks: list[tuple[str, object]] = []
    cells = {"t2": {}, "t3": {}, "t4": {}}
    figures: dict = {}
    stats = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    title = f"{unit}{year}年政府信息公开工作年度报告" if cls != "stats-year" else f"{unit}政府信息公开工作年度报告"
    if cls == "county-kind":   # the unit is named nowhere a reader can take it from
        title = f"{year}年政府信息公开工作年度报告"
    if template == "old":
        opening = (f"根据《中华人民共和国政府信息公开条例》规定，{unit}编制本年度报告。全文包括概述、主动公开"
                   f"政府信息的情况、依申请公开政府信息的情况、收费及减免情况、行政复议和行政诉讼情况、"
                   f"存在的主要问题及改进措施。")
        sections = SECTIONS_OLD
    else:
        cite = "国办公开办函〔2021〕30号" if template == "2021" else "国办公开办函〔2019〕60号"
        opening = (f"本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
                   f"（{cite}）要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                   f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六个部分。")
        sections = SECTIONS_NEW
        if cls == "cited-no-tables":
            opening = opening[:opening.index("全文包括")] + "现将本年度政府信息公开工作情况报告如下。"   # headings of its own words, tables lost: the citation tells
            sections = [("overview", "基本情况"), ("proactive", "主动公开政府信息情况"),
                        ("requests", "依申请公开政府信息办理情况"),
                        ("review", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
                        ("problems", "存在的主要问题及改进情况"), ("other", "其他需要报告的事项")]
    blocks.append(("p", opening if cls == "stats-year" else opening + stats))
    if cls == "missing-section":
        sections = [s for s in sections if s[0] != "problems"]
    apps = rng.randint(3, 60)
    lic, pen = rng.randint(10, 600), rng.randint(0, 80)
    for i, (key, heading) in enumerate(sections):
        blocks.append(("h", f"{NUMERALS[i]}、{heading}"))
        if template == "old":
            text = {
                "overview": f"{year}年，{unit}认真贯彻落实政府信息公开各项要求，健全工作机制，完善公开目录，"
                            f"政府信息公开工作平稳有序开展。",
                "proactive": f"全年通过政府网站主动公开各类政府信息{rng.randint(200, 900)}条，其中公开行政许可信息"
                             f"{lic}件、行政处罚信息{pen}件，及时更新机构职能和领导分工等内容。",
                "requests": f"全年共受理依申请公开政府信息申请{apps}件，均在法定期限内答复。",
                "fees": "全年没有收取任何政府信息公开费用。",
                "review": "全年没有发生因政府信息公开引起的行政复议、行政诉讼案件。",
                "problems": "主动公开的深度和广度还需加强。下一步将加强培训，规范公开流程。",
                "other": "无其他需要报告的事项。"}[key]
            blocks.append(("p", text))
            figures = {"applications": apps, "licences": lic, "penalties": pen}
            continue
        if key == "overview":
            lead = "具体重大政策名称" if cls == "placeholder" else "重点领域信息"
            blocks.append(("p", f"{year}年，{unit}坚持以公开为常态、不公开为例外，围绕{lead}加大主动公开力度，"
                                f"规范依申请公开办理，加强政府信息管理和平台建设，强化监督保障。"))
        elif key == "proactive":
            c2, g2 = table2(template, rng, wide_label=cls == "spanning")
            cells["t2"] = c2
            blocks.append(("table", g2))
        elif key == "requests":
            c3, g3 = table3(template, rng, blank_total=cls == "blank-total")
            cells["t3"] = c3
            blocks.append(("table", g3))
        elif key == "review":
            c4, g4 = table4(rng)
            cells["t4"] = c4
            blocks.append(("table", g4))
        elif key == "problems":
            who = "XX局" if cls == "placeholder" else unit
            blocks.append(("p", f"{who}政府信息公开工作仍存在公开内容不够全面、解读形式较为单一等问题。"
                                f"下一步，将加强业务培训，完善审核机制，提升公开质量。"))
        elif key == "other":
            name = "×××" if cls == "placeholder" else "本机关"
            blocks.append(("p", f"{name}本年度未收取信息处理费。无其他需要报告的事项。"))
    if cls == "stats-year":
        blocks.append(("p", stats))     # closes the report, no signature block
    else:
        style = rng.choice(SIGN_STYLES)
        blocks.append(("sign", ("" if cls == "county-kind" else unit, signed, style)))
    truth_cells = cells if template != "old" and cls != "cited-no-tables" else {"t2": {}, "t3": {}, "t4": {}}
    expected_problems = {"blank-total": {"annual-report.inconsistent"},
                         "placeholder": {"annual-report.residue"},
                         "missing-section": {"annual-report.incomplete"}}.get(cls, set())
    if template == "old":
        expected_problems = set()
    deadline = (dt.date(year + 1, 3, 31) if year < 2019 or kind != "department"
                else dt.date(year + 1, 1, 31))
    return {"title": title, "blocks": blocks, "template": template, "year": year, "unit": unit,
            "kind": kind, "cells": truth_cells, "figures": figures,
            "truth": {"year": year, "template": template,
                      "signed": None if cls in ("stats-year", "truncated") else signed.isoformat(),
                      "sections": [k for k, _ in sections], "cells": truth_cells, "figures": figures,
                      "problems": sorted(expected_problems), "review": cls == "truncated",
                      "deadline": deadline.isoformat(), "placeholders": PLACEHOLDERS if cls == "placeholder" else []}}


# ---- rendering -----------------------------------------------------------------------------
SIGN_STYLES = ["plain", "plain", "chinese", "same-line", "bracket"]
_CN = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN[n]
    return ("" if n < 20 else _CN[n // 10]) + "十" + (_CN[n % 10] if n % 10 else "")


def sign_lines(unit: str, day: dt.date, style: str = "plain", spaced: bool = False) -> list[str]:
    """The signature block as reports write it: the body, then the date (arabic or Chinese
    numerals, in brackets, or on the body's line)."""
    date = (f"{day.year} 年 {day.month}月{day.day} 日" if spaced else f"{day.year}年{day.month}月{day.day}日")
    if style == "chinese":
        date = "".join(_CN[int(d)] for d in str(day.year)) + f"年{_cn_number(day.month)}月{_cn_number(day.day)}日"
    elif style == "bracket":
        date = f"（{date}）"
    if style == "same-line" and unit:
        return [f"{unit}　{date}"]
    return ([unit] if unit else []) + [date]
def spans(grid: list[list[str]]) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) of each cell that starts a span (or stands alone)."""
    out = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text in (R, D):
                continue
            cs = 1
            while c + cs < len(row) and row[c + cs] == R:
                cs += 1
            rs = 1
            while r + rs < len(grid) and grid[r + rs][c] == D:
                rs += 1
            out.append((r, c, rs, cs, text))
    return out


def render_html(p: dict) -> str:
    out = [f"<h1>{escape(p['title'])}</h1>"]
    for kind, value in p["blocks"]:
        if kind == "h":
            out.append(f"<p><strong>{escape(value)}</strong></p>")
        elif kind == "p":
            out.append(f"<p>{escape(value)}</p>")
        elif kind == "sign":
            out += [f'<p style="text-align:right">{escape(line)}</p>' for line in sign_lines(*value)]
        else:
            rows: dict[int, list[str]] = {}
            for r, c, rs, cs, text in spans(value):
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                rows.setdefault(r, []).append(f"<td{attrs}>{escape(text)}</td>")
            out.append('<table border="1">' + "".join(
                f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(len(value))) + "</table>")
    return ("<html><head><meta charset='utf-8'><title>" + escape(p["title"]) + "</title></head><body>"
            "<div class='TRS_Editor'>" + "".join(out) + "</div></body></html>")


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _docx_table(grid: list[list[str]]) -> str:
    """A Word table: gridSpan for cells spanning columns, vMerge for cells spanning rows."""
    width = len(grid[0])
    rows = []
    for r, row in enumerate(grid):
        cells, c = [], 0
        while c < width:
            text = row[c]
            origin = r
            while text == D and origin > 0 and grid[origin][c] == D:
                origin -= 1   # a continued cell spans the columns of the cell it continues
            span = 1
            while c + span < width and grid[origin][c + span] == R:
                span += 1
            props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if text == D:
                props += '<w:vMerge/>'
                text = ""
            elif r + 1 < len(grid) and grid[r + 1][c] == D:
                props += '<w:vMerge w:val="restart"/>'
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_para(text)}</w:tc>")
            c += span
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    cols = "".join('<w:gridCol w:w="800"/>' for _ in range(width))
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>" + "".join(rows) + "</w:tbl>"


def render_docx(p: dict) -> bytes:
    """A minimal WordprocessingML package (what Word writes, less the styles): paragraphs and
    tables with merged cells. Written directly: python-docx merges are slow for a corpus."""
    import zipfile

    body = [_para(p["title"])]
    for kind, value in p["blocks"]:
        if kind in ("h", "p"):
            body.append(_para(value))
        elif kind == "sign":
            body += [_para(line) for line in sign_lines(*value)]
        else:
            body.append(_docx_table(value))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
                f'<w:body>{"".join(body)}</w:body></w:document>')
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, data)
    return raw.getvalue()


WIDTH = 30   # characters per PDF line
PAGE = 28    # lines per page (a page number line follows)


def _spaced(text: str, rng: random.Random) -> str:
    """Digits set off by spaces as PDF text extraction prints them (`2016 年`), some
    full-width (`１月１日`)."""
    out = []
    for ch in text:
        if ch.isdigit() and rng.random() < 0.05:
            ch = chr(ord(ch) - ord("0") + ord("０"))
        out.append(ch)
    text = "".join(out)
    return text.replace("年", " 年", 1) if rng.random() < 0.5 else text


def render_pdf_text(p: dict, rng: random.Random, broken_rows: bool = False,
                    with_tables: bool = True) -> str:
    """The text a PDF extractor gives: wrapped lines, blank lines between them, page numbers;
    table rows as lines of cells (a spanning cell once), long labels wrapped."""
    lines: list[str] = [" " + p["title"], ""]
    for kind, value in p["blocks"]:
        if kind == "h":
            lines.append(value)
        elif kind == "p":
            text = _spaced(value, rng)
            lines += [text[i:i + WIDTH] for i in range(0, len(text), WIDTH)]
        elif kind == "sign":
            for line in sign_lines(*value, spaced=True):
                lines += ["", line]
        elif with_tables:
            for row in value:
                shown = [c for c in row if c not in (R, D)]
                labels = [c for c in shown if not _is_number(c) and c]
                numbers = [c if c else "" for c in shown if _is_number(c) or not c]
                if broken_rows and labels and numbers and labels[0].startswith(("一、", "二、", "四、")):
                    lines.append(" ".join(labels))
                    lines.append(" ".join(n or "-" for n in numbers))
                else:
                    lines.append(" ".join(c if c else "-" for c in shown))
    # Stats sentence at the end: the end date wrapped onto a line of its own.
    if p["blocks"][-1][0] == "p" and "统计期限" in p["blocks"][-1][1]:
        text = p["blocks"][-1][1]
        cut = text.index("至") + 1
        end = text.index("止")
        del lines[-(len(range(0, len(_spaced(text, rng)), WIDTH))):]
        lines += [text[:cut], text[cut:end], text[end:]]
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out += [line, ""]
        if i % PAGE == 0:
            out += [f"- {i // PAGE} -", ""]
    return "\n".join(out)


def _is_number(cell: str) -> bool:
    return cell.replace(".", "", 1).isdigit()


def truncate(text: str, form: str) -> str:
    """The text up to the middle of section 三 (a download cut short)."""
    mark = "三、" if form != "html" else "<p><strong>三、"
    at = text.find(mark)
    if form == "html":   # cut inside section 三 (a tag may be cut in half)
        return text[:(at + text.find("<p><strong>四、", at)) // 2]
    stop = text.find("\n", at + 200)
    return text[:stop if stop > 0 else at + 200]


def cases(seed: int = 15) -> list[Case]:
    """Every class x template year x form, deterministic for a seed."""
    out = []
    for template, years in YEARS.items():
        classes = CLASSES_OLD if template == "old" else CLASSES_NEW
        for year in years:
            for cls in classes:
                for form in FORMS:
                    if cls == "broken-rows" and form != "pdf-text":
                        continue  # a PDF-text phenomenon only
                    rng = random.Random(f"{seed}-{year}-{cls}-{form}")
                    p = plan(cls, year, rng)
                    kind = None if cls == "county-kind" else p["kind"]
                    cid = f"{template}-{year}-{cls}-{form}"
                    if form == "html":
                        data = render_html(p)
                        if cls == "truncated":
                            data = truncate(data, form)
                        raw, name = data.encode("utf-8"), f"{cid}.html"
                    elif form == "docx":
                        if cls == "truncated":   # a draft whose text stops in section 三
                            p = dict(p, blocks=_cut_blocks(p["blocks"]))
                        raw, name = render_docx(p), f"{cid}.docx"
                    else:
                        text = render_pdf_text(p, rng, broken_rows=cls == "broken-rows",
                                               with_tables=cls != "cited-no-tables")
                        if cls == "truncated":
                            text = truncate(text, form)
                        raw, name = text.encode("utf-8"), f"{cid}.txt"
                    out.append(Case(cid, cls, template, year, form, name, raw, kind, p["truth"]))
    return out


def _cut_blocks(blocks: list) -> list:
    out = []
    heads = 0
    for kind, value in blocks:
        if kind == "h":
            heads += 1
            if heads == 4:
                break
        out.append((kind, value))
    return out
