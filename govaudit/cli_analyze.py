"""`govaudit analyze`: what the auditor finds in one annual report, before it is published.

A department can run it on its draft (PDF, DOCX, web page, text) or on a published URL and
see the year and format recognised, the sections, tables and key figures read, and which
checks fail. Exit code 0: no problem found; 1: problems found; 2: the input could not be read.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import click

from govaudit.common import GovauditError, check_url

from checks.annual import analyse_document
from ground.annual_format import fmt

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 30
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

SECTION_NAMES = {"overview": "总体情况", "proactive": "主动公开", "requests": "依申请公开",
                 "review": "行政复议、行政诉讼", "fees": "收费及减免", "problems": "存在的主要问题及改进情况",
                 "other": "其他需要报告的事项"}
TABLE_NAMES = {"t2": "表二 主动公开政府信息情况", "t3": "表三 收到和处理政府信息公开申请情况",
               "t4": "表四 政府信息公开行政复议、行政诉讼情况"}


YEAR_FROM = {"title": "标题", "statistics-period": "统计期限", "body": "正文", "given": "--year 参数"}
KIND_NAMES = {"county": "县级人民政府", "department": "政府部门", "town": "乡镇",
              "unknown": "单位类型未知，按最晚的3月31日期限判断；可用 --unit-kind 指定"}
SIGNAL_NAMES = {"cited": "引用的格式文件", "table": "统计表表头", "headings": "章节标题", "year": "报告年度"}


def _signals(signals: list[dict]) -> str:
    out = []
    for s in signals:
        name = SIGNAL_NAMES.get(s["signal"], s["signal"])
        if s["signal"] == "cited":
            out.append(f"{name}（{s['text']}）")
        elif s["signal"] == "table":
            out.append(f"{name}（{'、'.join(s['words'][:3])}）")
        elif s["signal"] == "year":
            out.append(f"{name}（{s['year']}年）")
        else:
            out.append(f"{name}（{'2007年条例格式' if s['value'] == 'old' else '2019年以后的格式'}）")
    return "；".join(out)


class AnalyzeError(click.ClickException):
    exit_code = EXIT_UNREADABLE

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


def load(source: str):
    """The Document of a local file or a URL (read with crawler.documents.read_document), and
    the bytes it was read from."""
    from crawler.documents.read import read_document

    if source.startswith(("http://", "https://")):
        data, content_type = fetch(source)
        return read_document(data, url=source, content_type=content_type,
                             max_bytes=MAX_BYTES), data
    path = Path(source)
    if not path.is_file():
        raise AnalyzeError(f"找不到文件：{source}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AnalyzeError(f"无法读取文件 {source}：{exc.strerror or exc}")
    return read_document(data, url=path.name, max_bytes=MAX_BYTES), data


def page_heading(doc, data: bytes) -> str | None:
    """A web page's own heading (its <h1>, else the first part of <title>): the report's title
    lies below the portal's banner and menus, whose first line is the site's name."""
    if doc.kind != "html" or not data:
        return None
    import lxml.html
    from w3lib.encoding import html_to_unicode

    try:
        tree = lxml.html.document_fromstring(html_to_unicode(None, data)[1])
    except (ValueError, lxml.etree.ParserError):
        return None
    for h in tree.xpath("//h1|//h2"):
        text = " ".join(h.text_content().split())
        if "报告" in text:
            return text
    title = " ".join((tree.findtext(".//title") or "").split())
    return re.split(r"\s*[_|｜-]\s*", title)[0] or None


def fetch(url: str) -> tuple[bytes, str | None]:

    try:
        url = check_url(url)
    except GovauditError as exc:
        raise AnalyzeError(exc.message)
    request = urllib.request.Request(url, headers={"User-Agent": "govaudit-analyze/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
            return data, response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise AnalyzeError(f"下载失败：{url} 返回 HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise AnalyzeError(f"无法下载 {url}：{reason}")


def render_text(source: str, doc, report: dict) -> str:
    out = [f"文件：{source}（{doc.kind}）"]
    if report.get("status") != "ok":
        out.append(f"未能读取：{report.get('note') or report.get('status')}")
        return "\n".join(out)
    label = fmt()["templates"][report["template"]]["label"]
    out.append(f"标题：{report['title'] or '（未识别）'}")
    year_from = YEAR_FROM.get(report.get("year_from"), "")
    out.append(f"报告年度：{report['year'] or '（未识别）'}"
               + (f"（依据{year_from}）" if report["year"] and year_from else "") + f"；格式：{label}")
    signals = _signals(report.get("template_signals") or [])
    if signals:
        out.append(f"格式判断依据：{signals}")
    if report["expected_template"] != report["template"]:
        out.append(f"该年度应使用：{fmt()['templates'][report['expected_template']]['label']}")
    kind = KIND_NAMES.get(report.get("unit_kind"), KIND_NAMES["unknown"])
    if report["signed"]:
        timing = "按期" if report["on_time"] else "逾期"
        out.append(f"落款：{report['signed_by'] or ''} {report['signed']}"
                   f"（{kind}，公布期限 {report['deadline']}，{timing}）")
    else:
        out.append("落款：未找到落款日期（报告末尾没有署名和日期）")
    if report.get("review"):
        out.append("需人工核查：报告未能完整读取（" + "；".join(report["review"])
                   + "），是否缺少部分未能核验")
    out.append("各部分：")
    for s in report["sections"]:
        name = SECTION_NAMES.get(s["key"], "未归类")
        out.append(f"  {s['numeral']}、{s['heading']}（{name}，{s['chars']}字）")
    for key, numeral in report["covered_in"].items():
        out.append(f"  {SECTION_NAMES[key]}：没有单独成节，在第{numeral}部分中说明")
    for key in report["missing_sections"]:
        # In a report not read in full, a part not seen may simply not have been read.
        out.append(f"  {'未读到' if report.get('review') else '缺少'}：{SECTION_NAMES[key]}")
    for name, rows in report["tables"].items():
        if not rows:
            continue
        out.append(f"{TABLE_NAMES[name]}：")
        for row, cells in rows.items():
            shown = "，".join(f"{c} {'空' if v is None else v}" for c, v in cells.items())
            out.append(f"  {row}：{shown}")
    figures = _figures(report["figures"])
    if figures:
        out.append("主要数字：" + "；".join(figures))
    if report["problems"]:
        out.append(f"发现 {len(report['problems'])} 项问题：")
        out.extend(f"  - [{p['check']}] {p['message']}" for p in report["problems"])
    elif report["expected_template"] == "old":
        out.append("2019年以前的旧格式报告，只作识别，不作认定。")
    else:
        out.append("未发现问题。")
    return "\n".join(out)


def _figures(f: dict) -> list[str]:
    out = []
    for key, name in (("applications", "依申请公开"), ("licences", "行政许可"), ("penalties", "行政处罚")):
        if key in f:
            value = f[key]["value"]
            out.append(f"{name} {value}{'余' if f[key].get('approx') else ''}{f[key].get('unit') or '件'}")
    if "interactions" in f:
        i = f["interactions"]
        out.append(f"政民互动 收到{i['received']}件" + (f"、办结{i['answered']}件" if i.get("answered") is not None else ""))
    if "fees" in f:
        out.append("信息公开收费：" + ("未收取" if not f["fees"]["charged"] else f"{f['fees'].get('amount_yuan')}元"))
    if "review" in f:
        r = f["review"]
        out.append(f"行政复议 {r.get('reconsideration')}件、行政诉讼 {r.get('litigation')}件")
    return out


@click.command()
@click.argument("source")
@click.option("--year", type=int, default=None, help="报告应覆盖的年度（标题年份不符时作为问题报告）")
@click.option("--unit-kind", type=click.Choice(["county", "department", "town"]), default=None,
              help="单位类型，决定公布期限：县人民政府3月31日前、政府部门1月31日前；"
                   "不指定时为未知，按最晚的期限判断，不会推测为部门")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部识别结果")
def analyze(source: str, year: int | None, unit_kind: str | None, as_json: bool) -> None:
    """检查一份政府信息公开工作年度报告（PDF、DOCX、网页或文本，本地文件或网址）：
    识别年度和格式，列出各部分、统计表和主要数字，以及未通过的检查项。
    退出码：0 未发现问题，1 发现问题，2 无法读取。

    Example:

        govaudit analyze 2025年政府信息公开工作年度报告.pdf --year 2025
    """
    doc, data = load(source)
    report = analyse_document(doc, year=year, unit_kind=unit_kind,
                              title_hint=page_heading(doc, data))
    if as_json:
        click.echo(json.dumps({"source": source, **report}, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(source, doc, report))
    if report.get("status") != "ok":
        raise SystemExit(EXIT_UNREADABLE)
    if report["problems"]:
        raise SystemExit(EXIT_PROBLEMS)
