"""Defects planted into ordinary items and unit platforms of the replica plan.

Item-level faults of defects.PLAN (dead articles and attachments, unreachable external links,
exposed and masked personal data, legacy Word files), late disclosures around 国庆, the missing
platform sub-columns, faulty 指南 texts and a suspected serious misstatement. Steps that add
items take document ids from their own range (Planner.docids), so no other article changes.
"""
import datetime as dt

from . import content, defects
from .model import Column, Unit


def item_defects(p, u: Unit, col: Column, d: dict, rng):
    """The item-level faults `d` plans for this column (keyed by its directory)."""
    slug = col.path.rstrip("/").rsplit("/", 1)[1]
    if not col.items:
        return
    target = col.items[min(1, len(col.items) - 1)]  # never the newest: keep freshness intact
    if d.get("dead_article") == slug:
        target.status = 404
        p.defects.add("dead_article", u.name, col.category, col.path, target.path,
                      "listed article answers 404")
    if d.get("dead_attachment") == slug:
        a = p.attach(target, target.pub.date(), "pdf", rng, served=False)
        # An attachment is not a list item, so the finding carries no column or category.
        p.defects.add("dead_attachment", u.name, None, None, a.path,
                      f"attachment link answers 404 (linked from {target.path})")
    if d.get("dead_external") == slug:
        target.extra_html.append(
            f'<p>详见政府采购网：<a href="{defects.DEAD_EXTERNAL}">{defects.DEAD_EXTERNAL}</a></p>')
        # A refused connection is no answer from anyone: 未能核验, never a broken link
        # (issue 14; only an HTTP error or a soft 404 is link.broken).
        p.defects.add("dead_external", u.name, None, None, defects.DEAD_EXTERNAL,
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
        p.defects.add("privacy", u.name, col.category, col.path, target.path,
                      "unmasked resident ID number in a 行政处罚决定书")
    if d.get("masked_id") == slug:
        target.paragraphs.append(f"救助对象：李某某，身份证号：{defects.MASKED_ID}，救助金额：每月620元。")
    if d.get("masked_phone") == slug:
        target.paragraphs.append(f"公示期间如有异议，请联系：赵某某，联系电话：{defects.MASKED_PHONE}。")
    if d.get("roster_exposed") == slug:
        a = p.planted_attachment(target, "xlsx", "roster_exposed")
        p.defects.add("roster_exposed", u.name, col.category, col.path, a.path,
                      "unmasked mobile and bank card numbers in an XLSX subsidy roster")
    if d.get("roster_masked") == slug:
        p.planted_attachment(target, "docx", "roster_masked")
    if d.get("legacy_doc") == slug:
        p.planted_attachment(target, "doc", "legacy_doc")
        p.defects.add("legacy_doc", u.name, None, None, None,
                      f"legacy Word (.doc) attachment of {target.path}")


def late_items(p):
    """disclosure.late: in one department's 行政处罚 column, a decision published on the last
    day of a 7-working-day deadline that spans 国庆 (clean) and its twin published one day
    later (late); in its policy column a document published 45 days after 成文 (late)."""
    unit = next((u for u in p.units if u.slug == defects.LATE_UNIT), None)
    if unit is None:
        return
    cols = [c for c in p.columns if c.unit is unit and c.items]
    penalty = next((c for c in cols if c.category == "penalty"), None)
    policy = next((c for c in cols if c.category == "policy"), None)
    rng = p.rng(unit.slug, "late")
    with p.docids(defects.LATE_DOCID_BASE):
        cases = [(dt.date.fromisoformat(w), dt.date.fromisoformat(d))
                 for w, d in defects.HOLIDAY_DEADLINES]
        cases = [c for c in cases if c[1] + dt.timedelta(days=1) < p.as_of]
        if penalty and cases:
            written, deadline = cases[-1]
            for day in (deadline, deadline + dt.timedelta(days=1)):
                title = f"行政处罚决定书（示{unit.abbr}罚〔{day.year}〕{rng.randint(100, 199)}号）"
                it = p.item(penalty, day, 0, rng, title=title)
                it.written = written
                if day > deadline:
                    p.defects.add("late_items", unit.name, "penalty", penalty.path, it.path,
                                  f"written {written}, published {day}: one working day past "
                                  f"the 7-working-day deadline {deadline} that spans 国庆")
        if policy:
            day = p.as_of - dt.timedelta(days=40)
            it = p.item(policy, day, 0, rng)
            it.written = day - dt.timedelta(days=defects.GENERAL_LATE_GAP)
            p.defects.add("late_items", unit.name, "policy", policy.path, it.path,
                          f"written {it.written}, published {day}: past 20 working days")


def platform_columns(p):
    """platform.structure: every department and town gets the 政府信息公开制度 and 依申请公开
    sub-columns (the county has its own), except the planted defects.STRUCTURE_MISSING. Added
    after every other item, with their own document-id range, so no other article changes
    its URL or 索引号; shown in the standard order (指南, 制度, 法定主动公开内容, 年报, 依申请公开)."""
    with p.docids(defects.STRUCTURE_DOCID_BASE):
        for u in p.units:
            if u.kind == "county":
                continue
            lacking = defects.STRUCTURE_MISSING.get(u.slug)
            for slug, name, category in (("zfxxgkzd", "政府信息公开制度", "rules"),
                                         ("ysqgk", "依申请公开", "on-request")):
                if category == lacking:
                    p.defects.add("structure_missing", u.name, None, None, u.path,
                                  f"no {name} sub-column")
                    continue
                col = p.column(u, None, slug, name, category, n=1,
                               rng=p.rng(u.slug, slug, "platform"))
                if category == "rules":
                    u.columns.remove(col)
                    guide = next((i for i, c in enumerate(u.columns) if c.category == "guide"), -1)
                    u.columns.insert(guide + 1, col)


def guides(p):
    """guide.*: every guide article carries a full 条例第十二条 text; the current guide of
    each unit in defects.GUIDE_DEFECTS a faulty one. Draws no random numbers."""
    for col in p.columns:
        if col.category != "guide":
            continue
        variant = defects.GUIDE_DEFECTS.get(col.unit.slug)
        for k, it in enumerate(col.items):
            it.paragraphs = content.guide_paragraphs(col.unit.name, col.unit.code,
                                                     variant if k == 0 else None)
        if variant and col.items:
            p.defects.add(variant, col.unit.name, "guide", col.path, col.items[0].path,
                          f"current guide: {variant}")


def serious_error(p):
    """content.serious-error: one article states the country name wrongly (疑似, for review)."""
    slug, column_slug, sentence = defects.SERIOUS_ERROR
    col = next((c for c in p.columns if c.unit.slug == slug and c.items
                and c.path.rstrip("/").endswith("/" + column_slug)), None)
    if col is None:
        return
    target = col.items[min(1, len(col.items) - 1)]
    target.paragraphs.append(sentence)
    p.defects.add("serious_error", col.unit.name, col.category, col.path,
                  target.path, "中华人民共合国 for 中华人民共和国 (suspected)")
