"""The text of a generated portal's 政府信息公开工作年度报告: the built-in replica's report
(replica/annual_reports.py: six sections and tables 二–四 in the template its year asks for, or
the planted fault), shown in the article or as a Word attachment behind a short article.

Planted defects (the rule from the pack's `replica_defect`), each on one report, at most one per
report, on units the index lists:

* `missing-section`: section 五 (存在的主要问题及改进情况) left out;
* `old-template`: a report of 2021 or later with the 60号 (2019) table 二;
* `placeholder`: `XXXX年` and `（单位名称）` left in the overview.

The 行政许可 / 行政处罚 counts of table 二 are far above what any generated column lists, so the
双公示 comparison never fires on a clean report. Draws come from this module's own random stream
(`portalgen:<seed>:reports`) so no earlier planting of a seed moves.
"""

from __future__ import annotations

import random
import re

from replica import annual_reports

from .model import Item, Portal

DEFECTS = ("missing-section", "old-template", "placeholder")
YEAR = re.compile(r"(\d{4})年政府信息公开工作年度报告")


class Reports:
    def __init__(self, planner):
        self.planner = planner
        self.p: Portal = planner.portal
        self.rng = random.Random(f"portalgen:{self.p.seed}:reports")

    def plant(self) -> None:
        rng = self.rng
        reports = []
        for u in self.p.units:
            for c in u.all_columns():
                if c.category != "annual-report" or c.role != "column":
                    continue
                for item in c.items:
                    year = YEAR.search(item.title)
                    if year:
                        item.report = {"year": int(year.group(1)), "kind": u.kind, "defect": None,
                                       "form": rng.choice(("article", "docx"))}
                        reports.append((c, item))
        for defect in DEFECTS:
            cands = [(c, i) for c, i in reports if c.unit.listed and i.served
                     and i.report["defect"] is None
                     and (defect != "old-template" or i.report["year"] >= 2021)]
            if not cands or rng.random() < 0.6:
                continue
            col, item = rng.choice(cands)
            item.report["defect"] = defect
            self.planner.record(defect, col.unit, "annual-report", col, item,
                                f"{item.report['year']} report: {annual_reports.DEFECTS[defect]}")


def render(unit_name: str, item: Item) -> tuple[str, tuple[str, bytes, str] | None]:
    """The article body's HTML and its attachment (path, bytes, content type), if any."""
    from html import escape

    r = item.report
    rng = random.Random(f"report:{item.docid}")
    rep = annual_reports.build(unit_name, r["kind"], r["year"], rng,
                               licences=rng.randint(300, 900), penalties=rng.randint(300, 900),
                               defect=r["defect"])
    if r["form"] == "article":
        return "".join(annual_reports.html(rep)), None
    folder = item.path.rsplit("/", 1)[0]
    path = f"{folder}/W020{item.date:%Y%m%d}{item.docid % 100000:05d}.docx"
    ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return (f"<p>现将{escape(item.title)}予以公开，全文详见附件。</p>"
            f'<p class="attach">附件：<a href="{escape(path, quote=True)}">'
            f"{escape(item.title)}.docx</a></p>"), (path, docx_bytes(rep), ctype)


def docx_bytes(rep) -> bytes:
    """The report as a Word file, written as the built-in replica writes it."""
    return annual_reports.docx_bytes(rep, author="govaudit portalgen")
