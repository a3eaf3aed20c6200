"""Plan one small county portal from a seed: units, their columns and items, where everything
lives (from the layout axes) and which defects are planted.

Duties come from the declarations, not from the auditor's code (data.py): required columns per
unit kind from `ground/data/requirements.yaml`, freshness windows from the rule pack's
`column.stale` thresholds and the freshness class of each category in
`ground/data/categories.yaml`, report deadlines from the pack's `annual-report.missing`
thresholds. Column *names* come from this package's own `data/names.yaml`. Planted dates stay far from every borderline: a clean list's
newest item is at most a quarter of its window old, a stale one at least twice its window.
"""

from __future__ import annotations

import datetime as dt
import random

from replica import declared
from replica.defects import resident_id

from . import addresses
from .axes import layout as draw_layout
from .budget_docs import BudgetDocs
from .documents import Documents
from .extra import Extra
from .reports import Reports
from .interpretation import Interpretations
from .data import PER_PAGE, deadline, due_report, duties, names  # noqa: F401 - re-exported
from .model import Column, Item, Portal, Unit

# The defects a generated portal plants (the built-in replica's names, replica/defects.py); which
# rule each makes fire is declared in the rule pack (`replica_defect`).
DEFECTS = ("missing_category", "empty_column", "placeholder_column", "stale", "report_missing",
           "report_late", "dead_article", "dead_attachment", "privacy",
           # extra.py: article dates, budget disclosures, guides, the homepage
           "late_items", "missing_final_accounts", "no-fax", "old-reply", "stale_homepage",
           # budget_docs.py: what a department's 预决算 disclosure says
           "missing_table", "sangong_unexplained", "narrative_missing",
           # interpretation.py: 规范性文件 and their 政策解读
           "uninterpreted", "interpretation_holiday",
           # documents.py: a slip in a high-risk term, an attachment nothing reads
           "serious_error", "legacy_doc",
           # reports.py: what an annual report says
           "missing-section", "old-template", "placeholder")
# Categories a statutory container holds are all but these (the platform's fixed entries).
PLATFORM_ENTRIES = ("guide", "rules", "annual-report", "on-request")
OPTIONAL = {"department": ("rules", "on-request", "news", "notices", "plans"),
            "town": ("rules", "on-request", "news", "policy", "notices")}


class Planner:
    def __init__(self, seed: int, as_of: dt.date, overrides: dict | None = None):
        self.rng = random.Random(f"portalgen:{seed}:plan")
        self.as_of = as_of
        lay = draw_layout(seed, overrides)
        county = self.rng.choice(names()["counties"])
        self.portal = Portal(seed, as_of, lay, county, county + "人民政府")
        self.next_col = 3000 + self.rng.randrange(0, 900, 100)
        self.next_doc = 1000000 + seed * 10000

    # -- structure ------------------------------------------------------------------------------

    def plan(self) -> Portal:
        p, rng = self.portal, self.rng
        county = Unit(p.site_name, "county", "county")
        depts = rng.sample(names()["departments"], rng.randint(3, 5))
        towns = rng.sample(names()["towns"], 2)
        p.units = [county]
        for name, slug in depts:
            p.units.append(Unit(p.county + name, "department", slug))
        for name, slug in towns:
            full_name = name + ("人民政府" if rng.random() < 0.3 and not name.endswith("街道") else "")
            p.units.append(Unit(full_name, "town", slug))
        if rng.random() < 0.3:  # a department the index forgets (linked from the homepage only)
            name, slug = next(d for d in names()["departments"] if d not in depts)
            p.units.append(Unit(p.county + name, "department", slug, listed=False))
        addresses.place_units(p, rng)
        for unit in p.units:
            self.columns_of(unit)
        addresses.place_columns(p)
        for unit in p.units:
            for col in unit.all_columns():
                self.fill(col)
        used = self.plant()
        extra = Extra(self)  # its own random stream: the plantings above stay as they were
        extra.fill()
        extra.dates()
        extra.plant(used)
        docs = BudgetDocs(self)  # its own random stream as well
        docs.fill()
        docs.plant()
        Interpretations(self).fill(used)
        Documents(self).plant(used)
        Reports(self).plant()
        addresses.place_items(p)
        return p

    def column_name(self, category: str) -> str:
        variants = names()["columns"][category]["names"]
        if self.portal.layout["column_names"] == "standard":
            return variants[0]
        return self.rng.choice(variants)

    def new_column(self, unit: Unit, category: str | None, name: str, slug: str,
                   role: str = "column") -> Column:
        self.next_col += 1
        return Column(self.next_col, name, category, slug, unit, role)

    def columns_of(self, unit: Unit) -> None:
        required = duties()["required"][unit.kind]
        cats = list(required)
        for extra in OPTIONAL.get(unit.kind, ()):
            if extra not in cats and self.rng.random() < 0.5:
                cats.append(extra)
        order = list(names()["columns"])
        cats.sort(key=order.index)
        statutory = self.portal.layout["container"] == "statutory"
        container = None
        for cat in cats:
            col = self.new_column(unit, cat, self.column_name(cat), names()["columns"][cat]["slug"])
            if statutory and cat not in PLATFORM_ENTRIES:
                if container is None:
                    label = (names()["statutory"][0]
                             if self.portal.layout["column_names"] == "standard"
                             else self.rng.choice(names()["statutory"]))
                    container = self.new_column(unit, None, label, "fdzdgknr", role="container")
                    unit.columns.insert(min(2, len(unit.columns)), container)
                col.parent = container
                container.children.append(col)
            else:
                unit.columns.append(col)

    # -- content --------------------------------------------------------------------------------

    def doc(self, title: str, date: dt.date) -> Item:
        self.next_doc += self.rng.randint(1, 9)
        return Item(self.next_doc, title, date)

    def fill(self, col: Column) -> None:
        if col.role != "column":
            return
        unit, rng, cat = col.unit, self.rng, col.category
        if cat == "annual-report":
            year, due = due_report(unit.kind, self.as_of)
            for y in (year, year - 1, year - 2):
                day = deadline(unit.kind, y) - dt.timedelta(days=rng.randint(8, 40))
                col.items.append(self.doc(f"{unit.name}{y}年政府信息公开工作年度报告", day))
            return
        count = {"guide": 1, "on-request": 1, "rules": rng.randint(1, 2),
                 "org": rng.randint(1, 2)}.get(cat)
        if count is None:
            count = rng.randint(4, 8) if cat == "policy" else rng.randint(1, 4 if unit.kind ==
                                                                             "county" else 6)
        window = duties()["windows"].get(cat)
        age = rng.randint(1, max(2, window // 4)) if window else rng.randint(3, 300)
        day = self.as_of - dt.timedelta(days=age)
        for n in range(count):
            col.items.append(self.doc(self.title(unit, col, n), day))
            day -= dt.timedelta(days=rng.randint(3, 40))

    def title(self, unit: Unit, col: Column, n: int) -> str:
        subject = self.rng.choice(names()["subjects"])
        short = unit.name.removeprefix(self.portal.county) or unit.name
        forms = {
            "guide": f"{unit.name}政府信息公开指南",
            "rules": f"{short}政府信息公开工作制度（第{n + 1}版）",
            "on-request": f"{unit.name}依申请公开办理流程",
            "org": [f"{short}主要职责", f"{short}内设机构及联系方式"][n % 2],
            "news": f"{short}召开{subject}工作推进会",
            "budget": f"{short}{subject}专项资金使用情况说明",
        }
        text = forms.get(col.category) or self.rng.choice(
            [f"关于做好{subject}工作的通知", f"{subject}实施方案", f"关于印发{subject}工作要点的通知",
             f"{subject}情况公示", f"关于{subject}有关事项的公告"])
        return f"{text}（{col.id % 1000}-{n + 1}）" if col.category not in ("guide", "on-request") \
            else text

    # -- defects --------------------------------------------------------------------------------

    def record(self, defect: str, unit: Unit, category=None, column: Column | None = None,
               url=None, detail: str = "") -> None:
        """Record a planted defect (a DEFECTS name) with the rule the pack declares for it."""
        d = self.portal.defects
        d.append({"id": f"D{len(d) + 1:03d}", "rule": declared.rule_of(defect),
                  "defect": defect, "unit": unit.name,
                  "category": category, "column": column, "url": url, "detail": detail})

    def plant(self) -> set[int]:
        """Plant the list and column defects; the ids of the columns carrying one."""
        rng, units = self.rng, [u for u in self.portal.units if u.listed]
        used: set[int] = set()   # columns already carrying a defect
        broken_units: set[tuple[str, str]] = set()

        def columns(pred):
            return [c for u in units for c in u.all_columns()
                    if c.role == "column" and c.id not in used and pred(c)]

        for _ in range(rng.randint(1, 2)):  # column.missing: a required column left out
            unit = rng.choice(units)
            cands = [c for c in unit.all_columns() if c.role == "column" and c.id not in used
                     and c.category in duties()["required"][unit.kind]
                     and (unit.name, c.category) not in broken_units]
            if not cands:
                continue
            col = rng.choice(cands)
            (col.parent.children if col.parent else unit.columns).remove(col)
            used.add(col.id)
            broken_units.add((unit.name, col.category))
            self.record("missing_category", unit, col.category, detail=f"no {col.name} column")
        for _ in range(rng.randint(0, 2)):  # column.empty
            cands = columns(lambda c: c.category != "annual-report")
            if cands:
                col = rng.choice(cands)
                col.items, col.placeholder = [], rng.random() < 0.5
                used.add(col.id)
                self.record("placeholder_column" if col.placeholder else "empty_column",
                            col.unit, col.category, col,
                            detail="placeholder 暂无信息" if col.placeholder else "zero items")
        for _ in range(rng.randint(1, 2)):  # column.stale
            cands = columns(lambda c: c.category in duties()["windows"] and c.items)
            if cands:
                col = rng.choice(cands)
                window = duties()["windows"][col.category]
                shift = dt.timedelta(days=2 * window + rng.randint(10, 60))
                newest = max(i.date for i in col.items)
                shift -= self.as_of - newest
                for item in col.items:
                    item.date -= shift
                used.add(col.id)
                self.record("stale", col.unit, col.category, col,
                            detail=f"newest {max(i.date for i in col.items)}")
        reports = columns(lambda c: c.category == "annual-report")
        rng.shuffle(reports)
        kinds = rng.choice([("missing",), ("late",), ("missing", "late")])
        if self.as_of - max(due_report(k, self.as_of)[1] for k in ("county", "department",
                                                                   "town")) < dt.timedelta(70):
            kinds = ("missing",)  # too soon after a deadline for a late report far from it
        for kind, col in zip(kinds, reports):
            year, due = due_report(col.unit.kind, self.as_of)
            used.add(col.id)
            if kind == "missing":
                col.items = [i for i in col.items if f"{year}年" not in i.title]
                self.record("report_missing", col.unit, "annual-report", col,
                            detail=f"no report for {year}")
            else:
                item = next(i for i in col.items if f"{year}年" in i.title)
                item.date = due + dt.timedelta(days=rng.randint(20, 60))
                self.record("report_late", col.unit, "annual-report", col, item,
                            detail=f"{year} report published {item.date}, due {due}")
        for _ in range(rng.randint(1, 2)):  # link.broken: an article or an attachment 404s
            cands = columns(lambda c: len(c.items) >= 2 and c.category != "annual-report")
            if not cands:
                continue
            col = rng.choice(cands)
            used.add(col.id)
            item = rng.choice(col.items[1:])  # never the newest: freshness stays as planned
            if rng.random() < 0.5:
                item.served = False
                self.record("dead_article", col.unit, col.category, col, item, "article 404")
            else:
                item.attachment, item.attachment_served = "pending", False
                self.record("dead_attachment", col.unit, col.category, col, ("attachment", item),
                            "attachment 404")
        if rng.random() < 0.7:  # privacy.exposed
            cands = columns(lambda c: c.items and c.category not in ("annual-report", "guide"))
            if cands:
                col = rng.choice(cands)
                used.add(col.id)
                item = rng.choice(col.items)
                birth = f"19{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                item.exposed_id = resident_id("640422", birth, f"{rng.randint(100, 999)}")
                self.record("privacy", col.unit, col.category, col, item,
                            "unmasked resident ID in the article")
        # Clean look-alikes: a masked ID and a working attachment elsewhere.
        clean = columns(lambda c: len(c.items) >= 1 and c.category != "annual-report")
        for col in rng.sample(clean, min(3, len(clean))):
            item = col.items[0]
            if item.exposed_id is None:
                item.masked_id = "640422********" + f"{rng.randint(100, 999)}X"
            if len(col.items) > 1 and col.items[-1].attachment is None:
                col.items[-1].attachment = "pending"
        return used


def plan(seed: int, as_of: dt.date, overrides: dict | None = None) -> Portal:
    return Planner(seed, as_of, overrides).plan()
