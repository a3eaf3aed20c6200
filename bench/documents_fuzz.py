"""Fuzzing every page and document parser with mangled input: none may raise.

    .venv/bin/python -m bench.documents_fuzz                  # 20,000 cases (a few minutes)
    .venv/bin/python -m bench.documents_fuzz --cases 200000 --seed 7

The seeds are the project's own annual-report corpus (HTML, DOCX, PDF text) and article and
homepage shapes written here. Each case applies a few mutations (stray closing tags, bytes cut
off, an encoding switched halfway, nested and unclosed forms, comments and scripts left open,
control characters, a zip member damaged) and runs the readers a crawl or `govaudit analyze`
runs on it. A case fails when anything raises, or when nothing could be read and the result is
not 未能核验 / 需人工核查 (an annual-report problem raised on text that was not there).
tests/test_fuzz_documents.py runs a bounded number of cases in the suite.
"""

from __future__ import annotations

import argparse
import random
import sys
import traceback

ARTICLE = """<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="关于秋季防火的通知">
<meta name="PubDate" content="2023-09-18 09:30"><meta name="contentSource" content="示范县应急管理局">
<title>关于秋季防火的通知_示范县人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a></div>
<table class="xxgk"><tr><td>索引号</td><td>640422001/2023-00012</td><td>发布机构</td><td>示范县应急管理局</td></tr>
<tr><td>成文日期</td><td>2023-09-15</td><td>文号</td><td>示应急发〔2023〕5号</td></tr></table>
<dl><dt>来源：</dt><dd>示范县应急管理局</dd></dl><div>时间：2023-09-18 09:30</div><div>来源：</div><div>山西日报</div>
<div class="TRS_Editor"><p>各乡镇：现就秋季防火工作通知如下。</p></div>
<div class="fj">附件：<a href="/P020230918.pdf">方案.pdf</a></div></body></html>"""
HOME = """<html><body><table><tr><td><div class="tit">县内要闻</div><a href="/xw/">更多</a>
<ul><li><a href="/xw/1.html">县政府召开常务会议</a><span>2023-09-18</span></li></ul></td>
<td><table><tr><td><a href="/tz/1.html">关于放假的通知</a></td><td>2023-09-20</td></tr></table></td></tr></table>
<form action="/s"><input name="q"></form></body></html>"""

TAGS = ["</html>", "</body>", "</table>", "</tr>", "</td>", "</div>", "</p>", "<html>", "<body>",
        "<form>", "<form><form>", "</form>", "<table>", "<tr>", "<td colspan='9999'>", "<td rowspan='0'>",
        "<!--", "<![CDATA[", "<script>", "<style>", "<?xml version='1.0' encoding='gbk'?>", "\x00",
        "\x0c", "\ufeff", "&#0;", "&#xD800;", "<a href=\"javascript:alert(1)\">", "<meta charset='big5'>",
        "<dt>发布机构", "<dd>", "来源：", "2023年12月31日", "四、结转下年度继续办理", "一、总体情况"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four mutations of `data`."""
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        at = rng.randint(0, len(data)) if data else 0
        if op == 0:      # a stray or unclosed tag, a control character, a misleading label
            data = data[:at] + rng.choice(TAGS).encode("utf-8") + data[at:]
        elif op == 1:    # a download cut short
            data = data[:at]
        elif op == 2:    # the encoding switches halfway
            try:
                tail = data[at:].decode("utf-8", "ignore").encode(rng.choice(["gbk", "big5", "utf-16"]), "ignore")
            except LookupError:
                tail = data[at:]
            data = data[:at] + tail
        elif op == 3:    # random bytes
            data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[at:]
        elif op == 4:    # a slice repeated (nested copies of the same markup)
            end = min(len(data), at + rng.randint(1, 400))
            data = data[:end] + data[at:end] * rng.randint(1, 5) + data[end:]
        elif op == 5:    # brackets lost
            data = data.replace(rng.choice([b"<", b">", b"\""]), b"", rng.randint(1, 20))
        else:            # bytes flipped in place (a damaged zip member, a broken character)
            buf = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                if buf:
                    buf[rng.randrange(len(buf))] = rng.randrange(256)
            data = bytes(buf)
    return data


def seeds() -> list[tuple[str, bytes]]:
    from bench.documents_corpus import cases

    picked = {}
    for case in cases():
        picked.setdefault((case.form, case.template), (case.name, case.data))
    out = list(picked.values()) + [("article.html", ARTICLE.encode("utf-8")),
                                   ("home.html", HOME.encode("utf-8"))]
    pdf = pdf_seed()
    return out + ([("report.pdf", pdf)] if pdf else [])


def pdf_seed() -> bytes | None:
    """A small PDF with text (fpdf2; Latin text: what matters here is the PDF structure the
    mutations damage, not the language)."""
    import datetime as dt

    try:
        from fpdf import FPDF
    except ImportError:
        return None
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in ["2023 annual report", "1. Overview", "Statistics from 2023-01-01 to", "2023-12-31",
                 "- 1 -"]:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    return bytes(pdf.output())


def check(name: str, data: bytes) -> str | None:
    """None when every reader survived and the result is honest, else what went wrong."""
    from checks.annual import analyse_document
    from crawler.documents.read import read_document
    from crawler.extract.html import decode_body, parse, visible_text
    from crawler.extract.metadata import extract_article
    from crawler.homepage import blocks

    try:
        html = decode_body(data, None)
        facts = extract_article(html, "http://h/a/1.html")
        _ = (facts.pub_date, facts.written_date, facts.title)
        blocks(parse(html), "http://h/")
        visible_text(parse(data))
        doc = read_document(data, url=name)
        report = analyse_document(doc, unit_kind=None)
    except Exception:  # the property under test: nothing raises  # noqa: BLE001
        return traceback.format_exc(limit=6)
    if not doc.readable:
        if report.get("problems"):
            return f"problems raised on an unreadable document: {report['problems']}"
    elif not doc.text.strip():
        if report.get("problems") or not report.get("review"):
            return "nothing could be read, yet the result is not 需人工核查"
    if any(p["check"] == "annual-report.incomplete" for p in report.get("problems", [])) \
            and report.get("coverage", {}).get("complete") is False:
        return "incomplete raised on a report not read in full"
    return None


def run(cases: int, seed: int = 15) -> list[tuple[int, str, str]]:
    """(case number, seed name, what went wrong) for every failing case."""
    rng = random.Random(seed)
    base = seeds()
    failures = []
    for i in range(cases):
        name, data = base[i % len(base)]
        problem = check(name, mutate(data, rng))
        if problem:
            failures.append((i, name, problem))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    import logging

    logging.disable(logging.WARNING)  # pdfminer reports every damaged object it skips
    failures = run(args.cases, args.seed)
    for i, name, problem in failures[:20]:
        print(f"case {i} ({name}):\n{problem}", file=sys.stderr)
    print(f"{args.cases} cases, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
