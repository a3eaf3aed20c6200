"""Measure the annual-report analyser on the project's document corpus (bench/documents_corpus.py)
and write the documents table of docs/accuracy.md.

    .venv/bin/python -m bench.documents_measure            # measure, print, update docs/accuracy.md
    .venv/bin/python -m bench.documents_measure --no-write  # measure and print only

Each document is read as `govaudit analyze` reads a file (crawler.documents.read_document, then
checks.annual.analyse_document) and compared with the truth it was generated with: template,
year, 落款 (and whether it was ever taken from the 统计期限 sentence), sections, every table
cell (or prose figure of an old-format report), and the problems raised. A problem the truth
does not hold is a false accusation; an `incomplete` on a truncated document is one too.
Only the part of docs/accuracy.md between `<!-- documents:start -->` and `<!-- documents:end -->`
is written (other sections of the file belong to other measurements).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import sys
from collections import defaultdict
from pathlib import Path

from bench.documents_corpus import Case, cases

START, END = "<!-- documents:start -->", "<!-- documents:end -->"
DOC = Path(__file__).resolve().parent.parent / "docs" / "accuracy.md"
INCOMPLETE = "annual-report.incomplete"


def judge(case: Case) -> dict:
    """One document read and compared with its truth."""
    from checks.annual import analyse_document
    from crawler.documents.read import read_document

    doc = read_document(case.data, url=case.name)
    got = analyse_document(doc, unit_kind=case.unit_kind)
    truth = case.truth
    out = {"id": case.id, "cls": case.cls, "template": case.template, "form": case.form,
           "readable": doc.readable}
    if not doc.readable:
        return {**out, "template_ok": False, "year_ok": False, "signed_ok": False,
                "sections_ok": False, "cells": 0, "cells_ok": 0, "false": [], "from_stats": False}
    signed = got.get("signed")
    out["template_ok"] = got["template"] == truth["template"]
    out["year_ok"] = got["year"] == truth["year"]
    out["signed_ok"] = signed == truth["signed"]
    # 落款 taken from the statistics sentence: the period's last day read as a signing date.
    out["from_stats"] = signed == f"{truth['year']}-12-31"
    read = [s["key"] for s in got["sections"] if s["key"]]
    if truth["review"]:
        # Only what the cut text holds can be read; the rest must be 需人工核查.
        out["sections_ok"] = (read == truth["sections"][:len(read)]) and bool(got.get("review"))
    else:
        out["sections_ok"] = read == truth["sections"] and not got.get("review")
    total = ok = 0
    for table, rows in truth["cells"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                total += 1
                ok += ((got["tables"].get(table) or {}).get(row) or {}).get(col, "missing") == value
    for name, value in truth["figures"].items():
        total += 1
        ok += (got["figures"].get(name) or {}).get("value") == value
    if truth["review"]:
        total = ok = 0   # a cut document is not scored on what it does not hold
    out["cells"], out["cells_ok"] = total, ok
    expected = set(truth["problems"])
    out["false"] = [p["check"] for p in got["problems"]
                    if p["check"] not in expected or (truth["review"] and p["check"] == INCOMPLETE)]
    found = {p["check"] for p in got["problems"]}
    out["missed"] = sorted(expected - found)
    # Findings beyond one per planted defect (one per placeholder left for residue).
    planted = {c: (len(truth["placeholders"]) if c == "annual-report.residue" else 1) for c in expected}
    out["extra"] = sum(max(0, sum(1 for p in got["problems"] if p["check"] == c) - n)
                       for c, n in planted.items())
    placeholders = {p.get("text") for p in got["problems"] if p["check"] == "annual-report.residue"}
    out["missed"] += [w for w in truth["placeholders"] if w not in placeholders]
    out["deadline_ok"] = got["deadline"] == truth["deadline"]
    out["incomplete_on_truncated"] = truth["review"] and INCOMPLETE in found
    return out


def measure(seed: int = 15) -> list[dict]:
    return [judge(c) for c in cases(seed)]


def summary(results: list[dict]) -> dict:
    by: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        by[r["cls"]].append(r)
    rows = {}
    for cls, rs in list(by.items()) + [("全部", results)]:
        rows[cls] = {
            "n": len(rs),
            "template": sum(r["template_ok"] for r in rs),
            "year": sum(r["year_ok"] for r in rs),
            "signed": sum(r["signed_ok"] for r in rs),
            "from_stats": sum(r["from_stats"] for r in rs),
            "sections": sum(r["sections_ok"] for r in rs),
            "cells": sum(r["cells"] for r in rs),
            "cells_ok": sum(r["cells_ok"] for r in rs),
            "false": sum(len(r["false"]) for r in rs),
            "missed": sum(len(r.get("missed", [])) for r in rs),
            "extra": sum(r.get("extra", 0) for r in rs),
            "incomplete_truncated": sum(bool(r.get("incomplete_on_truncated")) for r in rs),
            "deadline": sum(bool(r.get("deadline_ok")) for r in rs),
        }
    return rows


def measure_pages(seed: int = 15) -> dict:
    """{layout: (fields right, fields expected, pages)} over bench/documents_pages.py."""
    from bench.documents_pages import judge, pages

    out: dict = {}
    for page in pages(seed):
        right, total = judge(page)
        r, t, n = out.get(page.layout, (0, 0, 0))
        out[page.layout] = (r + right, t + total, n + 1)
    return out


def _pct(a: int, b: int) -> str:
    return "—" if not b else f"{a}/{b}（{a / b:.0%}）"


def markdown(rows: dict, when: dt.datetime | None = None, page_rows: dict | None = None) -> str:
    when = when or dt.datetime.now(dt.timezone.utc)
    machine = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    out = [START, "", "## Documents: annual reports (issue 15)", "",
           f"Measured {when:%Y-%m-%d %H:%M} UTC on {machine} with "
           "`.venv/bin/python -m bench.documents_measure` over the project's own corpus "
           "(bench/documents_corpus.py: every class below for the pre-2019, 〔2019〕60号 and "
           "〔2021〕30号 formats and several years each, as PDF text with broken lines, DOCX and HTML).",
           "",
           "| class | docs | template right | year right | 落款 right | 落款 from 统计期限 | sections right "
           "| figures right | false accusations | defects missed | extra findings per defect "
           "| incomplete on truncated | deadline right |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for cls, r in rows.items():
        out.append(f"| {cls} | {r['n']} | {_pct(r['template'], r['n'])} | {_pct(r['year'], r['n'])} "
                   f"| {_pct(r['signed'], r['n'])} | {r['from_stats']} | {_pct(r['sections'], r['n'])} "
                   f"| {_pct(r['cells_ok'], r['cells'])} | {r['false']} | {r['missed']} | {r['extra']} "
                   f"| {r['incomplete_truncated']} | {_pct(r['deadline'], r['n'])} |")
    out += ["", "Figures are table cells (tables 二, 三, 四) of 2019+ reports and the prose figures "
            "(依申请, 行政许可, 行政处罚) of old-format reports; a truncated document is not scored on "
            "figures it does not hold, and its sections count as right when what it holds is read "
            "and the result is 需人工核查. A false accusation is any problem the document does not "
            "have; an extra finding is a second finding for one defect (twelve for one blank 总计 "
            "column). The deadline is right when a report read without its unit's kind is given "
            "the county's 31 March, never the departments' 31 January.", "",
            "The corpus is written by the project that writes the analyser: these numbers say "
            "the shapes it holds are read, not that every real report is. The same corpus on the "
            "analyser before issue 15 (commit 78f0b9e) gave: template right 171/176, year right "
            "152/176, sections right 147/176, figures right 21888/21993, 15 placeholders missed, 落款 right "
            "113/176 (30 taken from the 统计期限 sentence), 65 false accusations, 15 `incomplete` "
            "on truncated documents, 63 extra findings for single defects, 39 deadlines of the "
            "departments given to reports of unknown kind.", "",
            *_pages_table(page_rows or {}),
            "Parsers are fuzzed with mangled pages and documents (stray closing tags, truncated "
            "bytes, mixed encodings, nested forms, damaged zips and PDFs): "
            "`tests/test_fuzz_documents.py` runs 400 cases in the suite; "
            "`.venv/bin/python -m bench.documents_fuzz --cases 200000` is the larger run "
            "(no exception allowed, and 需人工核查 where nothing could be read).", "", END]
    return "\n".join(out)


def _pages_table(page_rows: dict) -> list[str]:
    if not page_rows:
        return []
    out = ["### Article pages", "",
           "One article's metadata (索引号, 发布机构, 成文日期, 文号, 发布日期, 来源) in each layout "
           "(bench/documents_pages.py), half of the pages with a stray `</html>` before the body; "
           "fields read right by `extract_article`. Before issue 15 (78f0b9e) the same pages gave "
           "77/300.", "", "| layout | pages | fields right |", "|---|---|---|"]
    for layout, (right, total, n) in page_rows.items():
        out.append(f"| {layout} | {n} | {_pct(right, total)} |")
    right = sum(r for r, _, _ in page_rows.values())
    total = sum(t for _, t, _ in page_rows.values())
    out += [f"| 全部 | {sum(n for _, _, n in page_rows.values())} | {_pct(right, total)} |", ""]
    return out


def write(section: str, path: Path = DOC) -> None:
    """Replace the documents section between its markers, or append it; nothing else changes."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Accuracy\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--out", type=Path, default=DOC)
    args = parser.parse_args(argv)
    results = measure(args.seed)
    section = markdown(summary(results), page_rows=measure_pages(args.seed))
    print(section)
    for r in results:
        if r["false"] or r.get("missed") or not (r["template_ok"] and r["year_ok"] and r["signed_ok"]
                                                  and r["sections_ok"] and r["cells_ok"] == r["cells"]):
            print("  ", r["id"], {k: v for k, v in r.items() if k not in ("id",)}, file=sys.stderr)
    if not args.no_write:
        write(section, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
