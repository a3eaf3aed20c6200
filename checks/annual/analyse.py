"""Analyse one annual report (政府信息公开工作年度报告): year, format, dating, sections, tables,
figures and the problems the report shows on its own.

`analyse(text, tables)` works on plain text and grid tables, `analyse_document(doc)` on a
`crawler.documents.Document`. The result is a JSON-ready dict (stored as the `summary` of an
`analyses` row and printed by `govaudit analyze`).
"""

from __future__ import annotations

import datetime as dt
import re

from checks.annual import figures as figures_mod
from checks.annual import problems, tables as tables_mod, text as t
from checks.annual.data import fmt, template_for_year

# Header words of the 60号 table 二 that never occur in prose (政府集中采购 can).
TEXT_OUTDATED = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量"]
GOVERNMENT = re.compile(r"(人民政府|县|区|市|旗|乡|镇|街道办事处|政府办公室)$")


def classify_section(heading: str) -> str | None:
    for key, spec in fmt()["sections"].items():
        if any(word in heading for word in spec["match"]):
            return key
    return None


def unit_kind_of(name: str) -> str:
    """county (a people's government, whose deadline is 31 March) or department."""
    return "county" if GOVERNMENT.search(name or "") else "department"


def deadline(year: int, template: str, unit_kind: str) -> dt.date:
    if template == "old":
        md = fmt()["templates"]["old"]["deadline"]
    else:
        md = "01-31" if unit_kind == "department" else "03-31"
    month, day = (int(x) for x in md.split("-"))
    return dt.date(year + 1, month, day)


def detect_template(year: int | None, found: tables_mod.Tables, flat_text: str,
                    section_keys: set[str]) -> str:
    """The format the document is written in (not the one it should use)."""
    current = found.markers.get("current") or [w for w in fmt()["current_markers"] if w in flat_text]
    outdated = found.markers.get("outdated") or [w for w in TEXT_OUTDATED if w in flat_text]
    if current and not outdated:
        return "2021"
    if outdated:
        return "2019"
    new_style = "收到和处理政府信息公开申请" in flat_text or (found.found and "t3" in found.found)
    if new_style:
        return "2021" if (year or 0) >= 2021 else "2019"
    return "old"


def analyse(text: str, tables=None, *, title_hint: str | None = None, year: int | None = None,
            unit_kind: str | None = None) -> dict:
    """Everything found in one report. `tables` None means "not known" (text-only source):
    absent tables are then not reported as missing. `year`: the year the report should cover
    (a different title year is residue); `unit_kind`: county | department | town."""
    all_lines = t.lines(text)
    flat_text = t.flat(t.normalise(text))
    title = t.find_title(all_lines, title_hint)
    stats_year = t.statistics_year(flat_text)
    report_year = title.year or stats_year or year
    preamble, sections = t.split_sections(all_lines)
    for s in sections:
        s.key = classify_section(s.heading)
    # Without the document's tables, read them from the text (rows printed as lines).
    found = tables_mod.parse(tables) if tables is not None else tables_mod.parse_text(text)
    keys = {s.key for s in sections if s.key}
    template = detect_template(report_year, found, flat_text, keys)
    expected = template_for_year(report_year) or template

    parts = [("", t.flat("".join(preamble)))] + [(s.numeral, t.flat(s.text)) for s in sections]
    figs, where = figures_mod.find(parts)
    _table_figures(found, figs, where)
    covered = {}
    for key, figure in (("fees", "fees"), ("review", "review")):
        if key not in keys and figure in where:
            covered[key] = where[figure]

    signed = t.signature_date(all_lines)
    signer = t.signature_unit(all_lines)
    # The subject the document's own heading names (not the portal's title for it).
    heading_unit = t.find_title(all_lines).unit
    unit_name = title.unit or signer
    kind = unit_kind or unit_kind_of(signer or unit_name)
    due = deadline(report_year, expected, kind) if report_year else None
    lead = re.match(r"(\d{4})年", t.flat(sections[0].text)) if sections else None

    report = {
        "title": title.text,
        "unit_name": unit_name,
        "heading_unit": heading_unit,
        "signed_by": signer,
        "year": report_year,
        "template": template,
        "template_label": fmt()["templates"][template]["label"],
        "expected_template": expected,
        "signed": signed.isoformat() if signed else None,
        "deadline": due.isoformat() if due else None,
        "on_time": (signed <= due) if (signed and due) else None,
        "sections": [{"numeral": s.numeral, "heading": s.heading, "key": s.key,
                      "chars": len(t.flat(s.text))} for s in sections],
        "covered_in": covered,
        "missing_sections": [k for k in fmt()["required_sections"][expected]
                             if k not in keys and k not in covered],
        "tables": found.as_json(),
        "tables_found": found.found,
        "figures": figs,
        "figures_in": where,
        "problems": [],
    }
    if expected != "old":  # pre-2019 reports are classified, never flagged (catalog §C3)
        report["problems"] = (
            problems.incomplete(report, tables is not None)
            + problems.inconsistent(report)
            + problems.outdated(report, [], found.markers)
            + problems.residue(report, flat_text, stats_year, int(lead.group(1)) if lead else None, year))
    return report


def _table_figures(found: tables_mod.Tables, figs: dict, where: dict) -> None:
    """Figures from the tables take precedence over prose."""
    spec = fmt()["table2"]["decisions_column"]
    for label, name in (("行政许可", "licences"), ("行政处罚", "penalties")):
        row = found.t2.get(label) or {}
        for col in spec.values():
            if row.get(col) is not None:
                figs[name] = {"value": row[col], "approx": False, "unit": "件", "text": f"表二{label}"}
                where[name] = "表二"
                break
    total = (found.t3.get("一") or {}).get("总计")
    if total is not None:
        figs["applications"] = {"value": total, "approx": False, "unit": "件", "text": "表三本年新收"}
        where["applications"] = "表三"
    if found.t4:
        blocks = list(found.t4.values())
        figs["review"] = {"reconsideration": blocks[0].get("总计"),
                          "litigation": sum((b.get("总计") or 0) for b in blocks[1:]), "text": "表四"}
        where["review"] = "表四"


def analyse_document(doc, **kw) -> dict:
    """`analyse` on a crawler.documents.Document; a document that could not be read gives
    only its status (未能核验), never problems."""
    if not doc.readable:
        return {"status": doc.status, "note": doc.note, "problems": []}
    # HTML and DOCX tables are structural; a PDF's are found by layout, so a PDF without any
    # is "not known" rather than evidence of absent tables.
    has_tables = doc.kind in ("html", "docx") or bool(doc.tables)
    report = analyse(doc.text, doc.tables if has_tables else None, **kw)
    report["status"] = doc.status
    report["kind"] = doc.kind
    return report
