"""政民互动 letters and 政策解读 in the replica plan (interaction.* and interpretation.* rules).

The county 县长信箱 gets a year of letters with clean edges on both sides of the 3-month reply
limit; every 行政规范性文件 gets a 解读 linked one way or both, with one left without any and one
a working day late around 国庆. Both take document ids from ranges of their own.
"""
import datetime as dt
from typing import Optional

from . import content, dates, defects
from .model import Item, Message


def _message(p, col, asked: dt.date, rng, status: str, gap: Optional[int],
             list_shows_reply: bool = True) -> Item:
    unit = rng.choice(p.units[1:] or p.units)
    title, question, reply = content.message(rng, unit.name)
    it = p.item(col, asked, 0, rng, title=title, paragraphs=[question])
    # A letter is not a 政府信息公开 article: no 索引号, 发布机构 or attachments.
    it.written, it.attachments, it.index_no, it.publisher = None, [], "", ""
    replied = asked + dt.timedelta(days=gap) if gap is not None else None
    it.message = Message(asked=it.pub, status=status, question=question, replied=replied,
                         reply_unit=unit.name if replied else "", reply=reply if replied else "",
                         list_shows_reply=list_shows_reply)
    return it


def messages(p):
    """The county 县长信箱: letters over the past 14 months, answered within days, one 办理中
    for just under 3 months and one answered slowly (45 days) but answered (both clean); with
    the `unanswered_letter` switch one more left 未回复 for over 3 months
    (interaction.unanswered, a WS-V5 veto)."""
    col = p.zmhd
    if col is None:
        return
    rng = p.rng("county", "zmhd", "letters")
    with p.docids(defects.INTERACTION_DOCID_BASE):
        for k in range(12):
            asked = p.as_of - dt.timedelta(days=6 + 35 * k + rng.randint(0, 20))
            gap = rng.randint(1, 10)
            if asked + dt.timedelta(days=gap) >= p.as_of:
                _message(p, col, asked, rng, "办理中", None)
            else:
                _message(p, col, asked, rng, "已回复", gap)
        pending = dates.months_before(p.as_of, 3) + dt.timedelta(days=defects.PENDING_MARGIN_DAYS)
        _message(p, col, pending, rng, "办理中", None)
        age, gap = defects.SLOW_REPLY
        _message(p, col, p.as_of - dt.timedelta(days=age), rng, "已回复", gap,
                 list_shows_reply=False)
        if p.unanswered_letter:
            late = _message(p, col, p.as_of - dt.timedelta(days=defects.UNANSWERED_AGE),
                            rng, "未回复", None)
            p.defects.add("unanswered_letter", p.county.name, "interaction",
                          col.path, late.path,
                          f"asked {late.message.asked:%Y-%m-%d}, 未回复 for over 3 months")
    col.items.sort(key=lambda i: i.pub, reverse=True)


def _document(p, col, day: dt.date, rng) -> Item:
    it = p.item(col, day, 0, rng)
    it.written = day - dt.timedelta(days=2)
    return it


def interpretations(p):
    """政策解读 of every 行政规范性文件 (county and departments), published the same day in the
    county 政策解读 column and linked both ways or one way; one county document has none
    (interpretation.missing); around 国庆 one 解读 comes one working day late
    (interpretation.late) while its twin, 9 calendar days after, is on time; one published
    across an ordinary weekend on the 3rd working day is on time."""
    county_docs = next((c for c in p.columns if c.unit is p.county and "规范性文件" in c.name), None)
    jd = next((c for c in p.columns if c.unit is p.county and c.category == "interpretation"), None)
    if county_docs is None or jd is None or not county_docs.items:
        return
    rng = p.rng("county", "jd")
    with p.docids(defects.INTERPRETATION_DOCID_BASE):
        missing = county_docs.items[min(defects.UNINTERPRETED_INDEX, len(county_docs.items) - 1)]
        pairs = []  # (document, 解读 date)
        for col in [c for c in p.columns if "规范性文件" in c.name and c.role == "column"]:
            pairs += [(doc, doc.pub.date()) for doc in col.items if doc is not missing]
        p.defects.add("uninterpreted", p.county.name, county_docs.category,
                      county_docs.path, missing.path, "行政规范性文件 without any linked 解读")
        late_doc = None
        holiday = [tuple(map(dt.date.fromisoformat, c)) for c in defects.INTERPRETATION_HOLIDAY]
        holiday = [c for c in holiday if c[2] < p.as_of]
        if holiday:
            day, on_time, late = holiday[-1]
            pairs.append((_document(p, county_docs, day, rng), on_time))
            late_doc = _document(p, county_docs, day, rng)
            pairs.append((late_doc, late))
        weekend = [tuple(map(dt.date.fromisoformat, c)) for c in defects.INTERPRETATION_WEEKEND]
        weekend = [c for c in weekend if c[1] < p.as_of]
        if weekend:
            day, on_time = weekend[-1]
            pairs.append((_document(p, county_docs, day, rng), on_time))
        for k, (doc, day) in enumerate(pairs):
            inner = doc.title[doc.title.find("《"):doc.title.find("》") + 1] if "《" in doc.title else ""
            title = f"{inner or doc.title}政策解读" if k % 2 else f"图文解读：{inner or doc.title}"
            it = p.item(jd, day, 0, rng, title=title,
                        paragraphs=content.paragraphs("interpretation", doc.publisher or
                                                      p.county.name, title, rng))
            it.attachments = []
            # Both ways, document → 解读 only, 解读 → document only.
            if k % 3 in (0, 1):
                doc.extra_html.append(f'<div class="xgjd">相关解读：<a href="{it.path}">'
                                      f'{it.title}</a></div>')
            if k % 3 in (0, 2):
                it.extra_html.append(f'<div class="xgwj">相关文件：<a href="{doc.path}">'
                                     f'{inner or doc.title}</a></div>')
            if doc is late_doc:
                p.defects.add("interpretation_holiday", p.county.name, county_docs.category,
                              county_docs.path, doc.path,
                              f"document published {doc.pub:%Y-%m-%d}, 解读 {day}: "
                              "4 working days after (国庆 and its 调休 Saturday)")
    for col in (county_docs, jd):
        col.items.sort(key=lambda i: i.effective_date, reverse=True)
