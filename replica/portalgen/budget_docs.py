"""What a generated department's 部门预算 / 部门决算 disclosure says (财预〔2016〕143号): its
explanations, its tables and its 三公经费 statement, in one of the forms real portals publish
them in, and the content defects planted in it.

Forms (drawn per disclosure from this module's own random stream, `portalgen:<seed>:budgetdocs`,
so no earlier planting of a seed moves):

* `article`: the explanations and every table in the article itself (a caption line above each
  table, as TRS editors paste them);
* `xlsx`: the explanations in the article, the tables in a workbook attachment (a sheet per
  table, the sheet named after it);
* `docx`: a short article pointing to a Word attachment holding everything.

A combined item (`XX2026年部门预算和2025年部门决算`) carries both disclosures, one after the other.
The wording and the tables are the built-in replica's (replica/budget.py `Disclosure`).

Planted defects, each on one disclosure of the latest due year (from the declaring rule's
`budget_due` / `final_accounts_due` thresholds, found through `replica_defect`), never on a
combined item (its other half would answer for it), at most one per item:

* `missing_table`: one required table left out (the 三公 table stays: its absence is another
  question);
* `sangong_unexplained`: the 三公 amounts given without a word on their change;
* `narrative_missing`: one to three of the explanations (职责及机构设置, 收支增减变化, 机关运行经费,
  政府采购, 名词解释) left out.

As clean look-alikes, a disclosure of an earlier year (before the required one) may lack a table
or an explanation: it must not be reported.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from html import escape

from replica import budget as replica_budget
from replica.attachments import _pin_zip, FIXED, tables_xlsx_bytes

from .model import Item, Portal

FORMS = ("article", "xlsx", "docx")
# The numbered paragraphs of a replica Disclosure that give each explanation.
TOPICS = {"duties": "一、", "changes": "二、", "operating": "四、", "procurement": "五、",
          "glossary": "六、"}
CONTENT_DEFECTS = ("missing_table", "sangong_unexplained", "narrative_missing")


def _due_years(as_of: dt.date, defect: str) -> dict[str, int]:
    """The latest due year of each disclosure kind under the thresholds of the rule declaring
    `defect`."""
    from .extra import _month_day, _thresholds

    t = _thresholds(defect)
    out = {}
    for kind, key, lag in (("budget", "budget_due", 0), ("final-accounts", "final_accounts_due", 1)):
        year = as_of.year
        while _month_day(year + lag, t[key]) >= as_of:
            year -= 1
        out[kind] = year
    return out


def part(kind: str, year: int) -> dict:
    """One disclosure an item carries, complete until a defect is planted in it."""
    return {"kind": kind, "year": year, "skip": [], "explained": True, "omit": []}


class BudgetDocs:
    def __init__(self, planner):
        self.planner = planner
        self.p: Portal = planner.portal
        self.rng = random.Random(f"portalgen:{self.p.seed}:budgetdocs")

    def items(self, listed: bool = True) -> list[tuple]:
        """(column, item) of every disclosure, of the units the index lists (`listed`) or all."""
        return [(col, item) for u in self.p.units if u.listed or not listed
                for col in u.all_columns() for item in col.items if item.budget]

    def fill(self) -> None:
        for _, item in self.items(listed=False):
            item.budget["form"] = self.rng.choice(FORMS)
            item.budget["caption"] = self.rng.randrange(3)

    def plant(self) -> None:
        rng, planner = self.rng, self.planner
        taken: set[int] = set()
        for defect in CONTENT_DEFECTS:
            if rng.random() < 0.45:
                continue
            due = _due_years(self.p.as_of, defect)
            cands = [(c, i) for c, i in self.items() if i.docid not in taken and i.served
                     and len(i.budget["parts"]) == 1
                     and i.budget["parts"][0]["year"] == due[i.budget["parts"][0]["kind"]]]
            if not cands:
                continue
            col, item = rng.choice(cands)
            taken.add(item.docid)
            d = item.budget["parts"][0]
            detail = self.flaw(defect, d)
            planner.record(defect, col.unit, "budget", col, item, detail)
            self.p.defects[-1]["evidence"] = {"disclosure": d["kind"], "year": d["year"]}
        # Look-alikes: an older disclosure (not judged) with a gap.
        for defect in ("missing_table", "narrative_missing"):
            due = _due_years(self.p.as_of, defect)
            old = [(c, i) for c, i in self.items() if i.docid not in taken
                   and len(i.budget["parts"]) == 1
                   and i.budget["parts"][0]["year"] < due[i.budget["parts"][0]["kind"]]]
            if old and rng.random() < 0.3:
                _, item = rng.choice(old)
                taken.add(item.docid)
                self.flaw(defect, item.budget["parts"][0])

    def flaw(self, defect: str, d: dict) -> str:
        rng = self.rng
        if defect == "missing_table":
            names = (replica_budget.BUDGET_TABLES if d["kind"] == "budget"
                     else replica_budget.FINAL_TABLES)
            d["skip"] = [rng.choice([n for n in names if "三公" not in n])]
            return f"{d['year']} {d['kind']} without {d['skip'][0]}"
        if defect == "sangong_unexplained":
            d["explained"] = False
            return f"{d['year']} {d['kind']}: 三公 amounts without the explanation of their change"
        d["omit"] = rng.sample(sorted(TOPICS), rng.randint(1, 3))
        return f"{d['year']} {d['kind']} without the {', '.join(d['omit'])} explanations"


def content(unit_name: str, item: Item) -> tuple[list[str], list[tuple]]:
    """(paragraphs, (title, rows) tables) of every disclosure `item` carries."""
    paras, tables = [], []
    for n, d in enumerate(item.budget["parts"]):
        rng = random.Random(f"budgetdoc:{item.docid}:{n}")
        disc = replica_budget.Disclosure(unit_name, d["kind"], d["year"], rng,
                                         skip=tuple(d["skip"]), explained=d["explained"])
        drop = tuple(TOPICS[k] for k in d["omit"])
        paras += [t for t in disc.paragraphs if not t.startswith(drop)]
        tables += disc.tables
    return paras, tables


def caption(n: int, name: str, style: int) -> str:
    return [f"表{n} {name}", name, f"附表{n}：{name}"][style]


def tables_html(tables: list[tuple], style: int) -> str:
    out = []
    for n, (name, rows) in enumerate(tables, 1):
        head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                       for row in rows[1:])
        note = f"<p>{escape(replica_budget.EMPTY_NOTE)}</p>" if len(rows) == 1 else ""
        out.append(f'<p style="text-align:center;"><strong>{escape(caption(n, name, style))}'
                   f'</strong></p><p style="text-align:right;">单位：万元</p>'
                   f'<table border="1"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
                   f"</table>{note}")
    return "".join(out)


def docx_bytes(title: str, paras: list[str], tables: list[tuple], style: int) -> bytes:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = "govaudit portalgen"
    props.created = props.modified = FIXED.replace(tzinfo=None)
    props.revision = 1
    document.add_paragraph(title)
    for text in paras:
        document.add_paragraph(text)
    for n, (name, rows) in enumerate(tables, 1):
        document.add_paragraph(caption(n, name, style))
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        if len(rows) == 1:
            document.add_paragraph(replica_budget.EMPTY_NOTE)
    raw = io.BytesIO()
    document.save(raw)
    return _pin_zip(raw.getvalue())


MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render(unit_name: str, item: Item) -> tuple[str, tuple[str, bytes, str] | None]:
    """The article body's HTML and its attachment (path, bytes, content type), if any."""
    paras, tables = content(unit_name, item)
    form, style = item.budget["form"], item.budget["caption"]
    text = "".join(f"<p>{escape(t)}</p>" for t in paras)
    if form == "article":
        return text + tables_html(tables, style), None
    folder = item.path.rsplit("/", 1)[0]
    path = f"{folder}/W020{item.date:%Y%m%d}{item.docid % 100000:05d}.{form}"
    name = f"{item.title}.{form}"
    link = f'<p class="attach">附件：<a href="{escape(path, quote=True)}">{escape(name)}</a></p>'
    if form == "xlsx":
        return text + link, (path, tables_xlsx_bytes(tables), MIME["xlsx"])
    lead = f"<p>现将{escape(item.title)}予以公开，具体内容详见附件。</p>"
    return lead + link, (path, docx_bytes(item.title, paras, tables, style), MIME["docx"])
