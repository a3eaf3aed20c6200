"""Analyse one annual report (政府信息公开工作年度报告): year, format, dating, sections, tables,
figures and the problems the report shows on its own.

`analyse(text, tables)` works on plain text and grid tables, `analyse_document(doc)` on a
`crawler.documents.Document`. The result is a JSON-ready dict (stored as the `summary` of an
`analyses` row and printed by `govaudit analyze`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from checks.annual import coverage, figures as figures_mod
from checks.annual import problems, tables as tables_mod, text as t
from ground.annual_format import fmt, template_for_year

# Header words of the 60号 table 二 that never occur in prose (政府集中采购 can).
TEXT_OUTDATED = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量"]
UNKNOWN = "unknown"
LATE_RULE = "annual-report.late"


def classify_section(heading: str) -> str | None:
    for key, spec in fmt()["sections"].items():
        if any(word in heading for word in spec["match"]):
            return key
    return None


@lru_cache(maxsize=1)
def _deadlines() -> dict:
    """month-day deadlines per unit kind, as the rule pack declares them for
    annual-report.late (one declaration: the analyser and the rule never disagree). The pack
    as read once per process (its YAML is ≈ 0.3 CPU-s to parse again)."""
    from checks.pack import default_pack

    meta = default_pack().meta(LATE_RULE)
    return {name: th.value for name, th in meta.thresholds.items()}


def deadline(year: int, template: str, unit_kind: str | None) -> dt.date:
    """The publication deadline of a report of `year`. An unknown kind gets the latest one
    the law allows (the county's 31 March): never accuse earlier than the law does."""
    values = _deadlines()
    if year < int(values.get("reform_first_year", 2019)):
        md = values.get("deadline_before_reform", fmt()["templates"]["old"]["deadline"])
    else:
        md = values.get(f"deadline_{unit_kind}") or values.get("deadline_county", "03-31")
    month, day = (int(x) for x in str(md).split("-"))
    return dt.date(year + 1, month, day)


def detect_template(year: int | None, found: tables_mod.Tables, flat_text: str,
                    section_keys: set[str], headings: list[str] | None = None) -> tuple[str, list[dict]]:
    """The format the document is written in (not the one it should use), and the signals
    that decided it: tables (the strongest: table 二's column heads), the format document the
    report cites, the section headings, the report year."""
    signals: list[dict] = []
    current = found.markers.get("current") or [w for w in fmt()["current_markers"] if w in flat_text]
    outdated = found.markers.get("outdated") or [w for w in TEXT_OUTDATED if w in flat_text]
    cited = t.cited_format(flat_text)
    if cited:
        signals.append({"signal": "cited", "value": cited,
                        "text": "国办公开办函〔2021〕30号" if cited == "2021" else "国办公开办函〔2019〕60号"})
    if current:
        signals.append({"signal": "table", "value": "2021", "words": current})
    if outdated:
        signals.append({"signal": "table", "value": "2019", "words": outdated})
    heads = "".join(headings or [])
    new_style = ("收到和处理政府信息公开申请" in flat_text or "t3" in found.found
                 or "收到和处理" in heads)
    old_style = [w for w in fmt().get("old_headings", []) if w in heads]
    if new_style:
        signals.append({"signal": "headings", "value": "2019+", "words": ["收到和处理政府信息公开申请"]})
    elif old_style:
        signals.append({"signal": "headings", "value": "old", "words": old_style})
    by_year = template_for_year(year)
    if year:
        signals.append({"signal": "year", "value": by_year, "year": year})
    if current and not outdated:
        return "2021", signals
    if outdated and not current:
        return "2019", signals
    if current and outdated:  # both heads seen (a mixed table): the cited format, else the year's
        return (cited or ("2021" if (year or 0) >= 2021 else "2019")), signals
    if cited:
        return cited, signals
    if new_style:
        return ("2021" if (year or 0) >= 2021 else "2019"), signals
    if old_style or by_year in (None, "old"):
        return "old", signals
    # Nothing but the year: a 2019-or-later report whose tables did not survive extraction.
    return by_year, signals


def analyse(text: str, tables=None, *, title_hint: str | None = None, year: int | None = None,
            unit_kind: str | None = None, pages: tuple[int, int] | None = None,
            note: str = "") -> dict:
    """Everything found in one report. `tables` None means "not known" (text-only source):
    absent tables are then not reported as missing. `year`: the year the report should cover
    (a different title year is residue); `unit_kind`: county | department | town, None when
    not known (then "unknown", judged by the latest deadline). `pages`: (pages with text,
    pages) when the source is paged; `note`: the reader's note on a partial read."""
    all_lines = t.lines(text)
    flat_text = t.flat(t.normalise(text))
    title = t.find_title(all_lines, title_hint)
    stats_year = t.statistics_year(flat_text)
    preamble, sections = t.split_sections(all_lines)
    for s in sections:
        s.key = classify_section(s.heading)
    lead_year = t.body_year([t.flat(s.text) for s in sections[:1]] or [t.flat("".join(preamble))])
    report_year = title.year or stats_year or lead_year or year
    year_from = ("title" if title.year else "statistics-period" if stats_year
                 else "body" if lead_year else "given" if year else None)
    # Without the document's tables, read them from the text (rows printed as lines).
    found = tables_mod.parse(tables) if tables is not None else tables_mod.parse_text(text)
    keys = {s.key for s in sections if s.key}
    template, signals = detect_template(report_year, found, flat_text, keys,
                                        [s.heading for s in sections])
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
    kind = unit_kind or UNKNOWN
    due = deadline(report_year, expected, kind) if report_year else None
    lead = re.match(r"(\d{4})年", t.flat(sections[0].text)) if sections else None
    head = t.flat("".join(preamble) + (sections[0].text[:300] if sections else ""))
    covers = coverage.measure(fmt()["required_sections"][expected],
                              [s.key for s in sections if s.key], covered,
                              coverage.announced_sections(head), signed is not None, pages, note,
                              {"found": found.found, "expected": [] if expected == "old" else ["t2", "t3", "t4"],
                               "known": tables is not None})

    report = {
        "title": title.text,
        "unit_name": unit_name,
        "heading_unit": heading_unit,
        "signed_by": signer,
        "year": report_year,
        "year_from": year_from,
        "template": template,
        "template_label": fmt()["templates"][template]["label"],
        "template_signals": signals,
        "expected_template": expected,
        "unit_kind": kind,
        "signed": signed.isoformat() if signed else None,
        "deadline": due.isoformat() if due else None,
        "on_time": (signed <= due) if (signed and due) else None,
        "sections": [{"numeral": s.numeral, "heading": s.heading, "key": s.key,
                      "chars": len(t.flat(s.text))} for s in sections],
        "covered_in": covered,
        "missing_sections": [k for k in fmt()["required_sections"][expected]
                             if k not in keys and k not in covered],
        "coverage": covers,
        "review": covers["reasons"],
        "tables": found.as_json(),
        "tables_found": found.found,
        "figures": figs,
        "figures_in": where,
        "problems": [],
    }
    if expected != "old":  # pre-2019 reports are classified, never flagged (catalog §C3)
        # A report not read in full cannot show a part missing: 需人工核查, never incomplete.
        own = problems.incomplete(report, tables is not None) if covers["complete"] else []
        report["problems"] = (
            own
            + _read_through(problems.inconsistent(report), report, sections, covers["complete"])
            + problems.outdated(report, [], found.markers)
            + problems.residue(report, flat_text, stats_year, int(lead.group(1)) if lead else None, year))
    return report


def _read_through(found: list[dict], report: dict, sections, complete: bool) -> list[dict]:
    """Problems of tables read to their end: in a report cut short, the table of the last
    section read may be cut too (its last rows missing or half read), so its sums say nothing."""
    if complete or not sections:
        return found
    cut = problems.SECTION_TABLE.get(sections[-1].key)
    if cut is None and report["tables_found"]:
        cut = sorted(report["tables_found"])[-1]
    return [p for p in found if not any(c["table"] == cut for c in p.get("cells", []))]


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
    # The reader's note says when part of the file gave no text (pages without text, pages
    # beyond the limit): coverage then forbids judging absent parts.
    report = analyse(doc.text, doc.tables if has_tables else None,
                     note=kw.pop("note", doc.note), **kw)
    report["status"] = doc.status
    report["kind"] = doc.kind
    return report

