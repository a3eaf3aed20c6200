"""The replica's planning state and its primitives: seeded RNGs, columns, items, attachments.

A `Planner` holds everything the replica is made of while it is planned (units, columns, the
defect recorder, document-id counters) and the small operations every planning step uses to add
to it. The steps themselves live in their own modules (trees, plant, annual_plan, budget_plan,
interaction, homepage); generator.py runs them in a fixed order. Planning draws every random
number from per-unit seeded RNGs, so adding units never perturbs existing ones; rendering
(templates.py) is pure.
"""
import datetime as dt
import random
from contextlib import contextmanager
from typing import Optional

from . import content, declared, defects, names
from .model import Attachment, Column, Item, Unit

# (newest age range, gap range) in days for clean columns of each freshness class: the
# newest item always sits well inside the window so clean columns are never borderline (fill()
# keeps it within half the declared window should a window ever be shortened).
PROFILE = {"dynamic": ((1, 7), (2, 6)), "notice-policy": ((3, 60), (7, 40)),
           "personnel-plans": ((10, 150), (30, 150)), None: ((5, 300), (20, 200))}
# Share of items with an attachment, per theme (else per category).
ATTACH = {"budget": 1.0, "statistics": 0.5, "procurement": 0.4, "policy": 0.25,
          "snhnzj": 0.5, "bzxzf": 0.5, "shjz": 0.3, "fees": 1.0}
# 主题分类 shown in an article's metadata block, per category.
SUBJECTS = {"policy": "综合政务", "budget": "财政、金融、审计", "statistics": "统计",
            "news": "综合政务", "personnel": "人事、监察", "license": "其他",
            "penalty": "其他", "annual-report": "政府信息公开年报"}


def stale_age(freshness: str) -> int:
    """How old (days before the audit date) a planted stale column's newest item is at least."""
    return declared.window_days(freshness) + defects.STALE_OVERSHOOT[freshness]


class Planner:
    """The plan of one replica portal, built up by the planning steps."""

    def __init__(self, seed, size, as_of, stale_homepage, scale):
        self.seed, self.size, self.as_of = seed, size, as_of
        self.stale_homepage = stale_homepage
        self.scale = scale               # items per column multiplier (1 small, 4 large)
        self.docid = 3300000
        self.serials: dict = {}
        self.units: list[Unit] = []
        self.columns: list[Column] = []
        self.county: Optional[Unit] = None
        self.homepage: Optional[Column] = None
        self.notice_block: list[Item] = []
        self.defects = defects.Recorder()
        self.fullwidth_used = False
        self.fixed = False
        self.budget_columns: list = []  # (unit, column) of departments' 财政预决算 columns
        self.unanswered_letter = False
        self.no_channel = False
        self.zmhd: Optional[Column] = None  # the county 政民互动 column (None: no channel)
        self.fd: Optional[Column] = None    # the 法定主动公开内容 container of the unit in hand
        self.reports: list = []          # (column, item, year, format) of every annual report
        self.report_manifest: list = []  # what each report's document holds (manifest)

    def rng(self, *parts) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *parts))))

    # ---- columns -----------------------------------------------------------------------
    def column(self, unit, parent, slug, name, category=None, theme=None, n=0, *, role="column",
               rng=None, stale=False, template=None, date_fmt=None, per_page=None, base_path=None,
               crumbs=None) -> Column:
        """Add a column (template: ul_new | ul_old | table | script) and fill it with n items."""
        path = (parent.path if parent else (base_path or unit.path)) + slug + "/"
        level = parent.level + 1 if parent else 1
        if crumbs is None:
            crumbs = (parent.crumbs + [(parent.name, parent.path)]) if parent else self.unit_crumbs(unit)
        rng = rng or self.rng(unit.slug, slug)
        col = Column(unit=unit, name=name, path=path, role=role, category=category, level=level,
                     parent=parent, theme=theme or category or "", crumbs=crumbs)
        col.template = template or rng.choices(["ul_new", "ul_old", "table"], [5, 3, 2])[0]
        col.date_fmt = date_fmt or rng.choices(["iso", "bracket", "slash", "dot", "cn"], [12, 2, 2, 2, 2])[0]
        col.per_page = per_page or rng.choice([15, 18, 20])
        (parent.children if parent else unit.columns).append(col)
        self.columns.append(col)
        if role == "column" and n:
            self.fill(col, n, rng, stale)
        return col

    def container(self, unit, parent, slug, name, **kw) -> Column:
        return self.column(unit, parent, slug, name, None, role="container", **kw)

    def unit_crumbs(self, unit) -> list:
        base = [("首页", "/"), ("政府信息公开", names.PLATFORM)]
        if unit.kind == "department":
            base.append(("部门信息公开", names.PLATFORM + "bmxxgk/"))
        elif unit.kind == "town":
            base.append(("乡镇信息公开", names.PLATFORM + "xzxxgk/"))
        if unit.kind != "county":
            base.append((unit.name, unit.path))
        return base

    def side_column(self, *args, **kw) -> Column:
        """A column the fixed variant adds: its items draw document ids from a separate range
        so that no other article changes its URL between the variants."""
        with self.docids(defects.FIXED_DOCID_BASE + len(self.columns)):
            return self.column(*args, **kw)

    def repaired(self, slug: str, key: str) -> bool:
        """True when the fixed variant repaired this unit's planted defect `key`."""
        return self.fixed and defects.FIXED_REPAIRS.get(slug) == key

    def sister(self, unit, slug: str) -> Unit:
        """The department `slug` (another one when the size left it out): the unit whose
        document a planted copy-paste fault takes its name from."""
        others = [x for x in self.units if x.kind == "department" and x is not unit]
        return next((x for x in others if x.slug == slug), others[0])

    # ---- items -------------------------------------------------------------------------
    def fill(self, col: Column, n: int, rng: random.Random, stale: bool = False):
        """n items, newest first. The newest lies well inside the window of the column's
        freshness class (categories.yaml, windows from the pack), or with `stale` well past it
        (a planted column.stale)."""
        cls = declared.freshness_class(col.category)
        (lo, hi), (glo, ghi) = PROFILE[cls]
        if col.unit.kind == "county" and cls == "dynamic":
            lo, hi = 1, 3
        if cls:
            hi = min(hi, declared.window_days(cls) // 2)
            lo = min(lo, hi)
        age = stale_age(cls) + rng.randint(0, 10) if stale else rng.randint(lo, hi)
        day = self.as_of - dt.timedelta(days=age)
        for k in range(n):
            self.item(col, day, k, rng)
            day -= dt.timedelta(days=rng.randint(glo, ghi))

    @contextmanager
    def docids(self, base: int):
        """Items added inside take document ids from `base` on: a planting step with its own
        id range leaves every other article's URL (and 索引号) as it was."""
        saved, self.docid = self.docid, base
        try:
            yield
        finally:
            self.docid = saved

    def next_docid(self) -> int:
        self.docid += 1
        return self.docid

    def index_no(self, unit: Unit, year: int) -> str:
        key = (unit.code, year)
        self.serials[key] = self.serials.get(key, 0) + 1
        return f"{unit.code}/{year}-{self.serials[key]:05d}"

    def item(self, col: Column, day: dt.date, k: int, rng: random.Random, title: str = None,
             paragraphs: list = None) -> Item:
        unit, theme = col.unit, col.theme
        docid = self.next_docid()
        pub = dt.datetime(day.year, day.month, day.day, rng.randint(8, 18), rng.randint(0, 59))
        title = title or content.title(theme, unit.name, unit.short, day, rng, k)
        written = day - dt.timedelta(days=rng.randint(0, 6)) if col.category in ("policy", "notices", "plans") else day
        doc_no = ""
        if col.category == "policy" and theme != "gwywj":
            doc_no = f"示{unit.abbr}{'办' if rng.random() < 0.3 else ''}发〔{day.year}〕{rng.randint(1, 120)}号"
        lay = self.rng(unit.slug, "layout")
        it = Item(title=title, path=f"{col.path}{day:%Y%m}/t{day:%Y%m%d}_{docid}.html", docid=docid,
                  pub=pub, list_date=day, written=written if rng.random() < 0.9 else None,
                  index_no=self.index_no(unit, day.year),
                  publisher="" if rng.random() < 0.08 else unit.name, doc_no=doc_no, theme=theme,
                  subject=SUBJECTS.get(col.category, "综合政务"), valid="有效" if doc_no else "",
                  layout=lay.randint(0, 2), info=lay.randint(0, 1))
        it.paragraphs = paragraphs or content.paragraphs(theme, unit.name, title, rng)
        if rng.random() < ATTACH.get(theme, ATTACH.get(col.category, 0.0)):
            kind = "xlsx" if theme in ("budget", "statistics", "snhnzj", "shjz", "fees") and rng.random() < 0.7 else "pdf"
            self.attach(it, day, kind, rng)
        col.items.append(it)
        return it

    def attach(self, it: Item, day: dt.date, kind: str, rng, served=True) -> Attachment:
        folder = it.path.rsplit("/", 1)[0]
        name = f"P0{day:%Y%m%d}{rng.randint(10**11, 10**12 - 1)}.{kind}"
        a = Attachment(path=f"{folder}/{name}", kind=kind, served=served, seed=it.docid,
                       label=f"{len(it.attachments) + 1}.{it.title[:18]}.{kind}")
        it.attachments.append(a)
        return a

    def planted_attachment(self, it: Item, kind: str, variant: str) -> Attachment:
        """An attachment with planted content; its file name takes a serial from the docs range
        instead of a random draw, so every other page of the replica stays byte-identical."""
        serial = defects.DOCS_DOCID_BASE + sum(
            1 for c in self.columns for i in c.items for a in i.attachments if a.variant)
        folder = it.path.rsplit("/", 1)[0]
        a = Attachment(path=f"{folder}/W0{it.pub:%Y%m%d}{serial}.{kind}", kind=kind,
                       seed=it.docid, variant=variant,
                       label=f"{len(it.attachments) + 1}.{it.title[:18]}.{kind}")
        it.attachments.append(a)
        return a
