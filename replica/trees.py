"""The column trees of the replica's units (county platform, departments, towns) and its homepage.

Each unit gets the columns a real sub-site of its kind has (portals.md), filled with generic
items; the tree-level defects of defects.PLAN (missing, empty, placeholder and stale columns,
missing or late annual reports) are planted while the tree is built, item-level ones through
plant.item_defects.
"""
import datetime as dt

from . import annual_plan, dates, declared, defects, plant
from .model import Column, Unit

# Optional columns of departments by directory (before any size suffix): department-specific
# ones first, then a random sparse few from the common pool.
DEPARTMENT_EXTRAS = {
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
}
COMMON_EXTRAS = [("gzdt", "工作动态", "news"), ("tzgg", "通知公告", "notices"),
                 ("zcjd", "政策解读", "interpretation")]


def county_tree(p, u: Unit):
    s = p.scale
    home_crumbs = [("首页", "/")]
    xwzx = p.container(u, None, "xwzx", "新闻中心", base_path="/", crumbs=home_crumbs)
    p.column(u, xwzx, "jryw", "今日要闻", "news", n=45 * s, template="ul_new", date_fmt="iso", per_page=20)
    tzgg = p.column(u, xwzx, "tzgg", "通知公告", "notices", n=22 * s, template="ul_old", per_page=15)
    for k in (3, 7):  # undated rows in an otherwise fresh column (portals.md §3.3)
        tzgg.items[k].list_date = None
    p.column(u, None, "zfxxgkzn", "政府信息公开指南", "guide", n=2)
    p.column(u, None, "zfxxgkzd", "政府信息公开制度", "rules", n=4)
    fd = p.container(u, None, "fdzdgknr", "法定主动公开内容")
    p.column(u, fd, "jgzn", "机构职能", "org", n=4)
    zfwj = p.container(u, fd, "zfwj", "政策文件")
    p.column(u, zfwj, "gwywj", "国务院文件", "policy", theme="gwywj", n=6)
    xzfwj = p.column(u, zfwj, "xzfwj", "政府及政府办公室文件", "policy", n=24 * s, template="ul_old", per_page=15)
    for it in xzfwj.items[2::4]:  # the list shows 成文日期 here, not 发布日期
        it.list_date = it.written or it.list_date
    p.column(u, zfwj, "gfxwj", "行政规范性文件", "policy", n=8, template="script", date_fmt="iso")
    p.column(u, fd, "zcjd", "政策解读", "interpretation", n=6, date_fmt="cn")
    p.column(u, fd, "ghjh", "规划计划", "plans", n=5)
    p.column(u, fd, "tjxx", "统计信息", "statistics", n=8)
    p.column(u, fd, "czyjs", "财政预决算和三公经费", "budget", n=10)
    xzxk = p.column(u, fd, "xzxk", "行政许可", "license", n=22 * s, template="table", per_page=20)
    xzxk.items[5].list_date = None
    p.column(u, fd, "xzcf", "行政处罚", "penalty", n=18)
    p.column(u, fd, "qzqd", "权力清单和责任清单", "power-list", n=3)
    p.column(u, fd, "sfxm", "行政事业性收费", "fees", n=2)
    p.column(u, fd, "zfcg", "政府采购", "procurement", n=8)
    p.column(u, fd, "zdjsxm", "重大建设项目", "major-projects", n=5)
    zdly = p.container(u, fd, "zdly", "重点领域")
    p.column(u, zdly, "snhnzj", "涉农惠农资金", "key-areas", theme="snhnzj", n=6)
    p.column(u, zdly, "bzxzf", "保障性住房", "key-areas", theme="bzxzf", n=5)
    p.column(u, zdly, "shjz", "社会救助", "key-areas", theme="shjz", n=6)
    p.column(u, fd, "yjgl", "应急管理", "emergency", n=5)
    p.column(u, fd, "jdjc", "监督检查", "supervision", n=6)
    p.column(u, fd, "rsxx", "人事信息", "personnel", n=6)
    nb = p.column(u, None, "zfxxgknb", "政府信息公开年报", "annual-report", rng=p.rng("county", "nb"))
    y = dates.latest_due_year(p.as_of, "county")
    annual_plan.annual_reports(p, nb, list(range(y - 4, y + 1)), p.rng("county", "nb"))
    p.column(u, None, "ysqgk", "依申请公开", "on-request", n=2)
    if p.no_channel:
        # No channel at all; the rule judges the whole site (a site-level finding at "/"),
        # and interaction is not a required column, so column.missing stays silent.
        p.zmhd = None
        p.defects.add("no_channel", u.name, None, None, "/",
                      "no 政民互动 column and no link naming a consultation channel")
    else:
        p.zmhd = p.column(u, None, "zmhd", "政民互动", "interaction",
                          template="messages", per_page=15)
    p.docid += 6  # the ids its former plain items took: later articles keep their URLs
    p.container(u, None, "bmxxgk", "部门信息公开")
    p.container(u, None, "xzxxgk", "乡镇信息公开")


def department_tree(p, u: Unit):
    rng, d, fd = unit_core(p, u)
    s = p.scale
    p.column(u, fd, "jgzn", rng.choice(["机构职能", "机构职责", "领导之窗"]), "org", n=rng.randint(1, 3))
    slug, name = rng.choice([("bmwj", "部门文件"), ("zcwj", "政策文件"), ("gfxwj", "行政规范性文件")])
    p.column(u, fd, slug, name, "policy", n=rng.randint(1, 4) * s)
    if d.get("missing_category") != "budget":
        slug, name = rng.choice([("czyjs", "财政预决算和三公经费"), ("bmyjs", "部门预决算"), ("czyjs", "财政预决算")])
        special_column(p, u, fd, slug, name, "budget", rng.randint(1, 3) * s, d)
    slug, name = rng.choice([("qzqd", "权力清单和责任清单"), ("qzqd", "权责清单")])
    special_column(p, u, fd, slug, name, "power-list", rng.randint(1, 2), d)
    extras = list(DEPARTMENT_EXTRAS.get(u.slug.rstrip("0123456789"), []))
    for spec in COMMON_EXTRAS:
        if len(extras) < 3 and spec[0] not in {e[0] for e in extras} and rng.random() < 0.35:
            extras.append(spec)
    for slug, name, cat in extras:
        theme = slug if slug in ("snhnzj", "bzxzf", "shjz") else cat
        n = {"news": rng.randint(2, 5), "notices": rng.randint(2, 4)}.get(cat, rng.randint(1, 3)) * s
        stale = d.get("stale") == slug
        col = p.column(u, fd, slug, name, cat, theme=theme, n=n, stale=stale)
        if stale:
            _stale(p, u, col)
        plant.item_defects(p, u, col, d, rng)


def town_tree(p, u: Unit):
    rng, d, fd = unit_core(p, u)
    s = p.scale
    p.column(u, fd, "jgzn", rng.choice(["乡镇概况", "机构职能"]), "org", n=1)
    slug, name = rng.choice([("czyjs", "财政预决算"), ("cwgk", "财务公开"), ("czxx", "财政信息")])
    special_column(p, u, fd, slug, name, "budget", rng.randint(1, 2) * s, d)
    fmt = "fullwidth" if not p.fullwidth_used else None
    p.fullwidth_used = True
    p.column(u, fd, "xzdt", "乡镇动态", "news", n=rng.randint(2, 4) * s, date_fmt=fmt)
    stale = d.get("stale") == "tzgg"
    col = p.column(u, fd, "tzgg", "公示公告", "notices", n=rng.randint(1, 3) * s, stale=stale)
    if stale:
        _stale(p, u, col)
    plant.item_defects(p, u, col, d, rng)
    if rng.random() < 0.3:
        p.column(u, fd, "snhnzj", "涉农惠农资金", "key-areas", theme="snhnzj", n=rng.randint(1, 2) * s)


def _stale(p, u: Unit, col):
    """Record the planted stale column `col` (filled with `stale=True`)."""
    p.defects.add("stale", u.name, col.category, col.path, None,
                  f"newest item {col.newest_date.isoformat()}, "
                  f"class {declared.freshness_class(col.category)}")


def unit_core(p, u: Unit):
    """指南, 年报 and the 法定主动公开内容 container every sub-site has; returns the unit's tree
    random stream, its planned defects and that container, for the rest of its tree."""
    rng = p.rng(u.slug, "tree")
    d = defects.plan_for(u.slug, p.fixed)
    if d.get("missing_category") == "guide":
        p.defects.add("missing_category", u.name, "guide", None, None, "no 政府信息公开指南 column")
    elif p.repaired(u.slug, "missing_category"):
        p.side_column(u, None, "zfxxgkzn", "政府信息公开指南", "guide", n=1)
    else:
        p.column(u, None, "zfxxgkzn", "政府信息公开指南", "guide", n=1)
    slug, name = rng.choice([("zfxxgknb", "政府信息公开年报"), ("zfxxgknb", "政府信息公开年报"), ("ndbg", "年度报告")])
    nb = p.column(u, None, slug, name, "annual-report")
    y = dates.latest_due_year(p.as_of, u.kind)
    years = [y - 1, y] if rng.random() < 0.6 else [y - 2, y - 1, y]
    if d.get("report_missing"):
        years.remove(y)
        p.defects.add("report_missing", u.name, "annual-report", nb.path, None,
                      f"no {y} report (deadline {dates.report_deadline(y, u.kind).isoformat()})")
    annual_plan.annual_reports(p, nb, years, rng, late_year=y if d.get("report_late") else None,
                               on_deadline_year=y if d.get("report_on_deadline") else None)
    if d.get("report_late"):
        late = next(i for i in nb.items if f"{y}年" in i.title)
        p.defects.add("report_late", u.name, "annual-report", nb.path, late.path,
                      f"{y} report published {late.pub.date().isoformat()}, deadline "
                      f"{dates.report_deadline(y, u.kind).isoformat()}")
    if d.get("missing_category") == "budget":
        p.defects.add("missing_category", u.name, "budget", None, None, "no 财政预决算 column")
    p.fd = p.container(u, None, "fdzdgknr", "法定主动公开内容")
    return rng, d, p.fd


def special_column(p, u, fd, slug, name, category, n, d):
    """A required column that may be rendered empty or as a 暂无信息 placeholder."""
    if d.get("empty_column") == category:
        col = p.column(u, fd, slug, name, category)
        p.defects.add("empty_column", u.name, category, col.path, None, "zero items")
    elif d.get("placeholder_column") == category:
        col = p.column(u, fd, slug, name, category)
        col.placeholder = "暂无信息"
        p.defects.add("placeholder_column", u.name, category, col.path, None, "placeholder 暂无信息")
    elif p.repaired(u.slug, "empty_column") and defects.PLAN[u.slug]["empty_column"] == category:
        if disclosing(u, category):
            col = p.side_column(u, fd, slug, name, category)
            p.budget_columns.append((u, col))
        else:
            col = p.side_column(u, fd, slug, name, category, n=n)
    elif disclosing(u, category):
        # Filled with real disclosures at the end (budget_plan); the ids the generic items
        # would have taken stay reserved so every later article keeps its URL.
        col = p.column(u, fd, slug, name, category)
        p.docid += n
        p.budget_columns.append((u, col))
    else:
        col = p.column(u, fd, slug, name, category, n=n)
    return col


def disclosing(u, category) -> bool:
    """Departments publish 部门预决算 (the budget.* rules judge departments only)."""
    return category == "budget" and u.kind == "department"


def homepage(p):
    """The homepage 要闻 block and 通知公告 strip, from the county's news and notices; with the
    `stale_homepage` switch a frozen homepage (homepage.stale)."""
    u = p.county
    news = next(c for c in p.columns if c.path == "/xwzx/jryw/")
    notices = next(c for c in p.columns if c.path == "/xwzx/tzgg/")
    # A stale homepage is a frozen one: it stopped being regenerated well past its window.
    frozen = declared.homepage_window_days() + defects.HOMEPAGE_OVERSHOOT
    cutoff = p.as_of - dt.timedelta(days=frozen) if p.stale_homepage else p.as_of
    home = Column(unit=u, name="要闻", path="/", role="homepage", category=None, level=0,
                  crumbs=[], template="home", theme="news")
    home.items = [i for i in news.items if i.effective_date <= cutoff][:8]
    p.notice_block = [i for i in notices.items if i.list_date and i.list_date <= cutoff][:6]
    p.homepage = home
    p.columns.insert(0, home)
    if p.stale_homepage:
        p.defects.add("stale_homepage", u.name, None, None, "/",
                      f"homepage news newest {home.newest_date.isoformat()}")
