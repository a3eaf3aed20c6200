"""Annual reports (政府信息公开工作年度报告) in the replica plan: where and when each is listed,
and, once the whole site is planned, what each report's document holds.

Listing happens while the trees are built (`annual_reports`); the documents are written last
(`annual_contents`) because table 二 must count the 双公示 records the unit actually published.
The document faults of defects.ANNUAL_DEFECTS go into each unit's latest report.
"""
import datetime as dt

from . import annual_reports as reports
from . import content, dates, defects
from .model import Attachment, Column


def annual_reports(p, col: Column, years: list, rng, late_year=None, on_deadline_year=None):
    """List one HTML report per year in `col`, before its deadline unless planted late."""
    unit = col.unit
    for year in sorted(years, reverse=True):
        deadline = dates.report_deadline(year, unit.kind)
        if year == late_year:
            # The boundary case: the day after the deadline (2月1日 for a department).
            day = deadline + dt.timedelta(days=1)
        else:
            day = deadline - dt.timedelta(days=rng.randint(3, 40))  # drawn always: same stream
            if year == on_deadline_year:
                day = deadline  # published on the deadline itself: on time, must stay clean
        title = f"{unit.name}{year}年政府信息公开工作年度报告"
        it = p.item(col, day, 0, rng, title=title,
                    paragraphs=content.annual_report_paragraphs(unit.name, year))
        it.subject = "政府信息公开年报"
        p.reports.append((col, it, year, "html"))


def older_county_reports(p):
    """County reports of earlier years in the other formats: the 2007-条例 format as a PDF
    and the 60号 format as a DOCX attachment (own document-id range)."""
    col = next(c for c in p.columns if c.unit is p.county and c.category == "annual-report")
    rng = p.rng("county", "older-reports")
    with p.docids(defects.ANNUAL_DOCID_BASE):
        for year, kind in sorted(defects.ANNUAL_OLDER_YEARS.items(), reverse=True):
            if kind == "pdf" and reports.cjk_font() is None:
                kind = "html"  # no font with Chinese glyphs here: publish it as a web page
            day = dates.report_deadline(year, "county") - dt.timedelta(days=rng.randint(20, 60))
            title = f"{p.county.name}{year}年政府信息公开工作年度报告"
            it = p.item(col, day, 0, rng, title=title, paragraphs=[f"现将{title}予以公开，详见附件。"])
            it.attachments = []
            it.subject = "政府信息公开年报"
            p.reports.append((col, it, year, kind))


def published_records(p) -> dict:
    """(id(unit), category, year) -> how many 双公示 records the unit published that year."""
    records: dict = {}
    for c in p.columns:
        if c.category in ("license", "penalty"):
            for i in c.items:
                key = (id(c.unit), c.category, i.effective_date.year)
                records[key] = records.get(key, 0) + 1
    return records


def _detail(defect: str, year: int, reported: int, licences: int, it, rep, author, unit) -> str:
    """The manifest's description of a planted report fault."""
    return {"missing-section": "section 存在的主要问题及改进情况 left out",
            "broken-identity": "table 三 自然人: 一+二 != 三(七)+四 (一 raised by 3)",
            "old-template": f"{year} report uses the 60号 table 二",
            "copied": f"text of the {year - 1} report reused",
            "placeholder": "XXXX年 and （单位名称） left in",
            "shuanggongshi": f"table 二 行政许可 {reported}, site published {licences} in {year}",
            "signed-late": f"listed {it.pub.date().isoformat()} (on time) but its 落款 is "
                           f"{rep.signed.isoformat()}, after the deadline",
            "wrong-unit": f"{author.name}'s report (its 落款) on {unit.name}'s column",
            }[defect]


def annual_contents(p):
    """Write every annual report once the site is planned: table 二 counts follow the
    unit's published 双公示 records; planted defects go into each unit's latest report."""
    records = published_records(p)
    done: dict = {}
    for col, it, year, kind in sorted(p.reports, key=lambda r: (r[0].unit.path, r[2])):
        unit = col.unit
        rng = p.rng(unit.slug, "annual-report", year)
        licences = records.get((id(unit), "license", year), 0)
        penalties = records.get((id(unit), "penalty", year), 0)
        latest = year == dates.latest_due_year(p.as_of, unit.kind)
        defect = defects.ANNUAL_DEFECTS.get(unit.slug) if latest and kind == "html" else None
        previous = done.get((unit.path, year - 1))
        if defect == "copied" and previous is None:
            defect = None
        reported = licences + rng.randint(0, 4)
        if defect == "shuanggongshi":
            if licences >= 3:
                reported = licences - 3
            else:
                defect = None
        # wrong-unit: a sister department's report, published on this unit's column.
        author = p.sister(unit, defects.WRONG_UNIT_SOURCE) if defect == "wrong-unit" else unit
        rep = reports.build(author.name, unit.kind, year, rng, licences=reported,
                            penalties=penalties + rng.randint(0, 3), defect=defect,
                            previous=previous)
        done[(unit.path, year)] = rep
        doc_path = it.path
        if kind == "html":
            it.paragraphs = []
            it.body_html = lambda r=rep: reports.html(r)
        else:
            body = (lambda r=rep: reports.pdf_bytes(r)) if kind == "pdf" else \
                (lambda r=rep: reports.docx_bytes(r))
            folder = it.path.rsplit("/", 1)[0]
            a = Attachment(path=f"{folder}/P0{it.pub:%Y%m%d}{it.docid}.{kind}", kind=kind,
                           label=f"1.{it.title}.{kind}", seed=it.docid, body=body)
            it.attachments.append(a)
            doc_path = a.path
        if defect:
            p.defects.add(defect, unit.name, "annual-report", col.path, it.path,
                          _detail(defect, year, reported, licences, it, rep, author, unit))
        p.report_manifest.append({
            "unit": unit.name, "year": year, "path": it.path, "document": doc_path,
            "format": kind, "template": rep.template, "defect": defect,
            "signed": rep.signed.isoformat(), "cells": rep.cells, "figures": rep.figures,
            "published": {"license": licences, "penalty": penalties}})
