"""Plan the replica portal: units, column trees, items and defects, then register pages.

`build_site()` is the public entry. Planning draws every random number (per-unit seeded
RNGs, so adding units never perturbs existing ones); rendering (templates.py) is pure.
"""
import datetime as dt
import random
from typing import Optional, Union

from . import annual_reports, budget, content, dates, defects, names
from .model import Attachment, Column, Item, Message, Site, Unit

# Freshness class of the categories that have one (mirrors categories.yaml by meaning).
FRESHNESS = {"news": "dynamic", "notices": "notice-policy", "policy": "notice-policy",
             "plans": "personnel-plans", "personnel": "personnel-plans"}
# (newest age range, gap range) in days for clean columns of each freshness class: the
# newest item always sits well inside the window so clean columns are never borderline.
PROFILE = {"dynamic": ((1, 7), (2, 6)), "notice-policy": ((3, 60), (7, 40)),
           "personnel-plans": ((10, 150), (30, 150)), None: ((5, 300), (20, 200))}
ATTACH = {"budget": 1.0, "statistics": 0.5, "procurement": 0.4, "policy": 0.25,
          "snhnzj": 0.5, "bzxzf": 0.5, "shjz": 0.3, "fees": 1.0}
SUBJECTS = {"policy": "综合政务", "budget": "财政、金融、审计", "statistics": "统计",
            "news": "综合政务", "personnel": "人事、监察", "license": "其他",
            "penalty": "其他", "annual-report": "政府信息公开年报"}

SIZES = {"small": (20, 12, 1), "large": (420, 180, 4)}


def build_site(seed: int = 7, size: Union[str, int] = "small",
               as_of: Optional[dt.date] = None, stale_homepage: bool = False,
               fixed: bool = False, unanswered_letter: bool = False,
               no_channel: bool = False) -> Site:
    """Generate the replica. Same seed, size and as_of give byte-identical pages. `fixed`: the
    variant after 整改 (some planted defects repaired, one new one; see defects.FIXED_*).
    `unanswered_letter`: a 县长信箱 letter left unanswered for over 3 months (a WS-V5 veto, a
    switch like `stale_homepage` so the default portal stays 合格). `no_channel`: a portal that
    never set up a consultation channel: no 政民互动 column and no link to one anywhere
    (interaction.no-channel, a WS-V5 veto; it overrides `unanswered_letter`)."""
    from .render import register_pages  # late import: render depends on the plan types

    as_of = as_of or dt.date.today()
    plan = Planner(seed, size, as_of, stale_homepage)
    plan.fixed = fixed
    plan.unanswered_letter = unanswered_letter
    plan.no_channel = no_channel
    plan.build()
    pages = register_pages(plan)
    return Site(pages=pages, manifest=plan.manifest(), units=plan.units)


def _unit_counts(size):
    if isinstance(size, str) and size.isdigit():
        size = int(size)
    if isinstance(size, int):
        depts = max(1, round(size * 0.65))
        return depts, max(0, size - depts), 1 if size <= 60 else 4
    return SIZES[size]


def _cycle(base: list, n: int) -> list:
    """Repeat the fictional name list for big benchmark sizes (第2片区…) keeping keys unique."""
    out = []
    for i in range(n):
        slug, name, abbr = base[i % len(base)]
        k = i // len(base)
        if k:
            slug, name = f"{slug}{k + 1}", name.replace(names.COUNTY, f"{names.COUNTY}第{k + 1}片区")
        out.append((slug, name, abbr))
    return out


class Planner:
    def __init__(self, seed, size, as_of, stale_homepage):
        self.seed, self.size, self.as_of = seed, size, as_of
        self.stale_homepage = stale_homepage
        self.n_depts, self.n_towns, self.scale = _unit_counts(size)
        self.docid = 3300000
        self.serials: dict = {}
        self.units: list[Unit] = []
        self.columns: list[Column] = []
        self.homepage: Optional[Column] = None
        self.notice_block: list[Item] = []
        self.defects = defects.Recorder()
        self.fullwidth_used = False
        self.fixed = False
        self.budget_columns: list = []  # (unit, column) of departments' 财政预决算 columns
        self.unanswered_letter = False
        self.no_channel = False
        self.reports: list = []          # (column, item, year) of every annual report
        self.report_manifest: list = []  # what each report's document holds (manifest)

    # ---- units -------------------------------------------------------------------------
    def build(self):
        county = Unit(key=names.PLATFORM, name=names.SITE_NAME, kind="county", path=names.PLATFORM,
                      short=names.COUNTY, abbr="政", code=f"{names.AREA_CODE}001", slug="county")
        self.units.append(county)
        self.county = county
        self._county_tree(county)
        for i, (slug, name, abbr) in enumerate(_cycle(names.DEPARTMENTS, self.n_depts)):
            u = Unit(key=f"{names.PLATFORM}bmxxgk/{slug}/", name=name, kind="department",
                     path=f"{names.PLATFORM}bmxxgk/{slug}/", short=name.replace(names.COUNTY, "县", 1),
                     abbr=abbr, code=f"{names.AREA_CODE}{i + 2:03d}" if i < 98 else f"{names.AREA_CODE}{i + 2}",
                     slug=slug)
            self.units.append(u)
            self._department_tree(u)
        for i, (slug, name, abbr) in enumerate(_cycle(names.TOWNS, self.n_towns)):
            u = Unit(key=f"{names.PLATFORM}xzxxgk/{slug}/", name=name, kind="town",
                     path=f"{names.PLATFORM}xzxxgk/{slug}/", short=name.replace("人民政府", ""),
                     abbr=abbr, code=f"{names.AREA_CODE}{i + 101}", slug=slug)
            self.units.append(u)
            self._town_tree(u)
        self._late_items()
        self._platform_columns()
        self._guides()
        self._serious_error()
        self._messages()
        self._interpretations()
        self._budget_disclosures()
        self._older_county_reports()
        self._annual_contents()
        self._homepage()

    def rng(self, *parts) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *parts))))

    # ---- columns -----------------------------------------------------------------------
    def column(self, unit, parent, slug, name, category=None, theme=None, n=0, *, role="column",
               rng=None, stale=None, template=None, date_fmt=None, per_page=None, base_path=None,
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

    # ---- items -------------------------------------------------------------------------
    def fill(self, col: Column, n: int, rng: random.Random, stale: Optional[str] = None):
        cls = FRESHNESS.get(col.category)
        (lo, hi), (glo, ghi) = PROFILE[cls]
        if col.unit.kind == "county" and cls == "dynamic":
            lo, hi = 1, 3
        age = defects.STALE_AGE[stale] + rng.randint(0, 10) if stale else rng.randint(lo, hi)
        day = self.as_of - dt.timedelta(days=age)
        for k in range(n):
            self.item(col, day, k, rng)
            day -= dt.timedelta(days=rng.randint(glo, ghi))

    def repaired(self, slug: str, key: str) -> bool:
        """True when the fixed variant repaired this unit's planted defect `key`."""
        return self.fixed and defects.FIXED_REPAIRS.get(slug) == key

    def side_column(self, *args, **kw) -> Column:
        """A column the fixed variant adds: its items draw document ids from a separate range
        so that no other article changes its URL between the variants."""
        saved, self.docid = self.docid, defects.FIXED_DOCID_BASE + len(self.columns)
        try:
            return self.column(*args, **kw)
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

    def annual_reports(self, col: Column, years: list, rng, late_year=None, on_deadline_year=None):
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
            it = self.item(col, day, 0, rng, title=title,
                           paragraphs=content.annual_report_paragraphs(unit.name, year))
            it.subject = "政府信息公开年报"
            self.reports.append((col, it, year, "html"))

    def _older_county_reports(self):
        """County reports of earlier years in the other formats: the 2007-条例 format as a PDF
        and the 60号 format as a DOCX attachment (own document-id range)."""
        col = next(c for c in self.columns if c.unit is self.county and c.category == "annual-report")
        rng = self.rng("county", "older-reports")
        saved, self.docid = self.docid, defects.ANNUAL_DOCID_BASE
        try:
            for year, kind in sorted(defects.ANNUAL_OLDER_YEARS.items(), reverse=True):
                if kind == "pdf" and annual_reports.cjk_font() is None:
                    kind = "html"  # no font with Chinese glyphs here: publish it as a web page
                day = dates.report_deadline(year, "county") - dt.timedelta(days=rng.randint(20, 60))
                title = f"{self.county.name}{year}年政府信息公开工作年度报告"
                it = self.item(col, day, 0, rng, title=title, paragraphs=[f"现将{title}予以公开，详见附件。"])
                it.attachments = []
                it.subject = "政府信息公开年报"
                self.reports.append((col, it, year, kind))
        finally:
            self.docid = saved

    def _published(self, unit: Unit, category: str, year: int) -> int:
        """How many 双公示 records of `category` the unit published in `year`."""
        if not hasattr(self, "_records"):
            self._records: dict = {}
            for c in self.columns:
                if c.category in ("license", "penalty"):
                    for i in c.items:
                        key = (id(c.unit), c.category, i.effective_date.year)
                        self._records[key] = self._records.get(key, 0) + 1
        return self._records.get((id(unit), category, year), 0)

    def _annual_contents(self):
        """Write every annual report once the site is planned: table 二 counts follow the
        unit's published 双公示 records; planted defects go into each unit's latest report."""
        done: dict = {}
        for col, it, year, kind in sorted(self.reports, key=lambda r: (r[0].unit.path, r[2])):
            unit = col.unit
            rng = self.rng(unit.slug, "annual-report", year)
            licences = self._published(unit, "license", year)
            penalties = self._published(unit, "penalty", year)
            latest = year == dates.latest_due_year(self.as_of, unit.kind)
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
            author = self._sister(unit, defects.WRONG_UNIT_SOURCE) if defect == "wrong-unit" else unit
            rep = annual_reports.build(author.name, unit.kind, year, rng, licences=reported,
                                       penalties=penalties + rng.randint(0, 3), defect=defect,
                                       previous=previous)
            done[(unit.path, year)] = rep
            doc_path = it.path
            if kind == "html":
                it.paragraphs = []
                it.body_html = lambda r=rep: annual_reports.html(r)
            else:
                body = (lambda r=rep: annual_reports.pdf_bytes(r)) if kind == "pdf" else \
                    (lambda r=rep: annual_reports.docx_bytes(r))
                folder = it.path.rsplit("/", 1)[0]
                a = Attachment(path=f"{folder}/P0{it.pub:%Y%m%d}{it.docid}.{kind}", kind=kind,
                               label=f"1.{it.title}.{kind}", seed=it.docid, body=body)
                it.attachments.append(a)
                doc_path = a.path
            if defect:
                detail = {"missing-section": "section 存在的主要问题及改进情况 left out",
                          "broken-identity": "table 三 自然人: 一+二 != 三(七)+四 (一 raised by 3)",
                          "old-template": f"{year} report uses the 60号 table 二",
                          "copied": f"text of the {year - 1} report reused",
                          "placeholder": "XXXX年 and （单位名称） left in",
                          "shuanggongshi": f"table 二 行政许可 {reported}, site published {licences} in {year}",
                          "signed-late": f"listed {it.pub.date().isoformat()} (on time) but its 落款 is "
                                         f"{rep.signed.isoformat()}, after the deadline",
                          "wrong-unit": f"{author.name}'s report (its 落款) on {unit.name}'s column",
                          }[defect]
                self.defects.add(annual_reports.DEFECTS[defect], unit.name, "annual-report",
                                 col.path, it.path, detail)
            self.report_manifest.append({
                "unit": unit.name, "year": year, "path": it.path, "document": doc_path,
                "format": kind, "template": rep.template, "defect": defect,
                "signed": rep.signed.isoformat(), "cells": rep.cells, "figures": rep.figures,
                "published": {"license": licences, "penalty": penalties}})

    # ---- trees -------------------------------------------------------------------------
    def _county_tree(self, u: Unit):
        s = self.scale
        home_crumbs = [("首页", "/")]
        xwzx = self.container(u, None, "xwzx", "新闻中心", base_path="/", crumbs=home_crumbs)
        self.column(u, xwzx, "jryw", "今日要闻", "news", n=45 * s, template="ul_new", date_fmt="iso", per_page=20)
        tzgg = self.column(u, xwzx, "tzgg", "通知公告", "notices", n=22 * s, template="ul_old", per_page=15)
        for k in (3, 7):  # undated rows in an otherwise fresh column (portals.md §3.3)
            tzgg.items[k].list_date = None
        self.column(u, None, "zfxxgkzn", "政府信息公开指南", "guide", n=2)
        self.column(u, None, "zfxxgkzd", "政府信息公开制度", "rules", n=4)
        fd = self.container(u, None, "fdzdgknr", "法定主动公开内容")
        self.column(u, fd, "jgzn", "机构职能", "org", n=4)
        zfwj = self.container(u, fd, "zfwj", "政策文件")
        self.column(u, zfwj, "gwywj", "国务院文件", "policy", theme="gwywj", n=6)
        xzfwj = self.column(u, zfwj, "xzfwj", "政府及政府办公室文件", "policy", n=24 * s, template="ul_old", per_page=15)
        for it in xzfwj.items[2::4]:  # the list shows 成文日期 here, not 发布日期
            it.list_date = it.written or it.list_date
        self.column(u, zfwj, "gfxwj", "行政规范性文件", "policy", n=8, template="script", date_fmt="iso")
        self.column(u, fd, "zcjd", "政策解读", "interpretation", n=6, date_fmt="cn")
        self.column(u, fd, "ghjh", "规划计划", "plans", n=5)
        self.column(u, fd, "tjxx", "统计信息", "statistics", n=8)
        self.column(u, fd, "czyjs", "财政预决算和三公经费", "budget", n=10)
        xzxk = self.column(u, fd, "xzxk", "行政许可", "license", n=22 * s, template="table", per_page=20)
        xzxk.items[5].list_date = None
        self.column(u, fd, "xzcf", "行政处罚", "penalty", n=18)
        self.column(u, fd, "qzqd", "权力清单和责任清单", "power-list", n=3)
        self.column(u, fd, "sfxm", "行政事业性收费", "fees", n=2)
        self.column(u, fd, "zfcg", "政府采购", "procurement", n=8)
        self.column(u, fd, "zdjsxm", "重大建设项目", "major-projects", n=5)
        zdly = self.container(u, fd, "zdly", "重点领域")
        self.column(u, zdly, "snhnzj", "涉农惠农资金", "key-areas", theme="snhnzj", n=6)
        self.column(u, zdly, "bzxzf", "保障性住房", "key-areas", theme="bzxzf", n=5)
        self.column(u, zdly, "shjz", "社会救助", "key-areas", theme="shjz", n=6)
        self.column(u, fd, "yjgl", "应急管理", "emergency", n=5)
        self.column(u, fd, "jdjc", "监督检查", "supervision", n=6)
        self.column(u, fd, "rsxx", "人事信息", "personnel", n=6)
        nb = self.column(u, None, "zfxxgknb", "政府信息公开年报", "annual-report", rng=self.rng("county", "nb"))
        y = dates.latest_due_year(self.as_of, "county")
        self.annual_reports(nb, list(range(y - 4, y + 1)), self.rng("county", "nb"))
        self.column(u, None, "ysqgk", "依申请公开", "on-request", n=2)
        if self.no_channel:
            # No channel at all; the rule judges the whole site (a site-level finding at "/"),
            # and interaction is not a required column, so column.missing stays silent.
            self.zmhd = None
            self.defects.add("interaction.no-channel", u.name, None, None, "/",
                             "no 政民互动 column and no link naming a consultation channel")
        else:
            self.zmhd = self.column(u, None, "zmhd", "政民互动", "interaction",
                                    template="messages", per_page=15)
        self.docid += 6  # the ids its former plain items took: later articles keep their URLs
        self.container(u, None, "bmxxgk", "部门信息公开")
        self.container(u, None, "xzxxgk", "乡镇信息公开")

    def _department_tree(self, u: Unit):
        rng = self.rng(u.slug, "tree")
        d = defects.plan_for(u.slug, self.fixed)
        s = self.scale
        self._unit_core(u, rng, d)
        fd = self.fd
        self.column(u, fd, "jgzn", rng.choice(["机构职能", "机构职责", "领导之窗"]), "org", n=rng.randint(1, 3))
        slug, name = rng.choice([("bmwj", "部门文件"), ("zcwj", "政策文件"), ("gfxwj", "行政规范性文件")])
        self.column(u, fd, slug, name, "policy", n=rng.randint(1, 4) * s)
        if d.get("missing_category") != "budget":
            slug, name = rng.choice([("czyjs", "财政预决算和三公经费"), ("bmyjs", "部门预决算"), ("czyjs", "财政预决算")])
            self.special_column(u, fd, slug, name, "budget", rng.randint(1, 3) * s, d)
        slug, name = rng.choice([("qzqd", "权力清单和责任清单"), ("qzqd", "权责清单")])
        self.special_column(u, fd, slug, name, "power-list", rng.randint(1, 2), d)
        # Optional columns: department-specific ones first, then a random sparse few.
        extras = {
            "jyj": [("gzdt", "工作动态", "news")],
            "fgj": [("ghjh", "规划计划", "plans")],
            "mzj": [("tzgg", "通知公告", "notices"), ("shjz", "社会救助", "key-areas")],
            "zjj": [("bzxzf", "保障性住房", "key-areas")],
            "jtysj": [("tzgg", "通知公告", "notices"), ("xzcf", "行政许可与行政处罚结果", "penalty")],
            "scjgj": [("xzcf", "行政处罚", "penalty"), ("ssjygk", "双随机一公开", "supervision")],
            "tjj": [("tjxx", "统计信息", "statistics")],
            "nyncj": [("snhnzj", "涉农惠农资金", "key-areas")],
            "zrzyj": [("xzcf", "行政许可与行政处罚结果", "penalty")],
            "rsj": [("rsxx", "人事招考", "personnel")],
            "yjglj": [("yjya", "应急预案", "emergency")],
        }.get(u.slug.rstrip("0123456789"), [])
        pool = [("gzdt", "工作动态", "news"), ("tzgg", "通知公告", "notices"), ("zcjd", "政策解读", "interpretation")]
        for spec in pool:
            if len(extras) < 3 and spec[0] not in {e[0] for e in extras} and rng.random() < 0.35:
                extras.append(spec)
        for slug, name, cat in extras:
            theme = slug if slug in ("snhnzj", "bzxzf", "shjz") else cat
            n = {"news": rng.randint(2, 5), "notices": rng.randint(2, 4)}.get(cat, rng.randint(1, 3)) * s
            stale = d["stale"][1] if d.get("stale", (None,))[0] == slug else None
            col = self.column(u, fd, slug, name, cat, theme=theme, n=n, stale=stale)
            if stale:
                self.defects.add("column.stale", u.name, cat, col.path, None,
                                 f"newest item {col.newest_date.isoformat()}, class {stale}")
            self._item_defects(u, col, d, rng)

    def _town_tree(self, u: Unit):
        rng = self.rng(u.slug, "tree")
        d = defects.plan_for(u.slug, self.fixed)
        s = self.scale
        self._unit_core(u, rng, d)
        fd = self.fd
        self.column(u, fd, "jgzn", rng.choice(["乡镇概况", "机构职能"]), "org", n=1)
        slug, name = rng.choice([("czyjs", "财政预决算"), ("cwgk", "财务公开"), ("czxx", "财政信息")])
        self.special_column(u, fd, slug, name, "budget", rng.randint(1, 2) * s, d)
        fmt = "fullwidth" if not self.fullwidth_used else None
        self.fullwidth_used = True
        self.column(u, fd, "xzdt", "乡镇动态", "news", n=rng.randint(2, 4) * s, date_fmt=fmt)
        stale = d["stale"][1] if d.get("stale", (None,))[0] == "tzgg" else None
        col = self.column(u, fd, "tzgg", "公示公告", "notices", n=rng.randint(1, 3) * s, stale=stale)
        if stale:
            self.defects.add("column.stale", u.name, "notices", col.path, None,
                             f"newest item {col.newest_date.isoformat()}, class {stale}")
        self._item_defects(u, col, d, rng)
        if rng.random() < 0.3:
            self.column(u, fd, "snhnzj", "涉农惠农资金", "key-areas", theme="snhnzj", n=rng.randint(1, 2) * s)

    def _unit_core(self, u: Unit, rng, d: dict):
        """指南, 年报 and the 法定主动公开内容 container every sub-site has."""
        if d.get("missing_category") == "guide":
            self.defects.add("column.missing", u.name, "guide", None, None, "no 政府信息公开指南 column")
        elif self.repaired(u.slug, "missing_category"):
            self.side_column(u, None, "zfxxgkzn", "政府信息公开指南", "guide", n=1)
        else:
            self.column(u, None, "zfxxgkzn", "政府信息公开指南", "guide", n=1)
        slug, name = rng.choice([("zfxxgknb", "政府信息公开年报"), ("zfxxgknb", "政府信息公开年报"), ("ndbg", "年度报告")])
        nb = self.column(u, None, slug, name, "annual-report")
        y = dates.latest_due_year(self.as_of, u.kind)
        years = [y - 1, y] if rng.random() < 0.6 else [y - 2, y - 1, y]
        if d.get("report_missing"):
            years.remove(y)
            self.defects.add("annual-report.missing", u.name, "annual-report", nb.path, None,
                             f"no {y} report (deadline {dates.report_deadline(y, u.kind).isoformat()})")
        self.annual_reports(nb, years, rng, late_year=y if d.get("report_late") else None,
                            on_deadline_year=y if d.get("report_on_deadline") else None)
        if d.get("report_late"):
            late = next(i for i in nb.items if f"{y}年" in i.title)
            self.defects.add("annual-report.late", u.name, "annual-report", nb.path, late.path,
                             f"{y} report published {late.pub.date().isoformat()}, deadline "
                             f"{dates.report_deadline(y, u.kind).isoformat()}")
        if d.get("missing_category") == "budget":
            self.defects.add("column.missing", u.name, "budget", None, None, "no 财政预决算 column")
        self.fd = self.container(u, None, "fdzdgknr", "法定主动公开内容")

    def special_column(self, u, fd, slug, name, category, n, d):
        """A required column that may be rendered empty or as a 暂无信息 placeholder."""
        if d.get("empty_column") == category:
            col = self.column(u, fd, slug, name, category)
            self.defects.add("column.empty", u.name, category, col.path, None, "zero items")
        elif d.get("placeholder_column") == category:
            col = self.column(u, fd, slug, name, category)
            col.placeholder = "暂无信息"
            self.defects.add("column.empty", u.name, category, col.path, None, "placeholder 暂无信息")
        elif self.repaired(u.slug, "empty_column") and defects.PLAN[u.slug]["empty_column"] == category:
            if self._disclosing(u, category):
                col = self.side_column(u, fd, slug, name, category)
                self.budget_columns.append((u, col))
            else:
                col = self.side_column(u, fd, slug, name, category, n=n)
        elif self._disclosing(u, category):
            # Filled with real disclosures at the end (_budget_disclosures); the ids the generic
            # items would have taken stay reserved so every later article keeps its URL.
            col = self.column(u, fd, slug, name, category)
            self.docid += n
            self.budget_columns.append((u, col))
        else:
            col = self.column(u, fd, slug, name, category, n=n)
        return col

    @staticmethod
    def _disclosing(u, category) -> bool:
        """Departments publish 部门预决算 (the budget.* rules judge departments only)."""
        return category == "budget" and u.kind == "department"

    def _item_defects(self, u: Unit, col: Column, d: dict, rng):
        slug = col.path.rstrip("/").rsplit("/", 1)[1]
        if not col.items:
            return
        target = col.items[min(1, len(col.items) - 1)]  # never the newest: keep freshness intact
        if d.get("dead_article") == slug:
            target.status = 404
            self.defects.add("link.broken", u.name, col.category, col.path, target.path,
                             "listed article answers 404")
        if d.get("dead_attachment") == slug:
            a = self.attach(target, target.pub.date(), "pdf", rng, served=False)
            # An attachment is not a list item, so the finding carries no column or category.
            self.defects.add("link.broken", u.name, None, None, a.path,
                             f"attachment link answers 404 (linked from {target.path})")
        if d.get("dead_external") == slug:
            target.extra_html.append(
                f'<p>详见政府采购网：<a href="{defects.DEAD_EXTERNAL}">{defects.DEAD_EXTERNAL}</a></p>')
            # A refused connection is no answer from anyone: 未能核验, never a broken link
            # (issue 14; only an HTTP error or a soft 404 is link.broken).
            self.defects.add("audit.unverified", u.name, None, None, defects.DEAD_EXTERNAL,
                             f"external host refuses connections (linked from {target.path})")
        if d.get("privacy") == slug:
            target.title = (f"行政处罚决定书（示{u.abbr}罚〔{target.pub.year}〕{rng.randint(10, 99)}号）"
                            + defects.HOSTILE_TITLE)
            target.extra_html.append(defects.HOSTILE_SCRIPT)
            target.paragraphs = [
                f"当事人：王某某，性别：男，公民身份号码：{defects.EXPOSED_ID}，住址：示例县城关镇。",
                "违法事实：当事人经营超过保质期的食品，违反了《中华人民共和国食品安全法》的规定。",
                "处罚决定：没收违法所得，并处罚款人民币五千元。",
            ]
            self.defects.add("privacy.exposed", u.name, col.category, col.path, target.path,
                             "unmasked resident ID number in a 行政处罚决定书")
        if d.get("masked_id") == slug:
            target.paragraphs.append(f"救助对象：李某某，身份证号：{defects.MASKED_ID}，救助金额：每月620元。")
        if d.get("masked_phone") == slug:
            target.paragraphs.append(f"公示期间如有异议，请联系：赵某某，联系电话：{defects.MASKED_PHONE}。")
        if d.get("roster_exposed") == slug:
            a = self.planted_attachment(target, "xlsx", "roster_exposed")
            self.defects.add("privacy.exposed", u.name, col.category, col.path, a.path,
                             "unmasked mobile and bank card numbers in an XLSX subsidy roster")
        if d.get("roster_masked") == slug:
            self.planted_attachment(target, "docx", "roster_masked")
        if d.get("legacy_doc") == slug:
            self.planted_attachment(target, "doc", "legacy_doc")
            self.defects.add("document.unreadable", u.name, None, None, None,
                             f"legacy Word (.doc) attachment of {target.path}")

    def _late_items(self):
        """disclosure.late: in one department's 行政处罚 column, a decision published on the last
        day of a 7-working-day deadline that spans 国庆 (clean) and its twin published one day
        later (late); in its policy column a document published 45 days after 成文 (late)."""
        unit = next((u for u in self.units if u.slug == defects.LATE_UNIT), None)
        if unit is None:
            return
        cols = [c for c in self.columns if c.unit is unit and c.items]
        penalty = next((c for c in cols if c.category == "penalty"), None)
        policy = next((c for c in cols if c.category == "policy"), None)
        rng = self.rng(unit.slug, "late")
        saved, self.docid = self.docid, defects.LATE_DOCID_BASE
        try:
            cases = [(dt.date.fromisoformat(w), dt.date.fromisoformat(d))
                     for w, d in defects.HOLIDAY_DEADLINES]
            cases = [c for c in cases if c[1] + dt.timedelta(days=1) < self.as_of]
            if penalty and cases:
                written, deadline = cases[-1]
                for day in (deadline, deadline + dt.timedelta(days=1)):
                    title = f"行政处罚决定书（示{unit.abbr}罚〔{day.year}〕{rng.randint(100, 199)}号）"
                    it = self.item(penalty, day, 0, rng, title=title)
                    it.written = written
                    if day > deadline:
                        self.defects.add("disclosure.late", unit.name, "penalty", penalty.path, it.path,
                                         f"written {written}, published {day}: one working day past "
                                         f"the 7-working-day deadline {deadline} that spans 国庆")
            if policy:
                day = self.as_of - dt.timedelta(days=40)
                it = self.item(policy, day, 0, rng)
                it.written = day - dt.timedelta(days=defects.GENERAL_LATE_GAP)
                self.defects.add("disclosure.late", unit.name, "policy", policy.path, it.path,
                                 f"written {it.written}, published {day}: past 20 working days")
        finally:
            self.docid = saved

    def _platform_columns(self):
        """platform.structure: every department and town gets the 政府信息公开制度 and 依申请公开
        sub-columns (the county has its own), except the planted defects.STRUCTURE_MISSING. Added
        after every other item, with their own document-id range, so no other article changes
        its URL or 索引号; shown in the standard order (指南, 制度, 法定主动公开内容, 年报, 依申请公开)."""
        saved, self.docid = self.docid, defects.STRUCTURE_DOCID_BASE
        try:
            for u in self.units:
                if u.kind == "county":
                    continue
                lacking = defects.STRUCTURE_MISSING.get(u.slug)
                for slug, name, category in (("zfxxgkzd", "政府信息公开制度", "rules"),
                                             ("ysqgk", "依申请公开", "on-request")):
                    if category == lacking:
                        self.defects.add("platform.structure", u.name, None, None, u.path,
                                         f"no {name} sub-column")
                        continue
                    col = self.column(u, None, slug, name, category, n=1,
                                      rng=self.rng(u.slug, slug, "platform"))
                    if category == "rules":
                        u.columns.remove(col)
                        guide = next((i for i, c in enumerate(u.columns) if c.category == "guide"), -1)
                        u.columns.insert(guide + 1, col)
        finally:
            self.docid = saved

    def _guides(self):
        """guide.*: every guide article carries a full 条例第十二条 text; the current guide of
        each unit in defects.GUIDE_DEFECTS a faulty one. Draws no random numbers."""
        for col in self.columns:
            if col.category != "guide":
                continue
            variant = defects.GUIDE_DEFECTS.get(col.unit.slug)
            for k, it in enumerate(col.items):
                it.paragraphs = content.guide_paragraphs(col.unit.name, col.unit.code,
                                                         variant if k == 0 else None)
            if variant and col.items:
                rule = "guide.incomplete" if variant == "no-fax" else "guide.outdated"
                self.defects.add(rule, col.unit.name, "guide", col.path, col.items[0].path,
                                 f"current guide: {variant}")

    def _serious_error(self):
        """content.serious-error: one article states the country name wrongly (疑似, for review)."""
        slug, column_slug, sentence = defects.SERIOUS_ERROR
        col = next((c for c in self.columns if c.unit.slug == slug and c.items
                    and c.path.rstrip("/").endswith("/" + column_slug)), None)
        if col is None:
            return
        target = col.items[min(1, len(col.items) - 1)]
        target.paragraphs.append(sentence)
        self.defects.add("content.serious-error", col.unit.name, col.category, col.path,
                         target.path, "中华人民共合国 for 中华人民共和国 (suspected)")

    def _sister(self, unit, slug: str):
        """The department `slug` (another one when the size left it out): the unit whose
        document a planted copy-paste fault takes its name from."""
        others = [x for x in self.units if x.kind == "department" and x is not unit]
        return next((x for x in others if x.slug == slug), others[0])

    def _budget_disclosures(self):
        """budget.*: each department's budgets of the two latest due years and final accounts of
        the two latest due years, published before their due dates, all tables present (empty
        ones with a note) and the 三公经费 split and explained; the planted defects of
        defects.PLAN (`budget_defect`) leave out one of them."""
        departments = [u for u in self.units if u.kind == "department"]
        saved = self.docid
        try:
            for u, col in self.budget_columns:
                d = defects.plan_for(u.slug, self.fixed)
                flaw = d.get("budget_defect")
                rng = self.rng(u.slug, "budget")
                self.docid = defects.BUDGET_DOCID_BASE + departments.index(u) * defects.BUDGET_SLOTS
                by = budget.latest_due_year("budget", self.as_of)
                fy = budget.latest_due_year("final-accounts", self.as_of)
                plan = [("budget", by), ("final-accounts", fy), ("budget", by - 1), ("final-accounts", fy - 1)]
                if flaw == "missing_final_accounts":
                    plan.remove(("final-accounts", fy))
                    self.defects.add("budget.missing", u.name, "budget", col.path, None,
                                     f"no {fy} final accounts (due {budget.due('final-accounts', fy)})")
                for k, (kind, year) in enumerate(plan):
                    skip = (defects.BUDGET_MISSING_TABLE,) if flaw == "missing_table" and k == 0 else ()
                    explained = not (flaw == "sangong_unexplained" and k == 1)
                    # The latest budget of these units is the planted document fault.
                    omit = defects.BUDGET_NARRATIVE_OMITTED if flaw == "narrative_missing" and k == 0 else ()
                    content_year = year - 1 if flaw == "year_mismatch" and k == 0 else year
                    named = (self._sister(u, defects.BUDGET_MISMATCH_SOURCE).name
                             if flaw == "unit_mismatch" and k == 0 else u.name)
                    disclosure = budget.Disclosure(named, kind, content_year, rng, skip=skip,
                                                   explained=explained, omit=omit)
                    day = budget.due(kind, year) - dt.timedelta(days=rng.randint(10, 50))
                    it = self.item(col, day, k, rng, title=budget.title(u.name, kind, year),
                                   paragraphs=disclosure.paragraphs)
                    it.extra_html = disclosure.html()
                    it.attachments = []
                    self.attach(it, day, "xlsx", rng).tables = disclosure.tables
                    if skip:
                        self.defects.add("budget.tables-missing", u.name, "budget", col.path, it.path,
                                         f"{year} budget without {skip[0]}, in the article and its workbook")
                    if not explained:
                        self.defects.add("budget.sangong-incomplete", u.name, "budget", col.path, it.path,
                                         f"{year} final accounts: 三公 amounts without the explanation of their change")
                    if omit:
                        self.defects.add("budget.narrative-incomplete", u.name, "budget", col.path, it.path,
                                         f"{year} budget without the {' and '.join(omit)} explanations")
                    if content_year != year or named != u.name:
                        self.defects.add("budget.mismatch", u.name, "budget", col.path, it.path,
                                         f"listed as its {year} budget, the document is "
                                         f"{named}'s {content_year} budget")
                col.items.sort(key=lambda i: i.pub, reverse=True)
        finally:
            self.docid = saved
    # ---- 政民互动 and 政策解读 ------------------------------------------------------------------
    def _message(self, col, asked: dt.date, rng, status: str, gap: Optional[int],
                 list_shows_reply: bool = True) -> Item:
        unit = rng.choice(self.units[1:] or self.units)
        title, question, reply = content.message(rng, unit.name)
        it = self.item(col, asked, 0, rng, title=title, paragraphs=[question])
        # A letter is not a 政府信息公开 article: no 索引号, 发布机构 or attachments.
        it.written, it.attachments, it.index_no, it.publisher = None, [], "", ""
        replied = asked + dt.timedelta(days=gap) if gap is not None else None
        it.message = Message(asked=it.pub, status=status, question=question, replied=replied,
                             reply_unit=unit.name if replied else "", reply=reply if replied else "",
                             list_shows_reply=list_shows_reply)
        return it

    def _messages(self):
        """The county 县长信箱: letters over the past 14 months, answered within days, one 办理中
        for just under 3 months and one answered slowly (45 days) but answered (both clean); with
        the `unanswered_letter` switch one more left 未回复 for over 3 months
        (interaction.unanswered, a WS-V5 veto)."""
        col = getattr(self, "zmhd", None)
        if col is None:
            return
        rng = self.rng("county", "zmhd", "letters")
        saved, self.docid = self.docid, defects.INTERACTION_DOCID_BASE
        try:
            for k in range(12):
                asked = self.as_of - dt.timedelta(days=6 + 35 * k + rng.randint(0, 20))
                gap = rng.randint(1, 10)
                if asked + dt.timedelta(days=gap) >= self.as_of:
                    self._message(col, asked, rng, "办理中", None)
                else:
                    self._message(col, asked, rng, "已回复", gap)
            pending = dates.months_before(self.as_of, 3) + dt.timedelta(days=defects.PENDING_MARGIN_DAYS)
            self._message(col, pending, rng, "办理中", None)
            age, gap = defects.SLOW_REPLY
            self._message(col, self.as_of - dt.timedelta(days=age), rng, "已回复", gap,
                          list_shows_reply=False)
            if self.unanswered_letter:
                late = self._message(col, self.as_of - dt.timedelta(days=defects.UNANSWERED_AGE),
                                     rng, "未回复", None)
                self.defects.add("interaction.unanswered", self.county.name, "interaction",
                                 col.path, late.path,
                                 f"asked {late.message.asked:%Y-%m-%d}, 未回复 for over 3 months")
        finally:
            self.docid = saved
        col.items.sort(key=lambda i: i.pub, reverse=True)

    def _interpretations(self):
        """政策解读 of every 行政规范性文件 (county and departments), published the same day in the
        county 政策解读 column and linked both ways or one way; one county document has none
        (interpretation.missing); around 国庆 one 解读 comes one working day late
        (interpretation.late) while its twin, 9 calendar days after, is on time; one published
        across an ordinary weekend on the 3rd working day is on time."""
        county_docs = next((c for c in self.columns if c.unit is self.county and "规范性文件" in c.name), None)
        jd = next((c for c in self.columns if c.unit is self.county and c.category == "interpretation"), None)
        if county_docs is None or jd is None or not county_docs.items:
            return
        rng = self.rng("county", "jd")
        saved, self.docid = self.docid, defects.INTERPRETATION_DOCID_BASE
        try:
            missing = county_docs.items[min(defects.UNINTERPRETED_INDEX, len(county_docs.items) - 1)]
            pairs = []  # (document, 解读 date)
            for col in [c for c in self.columns if "规范性文件" in c.name and c.role == "column"]:
                pairs += [(doc, doc.pub.date()) for doc in col.items if doc is not missing]
            self.defects.add("interpretation.missing", self.county.name, county_docs.category,
                             county_docs.path, missing.path, "行政规范性文件 without any linked 解读")
            late_doc = None
            holiday = [tuple(map(dt.date.fromisoformat, c)) for c in defects.INTERPRETATION_HOLIDAY]
            holiday = [c for c in holiday if c[2] < self.as_of]
            if holiday:
                day, on_time, late = holiday[-1]
                pairs.append((self._document(county_docs, day, rng), on_time))
                late_doc = self._document(county_docs, day, rng)
                pairs.append((late_doc, late))
            weekend = [tuple(map(dt.date.fromisoformat, c)) for c in defects.INTERPRETATION_WEEKEND]
            weekend = [c for c in weekend if c[1] < self.as_of]
            if weekend:
                day, on_time = weekend[-1]
                pairs.append((self._document(county_docs, day, rng), on_time))
            for k, (doc, day) in enumerate(pairs):
                inner = doc.title[doc.title.find("《"):doc.title.find("》") + 1] if "《" in doc.title else ""
                title = f"{inner or doc.title}政策解读" if k % 2 else f"图文解读：{inner or doc.title}"
                it = self.item(jd, day, 0, rng, title=title,
                               paragraphs=content.paragraphs("interpretation", doc.publisher or
                                                             self.county.name, title, rng))
                it.attachments = []
                # Both ways, document → 解读 only, 解读 → document only.
                if k % 3 in (0, 1):
                    doc.extra_html.append(f'<div class="xgjd">相关解读：<a href="{it.path}">'
                                          f'{it.title}</a></div>')
                if k % 3 in (0, 2):
                    it.extra_html.append(f'<div class="xgwj">相关文件：<a href="{doc.path}">'
                                         f'{inner or doc.title}</a></div>')
                if doc is late_doc:
                    self.defects.add("interpretation.late", self.county.name, county_docs.category,
                                     county_docs.path, doc.path,
                                     f"document published {doc.pub:%Y-%m-%d}, 解读 {day}: "
                                     "4 working days after (国庆 and its 调休 Saturday)")
        finally:
            self.docid = saved
        for col in (county_docs, jd):
            col.items.sort(key=lambda i: i.effective_date, reverse=True)

    def _document(self, col, day: dt.date, rng) -> Item:
        it = self.item(col, day, 0, rng)
        it.written = day - dt.timedelta(days=2)
        return it

    # ---- homepage ----------------------------------------------------------------------
    def _homepage(self):
        u = self.county
        news = next(c for c in self.columns if c.path == "/xwzx/jryw/")
        notices = next(c for c in self.columns if c.path == "/xwzx/tzgg/")
        # A stale homepage is a frozen one: it stopped being regenerated ~40 days ago.
        cutoff = self.as_of - dt.timedelta(days=40) if self.stale_homepage else self.as_of
        home = Column(unit=u, name="要闻", path="/", role="homepage", category=None, level=0,
                      crumbs=[], template="home", theme="news")
        home.items = [i for i in news.items if i.effective_date <= cutoff][:8]
        self.notice_block = [i for i in notices.items if i.list_date and i.list_date <= cutoff][:6]
        self.homepage = home
        self.columns.insert(0, home)
        if self.stale_homepage:
            self.defects.add("homepage.stale", u.name, None, None, "/",
                             f"homepage news newest {home.newest_date.isoformat()}")

    # ---- manifest ----------------------------------------------------------------------
    def manifest(self) -> dict:
        def item(i: Item) -> dict:
            return {"title": i.title, "path": i.path,
                    "list_date": i.list_date.isoformat() if i.list_date else None,
                    "pub_date": i.pub.strftime("%Y-%m-%d %H:%M"),
                    "written_date": i.written.isoformat() if i.written else None,
                    "index_no": i.index_no or None, "publisher": i.publisher or None,
                    "doc_no": i.doc_no or None, "status": i.status,
                    "attachments": [{"path": a.path, "kind": a.kind, "status": 200 if a.served else 404}
                                    for a in i.attachments],
                    **({"message": {"asked": i.message.asked.strftime("%Y-%m-%d %H:%M"),
                                    "status": i.message.status,
                                    "replied": i.message.replied.isoformat() if i.message.replied else None}}
                       if i.message else {})}

        cols = []
        for c in self.columns:
            newest = c.newest_date
            cols.append({"unit": c.unit.name, "name": c.name, "path": c.path, "role": c.role,
                         "category": c.category, "level": c.level,
                         "parent": c.parent.path if c.parent else None,
                         "placeholder": c.placeholder, "pages": c.pages,
                         "template": c.template, "date_format": c.date_fmt,
                         "newest_date": newest.isoformat() if newest else None,
                         "items": [item(i) for i in c.items]})
        size = self.size if isinstance(self.size, str) else str(self.size)
        return {
            "schema": "govaudit/replica-manifest@1",
            "seed": self.seed, "size": size, "as_of": self.as_of.isoformat(),
            "switches": {"stale_homepage": self.stale_homepage, "fixed": self.fixed,
                         "unanswered_letter": self.unanswered_letter,
                         "no_channel": self.no_channel},
            "site": {"name": names.SITE_NAME, "home": "/"},
            "units": [{"key": u.key, "name": u.name, "kind": u.kind, "path": u.path} for u in self.units],
            "columns": cols,
            "defects": self.defects.records,
            "annual_reports": self.report_manifest,
        }
