"""Content and defects beyond lists and columns: each article's 成文日期, department budget
disclosures, the text of every 政府信息公开指南, and the homepage's news.

Planted defects (names of the built-in replica, replica/defects.py; the rule each makes fire is
the one the pack declares for it, `replica_defect`):

* `late_items`: an article written long before it was published (far beyond the pack's
  `general` working-day limit, whichever category's limit applies);
* `missing_final_accounts`: a department whose final accounts of the due year are not published
  (a combined 预算和决算 item becomes a budget-only one);
* `no-fax` / `old-reply`: a guide without its 传真号码 / stating the 2007 条例's 15-working-day
  reply period;
* `stale_homepage`: the homepage news (the county's news column) frozen well beyond both the
  homepage's and the column's window; also recorded whenever a planted stale news column leaves
  the homepage stale.

Limits come from the pack's thresholds of the rule declaring each defect (found through
`replica_defect`, never by rule id). Planted values stay far from every borderline: a clean
article is written 0–3 calendar days before it is published (under every working-day limit), a
late one more than three times the longest limit before it; budget items are published weeks
before their due date. Everything here draws from its own random stream (`portalgen:<seed>:extra`)
so the older plantings of a seed do not move.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from replica import declared

from .budget_docs import part
from .data import duties
from .model import Column, Item, Portal

# The dates a generated portal works with lie in years the PRC calendar knows; a working-day
# limit of L days never spans more than 7/5 L calendar days plus the longest holiday (8 days).
HOLIDAY_SLACK = 8


def _thresholds(defect: str) -> dict:
    rule = declared.rule_of(defect)
    body = {**(declared.pack().get("rules") or {}), **(declared.pack().get("system") or {})}[rule]
    return {k: v.get("value") if isinstance(v, dict) else v
            for k, v in (body.get("thresholds") or {}).items()}


def _month_day(year: int, mm_dd: str) -> dt.date:
    month, day = (int(p) for p in str(mm_dd).split("-"))
    return dt.date(year, month, day)


def budget_years(as_of: dt.date) -> dict[str, tuple[int, dt.date]]:
    """The latest year of each disclosure kind due on as_of, with its due date."""
    t = _thresholds("missing_final_accounts")
    out = {}
    for kind, key, lag in (("budget", "budget_due", 0), ("final", "final_accounts_due", 1)):
        year = as_of.year
        while _month_day(year + lag, t[key]) >= as_of:
            year -= 1
        out[kind] = (year, _month_day(year + lag, t[key]))
    return out


class Extra:
    def __init__(self, planner):
        self.planner = planner
        self.p: Portal = planner.portal
        self.rng = random.Random(f"portalgen:{self.p.seed}:extra")
        self.next_doc = 1000000 + self.p.seed * 10000 + 8000  # beyond the planner's ids

    # -- clean content ---------------------------------------------------------------------------

    def fill(self) -> None:
        """Budget disclosures (columns left with items by the planner's defects) and guides."""
        rng = self.rng
        budget = _thresholds("missing_final_accounts")
        kinds = set(budget.get("unit_kinds") or ())
        for unit in self.p.units:
            for col in unit.all_columns():
                if col.role != "column":
                    continue
                if col.category == "budget" and unit.kind in kinds and col.items:
                    self.disclosures(col)
                if col.category == "guide":
                    for item in col.items:
                        item.guide = {"fax": True, "reply": "current", "form": rng.randrange(3)}

    def dates(self) -> None:
        """Every article's 成文日期, once the other plantings have moved its published date."""
        rng = self.rng
        for unit in self.p.units:
            for col in unit.all_columns():
                for item in col.items:
                    item.written = item.date - dt.timedelta(days=rng.randint(0, 3))

    def disclosures(self, col: Column) -> None:
        """This year's budget and last year's final accounts (and the pair before), titled in
        the portal's style, published weeks before they were due."""
        unit, rng = col.unit, self.rng
        short = unit.name.removeprefix(self.p.county) or unit.name
        style = self.p.layout["budget_title"]
        years = budget_years(self.p.as_of)
        (by, bdue), (fy, fdue) = years["budget"], years["final"]
        for back in (0, 1):
            b, f = by - back, fy - back
            bday = bdue.replace(year=bdue.year - back) - dt.timedelta(days=rng.randint(20, 60))
            fday = fdue.replace(year=fdue.year - back) - dt.timedelta(days=rng.randint(20, 60))
            if style == "combined":
                col.items.append(self.doc(f"{unit.name}{b}年部门预算和{f}年部门决算",
                                          max(bday, fday)))
                col.items[-1].budget = {"parts": [part("budget", b), part("final-accounts", f)]}
                continue
            for year, word, day in ((b, "预算", bday), (f, "决算", fday)):
                title = (f"{unit.name}{year}年部门{word}" if style == "unit-year"
                         else f"{year}年{short}部门{word}公开")
                col.items.append(self.doc(title, day))
                col.items[-1].budget = {"parts": [part("budget" if word == "预算"
                                                       else "final-accounts", year)]}
        col.items.sort(key=lambda i: i.date, reverse=True)

    def doc(self, title: str, date: dt.date) -> Item:
        self.next_doc += self.rng.randint(1, 9)
        return Item(self.next_doc, title, date)

    # -- defects ---------------------------------------------------------------------------------

    def plant(self, used: set[int]) -> None:
        rng, planner = self.rng, self.planner
        units = [u for u in self.p.units if u.listed]

        def columns(pred):
            return [c for u in units for c in u.all_columns()
                    if c.role == "column" and c.id not in used and pred(c)]

        late = _thresholds("late_items")
        longest = max(int(late["general"]), int(late["license_penalty"]))
        for _ in range(rng.choice((0, 1, 1, 2))):  # disclosure.late
            cands = columns(lambda c: c.items and c.category not in ("annual-report",))
            if not cands:
                break
            col = rng.choice(cands)
            used.add(col.id)
            item = rng.choice(col.items)
            span = 3 * longest * 7 // 5 + HOLIDAY_SLACK
            item.written = item.date - dt.timedelta(days=span + rng.randint(10, 60))
            planner.record("late_items", col.unit, col.category, col, item,
                           f"written {item.written}, published {item.date}")
        years = budget_years(self.p.as_of)
        if rng.random() < 0.5:  # budget.missing: no final accounts for the due year
            fy = years["final"][0]
            final = re.compile(rf"{fy}年[^和]*决算")
            cands = columns(lambda c: c.category == "budget" and any(
                final.search(i.title) for i in c.items))
            if cands:
                col = rng.choice(cands)
                used.add(col.id)
                keep = []
                for item in col.items:
                    if not final.search(item.title):
                        keep.append(item)
                    elif "预算" in item.title:  # combined: it now names the budget only
                        item.title = item.title.rsplit("和", 1)[0]
                        item.budget["parts"] = [d for d in item.budget["parts"]
                                                if d["kind"] == "budget"]
                        keep.append(item)
                col.items = keep
                planner.record("missing_final_accounts", col.unit, "budget", col,
                               detail=f"no {fy} final accounts")
                # The finding names the disclosure (the pack's evidence keys of budget.missing).
                self.p.defects[-1]["evidence"] = {"disclosure": "final-accounts", "year": fy}
        guides = columns(lambda c: c.category == "guide" and c.items)
        rng.shuffle(guides)
        for defect, col in zip(("no-fax", "old-reply"), guides):
            if rng.random() < 0.5:
                continue
            used.add(col.id)
            item = col.items[0]
            if defect == "no-fax":
                item.guide["fax"] = False
            else:
                item.guide["reply"] = "old"
            planner.record(defect, col.unit, "guide", col, item,
                           "guide without 传真号码" if defect == "no-fax"
                           else "guide states a 15-working-day reply")
        self.homepage(used)

    def homepage(self, used: set[int]) -> None:
        """The homepage shows the county's news column: freeze it now and then, and record a
        stale homepage whenever its newest item is older than the homepage's window."""
        rng, planner = self.rng, self.planner
        county = self.p.units[0]
        news = homepage_column(self.p)
        if news is None:
            return
        window = declared.homepage_window_days()
        col_window = duties()["windows"].get("news") or window
        if news.id not in used and rng.random() < 0.35:
            newest = max(i.date for i in news.items)
            shift = (self.p.as_of - newest)
            target = dt.timedelta(days=2 * max(window, col_window) + rng.randint(10, 60))
            for item in news.items:
                item.date -= target - shift
                if item.written:
                    item.written -= target - shift
            used.add(news.id)
            planner.record("stale", county, "news", news,
                           detail=f"newest {max(i.date for i in news.items)}")
        newest = max(i.date for i in news.items)
        if self.p.as_of - newest > dt.timedelta(days=window):
            planner.record("stale_homepage", county, "news", news, "/",
                           detail=f"homepage newest {newest}")


def homepage_column(p: Portal) -> Column | None:
    """The column whose latest items the homepage shows: the county's news column."""
    return next((c for c in p.units[0].all_columns()
                 if c.category == "news" and c.role == "column" and c.items), None)


def guide_text(unit_name: str, guide: dict, rng_seed: int) -> list[str]:
    """The paragraphs of a 政府信息公开指南 (this project's own wording) with every element of
    条例 第十二条, the fax unless left out, and the reply period (20 working days, or the old
    15 in one of three wordings); a third party's 15 working days are always there, as in a
    current guide."""
    rng = random.Random(rng_seed)
    phone = f"0{rng.randint(900, 999)}-{rng.randint(5000000, 8999999)}"
    hours = rng.choice(["周一至周五 上午8:30—12:00，下午14:30—18:00（法定节假日除外）",
                        "工作日上午9:00至12:00、下午15:00至18:00"])
    paras = [
        f"为便于公民、法人和其他组织获取{unit_name}的政府信息，根据《中华人民共和国政府信息公开条例》，"
        "编制本指南。",
        "一、主动公开。本机关主动公开的政府信息按机构职能、政策文件、规划计划等分类，"
        "按发布时间先后编排，可通过本网站政府信息公开专栏查阅。",
        f"二、依申请公开。受理机构：{unit_name}办公室；办公地址：县城新华路{rng.randint(1, 99)}号；"
        f"办公时间：{hours}；联系电话：{phone}；"
        + (f"传真号码：{phone[:-1]}{(int(phone[-1]) + 1) % 10}；" if guide["fax"] else "")
        + f"电子邮箱：gk{rng.randint(100, 999)}@example.gov.cn。",
    ]
    if guide["reply"] == "current":
        reply = ["本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内"
                 "予以答复；需要延长答复期限的，经负责人同意并告知申请人，延长的期限最长不超过20个工作日。",
                 "本机关自收到申请之日起20个工作日内作出答复；确需延长的，延长期限不超过20个工作日。",
                 "答复期限为20个工作日，可延长20个工作日。"][guide["form"]]
    else:
        reply = ["本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起15个工作日内"
                 "予以答复；需要延长答复期限的，延长的期限最长不超过15个工作日。",
                 "本机关自收到申请之日起十五个工作日内作出答复。",
                 "答复的期限为15个工作日，如需延长须经负责人同意。"][guide["form"]]
    paras.append("三、办理时限。" + reply
                 + "需要征求第三方意见的，第三方应自收到征求意见书之日起15个工作日内提出意见，"
                 "所需时间不计算在答复期限内。")
    return paras
