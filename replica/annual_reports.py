"""Full annual reports (政府信息公开工作年度报告) for the replica, in the three formats.

`build()` plans one report: its sections, its tables as grids, and the cell values an analyzer
must read back (`cells`, recorded in the manifest). Renderers turn the plan into an HTML article
body (tables with rowspan/colspan), a DOCX (merged cells) or a PDF (prose only: the old format
had no tables). Planted document defects (`DEFECTS`) change the plan in one place each.

Prose is picked by year from fixed pools (consecutive years never share a sentence), so a clean
report is never a near-copy of the previous one; the `copied` defect reuses the previous text.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from html import escape
from typing import Optional

from . import dates

T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
# (key, parent label, label) of table 三's value rows, in order.
T3_ROWS = (
    [("三.一", "(一)予以公开", None), ("三.二", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", None)]
    + [(f"三.三.{i}", "(三)不予公开", f"{i}.{t}") for i, t in enumerate(
        ["属于国家秘密", "其他法律行政法规禁止公开", "危及\"三安全一稳定\"", "保护第三方合法权益",
         "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"], 1)]
    + [(f"三.四.{i}", "(四)无法提供", f"{i}.{t}") for i, t in enumerate(
        ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], 1)]
    + [(f"三.五.{i}", "(五)不予处理", f"{i}.{t}") for i, t in enumerate(
        ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
         "要求行政机关确认或重新出具已获取信息"], 1)])
T3_OTHER_2021 = [f"{i}.{t}" for i, t in enumerate(
    ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"], 1)]
T4_BLOCKS = ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# Planted document defects: name -> the fault (the rule each one makes fire is declared in the
# rule pack, `replica_defect`).
DEFECTS = {
    "missing-section": "section 五、存在的主要问题及改进情况 left out",
    "broken-identity": "table 三: 一+二 != 三(七)+四 in the 自然人 column",
    "old-template": "a 2021-or-later report with the 60号 table 二",
    "copied": "the previous year's text again",
    "placeholder": "XXXX年 and （单位名称） left in",
    "shuanggongshi": "table 二 counts fewer 行政许可 than the site published",
    "signed-late": "listed on time, 落款 after the deadline",
    "wrong-unit": "a sister department's report (the generator names it)",
}
# How many days after the deadline the `signed-late` report is signed.
SIGNED_LATE_DAYS = 6

SPAN = None  # a grid cell continuing the value cell on its left (rendered as colspan)


@dataclass
class AnnualReport:
    title: str
    year: int
    template: str                       # old | 2019 | 2021
    signer: str
    signed: dt.date
    blocks: list = field(default_factory=list)   # ("h"|"p", text) or ("table", grid)
    cells: dict = field(default_factory=dict)    # what an analyzer must read: t2, t3, t4
    figures: dict = field(default_factory=dict)  # old format: figures stated in prose
    prose: list = field(default_factory=list)    # the sentences picked (for `copied`)
    defect: Optional[str] = None

    def grid_rows(self, grid) -> list[list[str]]:
        """A grid with colspan continuations filled in, as a reader expands it."""
        out = []
        for row in grid:
            filled, last = [], ""
            for cell in row:
                last = last if cell is SPAN else cell
                filled.append(last)
            out.append(filled)
        return out


def template_for(year: int) -> str:
    return "old" if year <= 2018 else "2019" if year <= 2020 else "2021"


# ---- prose ---------------------------------------------------------------------------------
POOLS = {
    "overview": [
        "{u}坚持以公开为常态、不公开为例外，将政务公开工作纳入年度重点任务统筹推进。",
        "{u}主要负责同志多次听取政务公开工作汇报，研究解决栏目建设中遇到的具体问题。",
        "{u}对照年度政务公开工作要点逐项制定任务清单，明确责任股室和完成时限。",
        "围绕群众关注的热点事项，{u}及时发布政策措施、办事指南和工作进展情况。",
        "{u}严格落实信息发布保密审查制度，坚持先审查、后公开，全年未发生失泄密事件。",
        "{u}依托政府信息公开平台集中发布法定主动公开内容，做到栏目规范、内容准确。",
        "{u}规范依申请公开办理流程，严格登记、审核、答复各环节，确保依法按时答复。",
        "{u}组织工作人员参加全县政务公开业务培训，进一步提升信息发布的规范化水平。",
        "{u}把政务公开工作纳入年度绩效考核，定期通报栏目更新情况，督促整改落实。",
    ],
    "problems": [
        "个别栏目信息更新不够及时，下一步将建立栏目更新台账，定期检查提醒。",
        "政策解读形式较为单一，今后将更多采用图解、问答等群众易于理解的方式。",
        "信息发布审核流程还不够精细，将进一步细化审核要点，压实审核责任。",
        "工作人员业务能力有待提升，将通过集中培训和以干代训提高业务水平。",
        "主动回应社会关切的及时性还需加强，将完善舆情收集和研判回应机制。",
        "基层政务公开标准化规范化水平不高，将对照标准目录逐项梳理完善。",
        "部分公开内容的可读性不强，将加强对公开内容的统筹和编辑加工。",
        "依申请公开工作的规范化程度有待提高，将完善答复文书模板和办理台账。",
        "信息公开平台的检索和下载功能需要完善，将配合平台运维单位持续优化。",
    ],
}


def _pick(pool: str, year: int, k: int = 3) -> list[str]:
    """k sentences for `year`: consecutive years take disjoint windows of the pool."""
    sentences = POOLS[pool]
    start = (year * k) % len(sentences)
    return [sentences[(start + i) % len(sentences)] for i in range(k)]


# ---- tables --------------------------------------------------------------------------------
def _table2_2021(rng, licences, penalties):
    cells = {
        "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
        "行政规范性文件": {"本年制发件数": rng.randint(0, 6), "本年废止件数": rng.randint(0, 3),
                     "现行有效件数": rng.randint(6, 30)},
        "行政许可": {"本年处理决定数量": licences},
        "行政处罚": {"本年处理决定数量": penalties},
        "行政强制": {"本年处理决定数量": rng.randint(0, 3)},
        "行政事业性收费": {"本年收费金额(单位:万元)": round(rng.randint(0, 4000) / 100, 2)},
    }
    grid = []
    for item, labels, heads in (("(一)", ["规章", "行政规范性文件"], ["本年制发件数", "本年废止件数", "现行有效件数"]),
                                ("(五)", ["行政许可"], ["本年处理决定数量"]),
                                ("(六)", ["行政处罚", "行政强制"], ["本年处理决定数量"]),
                                ("(八)", ["行政事业性收费"], ["本年收费金额(单位:万元)"])):
        grid.append([f"第二十条第{item}项"] * 4)
        grid.append(["信息内容"] + _spread(heads, 3))
        for label in labels:
            grid.append([label] + _spread([_s(cells[label][h]) for h in heads], 3))
    return cells, grid


def _table2_2019(rng, licences, penalties):
    def item(decisions):
        return {"上一年项目数量": rng.randint(5, 40), "本年增/减": rng.randint(0, 3),
                "处理决定数量": decisions}

    cells = {
        "规章": {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 0},
        "规范性文件": {"本年新制作数量": (n := rng.randint(0, 6)), "本年新公开数量": n,
                  "对外公开总数量": rng.randint(6, 30)},
        "行政许可": item(licences), "其他对外管理服务事项": item(rng.randint(0, 20)),
        "行政处罚": item(penalties), "行政强制": item(rng.randint(0, 3)),
        "行政事业性收费": {"上一年项目数量": rng.randint(0, 8), "本年增/减": 0},
        "政府集中采购": {"采购项目数量": rng.randint(0, 12),
                   "采购总金额": round(rng.randint(0, 90000) / 100, 2)},
    }
    grid = []
    for item_no, labels in (("(一)", ["规章", "规范性文件"]), ("(五)", ["行政许可", "其他对外管理服务事项"]),
                            ("(六)", ["行政处罚", "行政强制"]), ("(八)", ["行政事业性收费"]),
                            ("(九)", ["政府集中采购"])):
        heads = list(cells[labels[0]])
        grid.append([f"第二十条第{item_no}项"] * 4)
        grid.append(["信息内容"] + _spread(heads, 3))
        for label in labels:
            grid.append([label] + _spread([_s(cells[label][h]) for h in heads], 3))
    return cells, grid


def _spread(values: list, width: int) -> list:
    """Values over `width` cells: the last one spans the rest (colspan)."""
    return list(values) + [SPAN] * (width - len(values))


def _s(value) -> str:
    return str(value)


def _table3(rng, template):
    keys = [k for k, _, _ in T3_ROWS]
    if template == "2021":
        other = [(f"三.六.{i}", "(六)其他处理", label) for i, label in enumerate(T3_OTHER_2021, 1)]
    else:
        other = [("三.六", "(六)其他处理", None)]
    rows = list(T3_ROWS) + other
    keys = [k for k, _, _ in rows]
    cells: dict = {}
    for col in T3_COLUMNS[:-1]:
        heavy = col == "自然人"
        new = rng.randint(3, 25) if heavy else rng.choice([0, 0, 0, 1, 2])
        carried = rng.choice([0, 0, 1]) if heavy else 0
        forward = rng.choice([0, 0, 1]) if heavy and new > 3 else 0
        outcome = dict.fromkeys(keys, 0)
        remaining = new + carried - forward
        # Mostly 予以公开, some 部分公开 / 无法提供 / 不予处理, as real tables look.
        for key, share in (("三.二", 0.15), ("三.四.1", 0.15), ("三.五.1", 0.1)):
            n = min(remaining, int(remaining * share + rng.random()))
            outcome[key] += n
            remaining -= n
        outcome["三.一"] += remaining
        for key in keys:
            cells.setdefault(key, {})[col] = outcome[key]
        cells.setdefault("一", {})[col] = new
        cells.setdefault("二", {})[col] = carried
        cells.setdefault("三.七", {})[col] = sum(outcome.values())
        cells.setdefault("四", {})[col] = forward
    for row in cells.values():
        row["总计"] = sum(row[c] for c in T3_COLUMNS[:-1])
    order = ["一", "二"] + keys + ["三.七", "四"]
    cells = {k: cells[k] for k in order}
    labels = {"一": ["一、本年新收政府信息公开申请数量"] * 3, "二": ["二、上年结转政府信息公开申请数量"] * 3,
              "三.七": ["三、本年度办理结果", "(七)总计", "(七)总计"],
              "四": ["四、结转下年度继续办理"] * 3}
    for key, parent, label in rows:
        labels[key] = ["三、本年度办理结果", parent, label or parent]
    return cells, order, labels


def _table3_grid(cells, order, labels):
    grid = [[T3_NOTE] * 3 + ["申请人情况"] * 7,
            [T3_NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
            [T3_NOTE] * 3 + T3_COLUMNS]
    for key in order:
        grid.append(labels[key] + [_s(cells[key][c]) for c in T3_COLUMNS])
    return grid


def _table4(rng):
    cells = {}
    for block in T4_BLOCKS:
        row = {c: 0 for c in T4_COLUMNS[:-1]}
        if block == "行政复议" and rng.random() < 0.3:
            row["结果维持"] = 1
        row["总计"] = sum(row.values())
        cells[block] = row
    grid = [["行政复议"] * 5 + ["行政诉讼"] * 10,
            T4_COLUMNS + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
            T4_COLUMNS + T4_COLUMNS + T4_COLUMNS,
            [_s(cells[b][c]) for b in T4_BLOCKS for c in T4_COLUMNS]]
    return cells, grid


# ---- the plan ------------------------------------------------------------------------------
def build(unit: str, kind: str, year: int, rng: random.Random, *, licences: int, penalties: int,
          defect: Optional[str] = None, previous: Optional[AnnualReport] = None) -> AnnualReport:
    """Plan the report of `unit` for `year`; `defect` (a DEFECTS key) plants one fault."""
    template = template_for(year)
    signed = dt.date(year + 1, 1, rng.randint(8, 25))
    if defect == "signed-late":
        signed = dates.report_deadline(year, kind) + dt.timedelta(days=SIGNED_LATE_DAYS)
    rep = AnnualReport(title=f"{unit}{year}年政府信息公开工作年度报告", year=year,
                       template=template, signer=unit, signed=signed, defect=defect)
    if template == "old":
        _old_format(rep, unit, year, rng, licences, penalties)
        return rep
    if defect == "copied" and previous is not None:
        rep.prose = list(previous.prose)
    else:
        rep.prose = [_pick("overview", year), _pick("problems", year)]
    overview, problems = ([s.format(u=unit) for s in part] for part in rep.prose)
    lead = f"{year}年，" if defect != "placeholder" else "XXXX年，（单位名称）"
    b = rep.blocks
    b.append(("p", f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限为"
                   f"{year}年1月1日至{year}年12月31日。"))
    sections = [("总体情况", [lead + overview[0]] + overview[1:]),
                ("主动公开政府信息情况", ["table2"]),
                ("收到和处理政府信息公开申请情况", ["table3"]),
                ("政府信息公开行政复议、行政诉讼情况", ["table4"]),
                ("存在的主要问题及改进情况", problems),
                ("其他需要报告的事项", [f"本年度未收取信息处理费。{unit}无其他需要报告的事项。"])]
    if defect == "missing-section":
        sections = [s for s in sections if s[0] != "存在的主要问题及改进情况"]
    use_2019_table = template == "2019" or defect == "old-template"
    if use_2019_table:
        rep.template = "2019"  # what the document is written in (the year asks for 2021)
    t2, grid2 = (_table2_2019 if use_2019_table else _table2_2021)(rng, licences, penalties)
    t3, order, labels = _table3(rng, template)
    if defect == "broken-identity":
        t3["一"]["自然人"] += 3
        t3["一"]["总计"] += 3
    t4, grid4 = _table4(rng)
    grids = {"table2": grid2, "table3": _table3_grid(t3, order, labels), "table4": grid4}
    numerals = "一二三四五六七"
    for i, (heading, body) in enumerate(sections):
        b.append(("h", f"{numerals[i]}、{heading}"))
        for part in body:
            b.append(("table", grids[part]) if part in grids else ("p", part))
    b.append(("p", unit))
    b.append(("p", f"{signed.year}年{signed.month}月{signed.day}日"))
    rep.cells = {"t2": t2, "t3": t3, "t4": t4}
    return rep


def _old_format(rep, unit, year, rng, licences, penalties):
    """A 2007-条例 report: seven sections, figures in prose, no tables (like the seed)."""
    applications = rng.randint(2, 40)
    received = rng.randint(50, 400)
    answered = received - rng.randint(0, 5)
    rep.figures = {"applications": applications, "licences": licences, "penalties": penalties,
                   "interactions": {"received": received, "answered": answered},
                   "fees_charged": False, "reconsideration": 0, "litigation": 0}
    rep.prose = [_pick("overview", year), _pick("problems", year)]
    overview, problems = ([s.format(u=unit) for s in part] for part in rep.prose)
    b = rep.blocks
    b.append(("p", f"本报告所列数据统计期限为{year}年1月1日至12月31日。"))
    for heading, body in (
            ("概述", overview),
            ("主动公开政府信息的情况", [
                f"全年在政府网站公开行政许可信息{licences}件、行政处罚信息{penalties}件。",
                f"共办理“政民互动”栏目各类信件{received}件，办结回复{answered}件。"]),
            ("依申请公开政府信息和不予公开政府信息的情况",
             [f"全年共受理依申请公开政府信息申请{applications}件，均按期答复。"]),
            ("政府信息公开的收费及减免情况", ["全年没有收取任何政府信息公开费用。"]),
            ("因政府信息公开申请行政复议、提起行政诉讼的情况",
             ["全年没有发生因政府信息公开引起的行政复议、行政诉讼案件。"]),
            ("政府信息公开工作存在的主要问题及改进情况", problems),
            ("其他需要报告的事项", ["无。"])):
        b.append(("h", f"{'一二三四五六七'[len([x for x in b if x[0] == 'h'])]}、{heading}"))
        b.extend(("p", p) for p in body)
    b.append(("p", unit))
    b.append(("p", f"{rep.signed.year}年{rep.signed.month}月{rep.signed.day}日"))


# ---- rendering -----------------------------------------------------------------------------
def merges(grid) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) for each rendered cell: equal adjacent label cells
    merge (as real report tables do), SPAN continues a value cell to the right."""
    height, width = len(grid), len(grid[0])
    covered = [[False] * width for _ in range(height)]
    out = []
    for r in range(height):
        for c in range(width):
            if covered[r][c]:
                continue
            text = grid[r][c]
            cs = 1
            while c + cs < width and (grid[r][c + cs] is SPAN or
                                      (not _numeric(text) and grid[r][c + cs] == text)):
                cs += 1
            rs = 1
            if not _numeric(text):
                while r + rs < height and all(grid[r + rs][c + k] == text for k in range(cs)) \
                        and not (c + cs < width and grid[r + rs][c + cs] == text) \
                        and not (c > 0 and grid[r + rs][c - 1] == text):
                    rs += 1
            for dr in range(rs):
                for dc in range(cs):
                    covered[r + dr][c + dc] = True
            out.append((r, c, rs, cs, text))
    return out


def _numeric(text) -> bool:
    return text is SPAN or text.replace(".", "", 1).isdigit()


def html(rep: AnnualReport) -> list[str]:
    """The article body: headings, paragraphs and tables (escaped)."""
    out = []
    for kind, value in rep.blocks:
        if kind == "h":
            out.append(f"<p><strong>{escape(value)}</strong></p>")
        elif kind == "p":
            out.append(f'<p style="text-indent:2em;">{escape(value)}</p>')
        else:
            rows: dict[int, list[str]] = {}
            for r, c, rs, cs, text in merges(value):
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                rows.setdefault(r, []).append(f"<td{attrs}>{escape(text)}</td>")
            body = "".join(f"<tr>{''.join(rows.get(r, []))}</tr>" for r in range(len(value)))
            out.append(f'<table border="1" cellspacing="0">{body}</table>')
    return out


def docx_bytes(rep: AnnualReport, author: str = "govaudit replica") -> bytes:
    """The report as a Word file with merged table cells; timestamps pinned (deterministic).
    Cells are filled through their elements: python-docx's `table.cell` walks the whole table
    on every call (seconds per report)."""
    from docx import Document as Docx
    from docx.table import _Cell

    from .attachments import FIXED, _pin_zip

    doc = Docx()
    for kind, value in [("p", rep.title)] + rep.blocks:
        if kind in ("h", "p"):
            doc.add_paragraph(value)
            continue
        table = doc.add_table(rows=len(value), cols=len(value[0]))
        grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]
        spans = []
        for r, c, rs, cs, text in merges(value):
            if rs > 1 or cs > 1:
                spans.append((r, c, rs, cs, text))
            else:
                _Cell(grid[r][c], table).text = text
        # Spans never overlap, so each span's corner cells are still in the table when merged.
        for r, c, rs, cs, text in spans:
            corner = _Cell(grid[r + rs - 1][c + cs - 1], table)
            _Cell(grid[r][c], table).merge(corner).text = text
    naive = FIXED.replace(tzinfo=None)
    props = doc.core_properties
    props.created = props.modified = props.last_printed = naive
    props.author = author
    raw = io.BytesIO()
    doc.save(raw)
    return _pin_zip(raw.getvalue())


CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def cjk_font() -> Optional[str]:
    """A font with Chinese glyphs for PDFs (the PDF core fonts are Latin-1 only)."""
    import os

    return CJK_FONT if os.path.exists(CJK_FONT) else None


def pdf_bytes(rep: AnnualReport) -> bytes:
    """The report as a PDF (prose only; tables are not drawn), timestamps pinned."""
    from fpdf import FPDF

    from .attachments import FIXED

    pdf = FPDF()
    pdf.set_creation_date(FIXED)
    pdf.set_producer("govaudit replica")
    pdf.add_font("cjk", "", cjk_font(), collection_font_number=2)  # 2 = Noto Sans CJK SC
    pdf.add_page()
    pdf.set_font("cjk", size=11)
    for kind, value in [("h", rep.title)] + rep.blocks:
        if kind != "table":
            pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    # fpdf2 names the code-to-CID CMap of a CID-keyed CFF font "Adobe-Identity-UCS", which
    # pdfminer cannot resolve, so no text would be extractable. The codes are the ones the
    # ToUnicode map is keyed on, so naming it Identity-H (same byte length: offsets stay valid)
    # lets extractors read it; viewers render from the embedded CMap either way.
    data = bytes(pdf.output())
    return data.replace(b"/CMapName /Adobe-Identity-UCS\n/Length", b"/CMapName /Identity-H        \n/Length")
