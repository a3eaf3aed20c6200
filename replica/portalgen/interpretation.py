"""政策解读 of a generated portal's 行政规范性文件 (国办发〔2016〕80号: 谁起草、谁解读, published
with the document and linked with it both ways).

Every document of a column this generator named 行政规范性文件 gets a 解读, listed either in the
county's 政策解读 column or beside the document in its own column (titled so it names the
document), and linked from the document page (相关解读), from the 解读 page back to the document
(相关文件 / 政策原文), or both; the link sits in an inline line or a small box. A clean 解读 is
published on the document's day or the next.

Planted defects (names of the built-in replica's, the rule from the pack's `replica_defect`):

* `uninterpreted`: a document with no 解读 at all (only planted when every 解读 list and page
  can be read: an unreadable one might hold it, and the audit may only say 未能核验);
* `interpretation_holiday`: a 解读 published long after its document, more than three times the
  pack's `workdays` limit (as calendar days, plus the longest holiday) later.

Draws come from this module's own random stream (`portalgen:<seed>:interpretation`), so no
earlier planting of a seed moves; its items take ids of their own range.
"""

from __future__ import annotations

import datetime as dt
import random

from .extra import HOLIDAY_SLACK, _thresholds
from .model import Column, Item, Portal

NORMATIVE = "规范性文件"  # the generator's own name for columns of 行政规范性文件
DOC_LABELS = ("相关解读", "政策解读", "解读材料")
BACK_LABELS = ("相关文件", "政策原文", "原文链接")


def jd_title(title: str, form: int) -> str:
    return [f"《{title}》政策解读", f"关于《{title}》的解读", f"图解：{title}"][form]


class Interpretations:
    def __init__(self, planner):
        self.planner = planner
        self.p: Portal = planner.portal
        self.rng = random.Random(f"portalgen:{self.p.seed}:interpretation")
        self.next_doc = 1000000 + self.p.seed * 10000 + 9000
        self.boxed = self.rng.random() < 0.5  # this portal's template puts links in a box

    def documents(self) -> list[tuple[Column, Item]]:
        return [(c, i) for u in self.p.units for c in u.all_columns()
                if c.role == "column" and NORMATIVE in (c.name or "") for i in c.items]

    def fill(self, used: set[int]) -> None:
        rng, planner = self.rng, self.planner
        county = self.p.units[0]
        shared = next((c for c in county.all_columns() if c.category == "interpretation"
                       and c.role == "column" and c.id not in used), None)
        docs = self.documents()
        if not docs:
            return
        late_limit = int(_thresholds("interpretation_holiday")["workdays"])
        since = dt.date.fromisoformat(str(_thresholds("uninterpreted")["documents_since"]))
        # A 解读 list or page the audit cannot read may hold any document's 解读.
        unreadable = any(not i.served for u in self.p.units for c in u.all_columns()
                         if c.category == "interpretation" for i in c.items)
        plans = {i.docid: "clean" for _, i in docs}
        judged = [(c, i) for c, i in docs if i.served and i.date >= since + dt.timedelta(30)]
        if judged and not unreadable and rng.random() < 0.5:
            col, item = rng.choice(judged)
            plans[item.docid] = "missing"
            planner.record("uninterpreted", col.unit, col.category, col, item,
                           "规范性文件 without any 解读")
        span = 3 * late_limit * 7 // 5 + HOLIDAY_SLACK
        # A late 解读 is newer than its document: never in a column whose planted age it
        # would change (the shared 政策解读 column is only used when it carries no defect).
        late = [(c, i) for c, i in judged if plans[i.docid] == "clean"
                and (self.p.as_of - i.date).days > span + 40
                and (shared is not None or c.id not in used)]
        if late and rng.random() < 0.5:
            col, item = rng.choice(late)
            plans[item.docid] = "late"
        for col, item in docs:
            if plans[item.docid] == "missing":
                continue
            if plans[item.docid] == "late":
                day = item.date + dt.timedelta(days=span + rng.randint(5, 30))
            else:
                day = item.date + dt.timedelta(days=rng.randint(0, 1))
            day = min(day, self.p.as_of)
            where = shared if shared is not None and rng.random() < 0.6 else col
            if plans[item.docid] == "late" and col.id in used:
                where = shared
            self.next_doc += rng.randint(1, 9)
            jd = Item(self.next_doc, jd_title(item.title, rng.randrange(3)), day, written=day,
                      interprets=item.docid)
            where.items.append(jd)
            where.items.sort(key=lambda i: i.date, reverse=True)
            link = rng.choice(("doc", "back", "both")) if item.served else "back"
            if link in ("doc", "both"):
                item.related.append((rng.choice(DOC_LABELS), jd, where.unit.host, self.boxed))
            if link in ("back", "both"):
                jd.related.append((rng.choice(BACK_LABELS), item, col.unit.host, self.boxed))
            if plans[item.docid] == "late":
                planner.record("interpretation_holiday", col.unit, col.category, col, item,
                               f"document {item.date}, its 解读 {day}")
