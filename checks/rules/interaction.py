"""互动回应 (WS-V5 of the 2019 inspection indicators): consultation messages left unanswered for
more than 3 months (`interaction.unanswered`) and no consultation channel at all
(`interaction.no-channel`). Both are 单项否决.

Messages come from the `messages` facts (the list row and the letter's detail page, migration
m005). Only consultation columns count: a column classified `interaction` whose name is not a
petition, discipline-reporting, interview or survey channel (ground/data/interaction.yaml).
What the crawl could not read is 未能核验, never an unanswered message.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Iterator, Mapping

from checks.coverage import list_failure
from checks.dates import months_before, parse_date
from checks.facts import Facts, Row, fetch_failure
from checks.model import Context, Finding, column_fields
from checks.registry import rule
from ground import config

ANSWERED, PENDING, INVALID = "answered", "pending", "invalid"


def _has(text: str | None, words) -> bool:
    return bool(text) and any(str(w) in text for w in words)


def _any_of(words) -> Callable[[str], bool]:
    """`_has(text, words)` for non-empty text, as one compiled alternation."""
    words = [str(w) for w in words]
    if not words:
        return lambda text: False
    return re.compile("|".join(map(re.escape, words))).search


def status_kind(text: str | None, words: Mapping | None = None) -> str | None:
    """answered | pending | invalid | None for a 办理状态 text. The longest matching word wins,
    so 未回复 (pending) is never read as 回复 and 不予受理 never as 已受理."""
    if not text:
        return None
    words = words or config.interaction()["messages"]["status"]
    best: tuple[int, str] | None = None
    for kind in (ANSWERED, PENDING, INVALID):
        for w in words.get(kind, ()):
            if w in text and (best is None or len(w) > best[0]):
                best = (len(w), kind)
    return best[1] if best else None


def is_consultation(name: str | None, channels: Mapping | None = None) -> bool:
    """A consultation channel's name: not petition, reporting, interview or survey."""
    channels = channels or config.interaction()["channels"]
    return not _has(name, channels["excluded"])


def consultation_columns(facts: Facts) -> list[Row]:
    channels = config.interaction()["channels"]
    return [c for c in facts.columns if c.get("category") == "interaction"
            and c.get("role") == "column" and is_consultation(c.get("name"), channels)]


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def _unit_name(facts: Facts, column: Row) -> str:
    unit = facts.unit(column.get("unit_key"))
    return unit["name"] if unit else facts.site_name


def _detail_failure(facts: Facts, message: Row) -> str | None:
    """Why the letter's detail page could not be read (None if it was, or was never needed)."""
    page = facts.page(message.get("url"))
    if page is None:
        return "未抓取"
    return fetch_failure(page)


@rule("interaction.unanswered")
def interaction_unanswered(facts: Facts, ctx: Context) -> Iterator[Finding]:
    months = int(ctx.value("months"))
    window_start = months_before(ctx.as_of, int(ctx.value("window_months")))
    status_words = config.interaction()["messages"]["status"]
    by_column: dict[str, list[Row]] = {}
    for m in facts.messages:
        # A letter read only from its page (the list was not a recognisable table) belongs to
        # the columns that list it.
        keys = {m["column_key"]} if m.get("column_key") else \
            {i.get("column_key") for i in facts.items_at(m.get("url"))}
        for key in keys:
            by_column.setdefault(key, []).append(m)
    for column in consultation_columns(facts):
        unit_name = _unit_name(facts, column)
        where = dict(unit_key=column.get("unit_key"), unit_name=unit_name, **column_fields(column))
        letters = by_column.get(column["key"], [])
        failure = list_failure(column)
        partial = column.get("list_status") == "partial" or (column.get("pages_failed") or 0) > 0
        if failure or partial or (not letters and facts.items_of(column["key"])):
            why = ("留言列表无法读取" if failure else "留言列表部分页面无法读取" if partial
                   else "未能识别留言列表中的留言时间和办理状态")
            yield Finding(
                status="unverified", url=column.get("url"), **where,
                message=f"“{unit_name}”的“{column.get('name')}”{why}，是否存在超过{months}个月"
                        f"未回复的留言未能核验",
                evidence={"what": "message-list", "reason": why, "list_status": column.get("list_status"),
                          "messages_read": len(letters)},
            )
            if failure:
                continue
        for m in letters:
            yield from _judge(facts, ctx, m, where, months, window_start, status_words)


def _judge(facts: Facts, ctx: Context, m: Row, where: dict, months: int, window_start: dt.date,
           status_words: Mapping) -> Iterator[Finding]:
    kinds = {status_kind(m.get("list_status"), status_words),
             status_kind(m.get("detail_status"), status_words)} - {None}
    if INVALID in kinds:  # only valid messages count
        return
    asked = parse_date(m.get("list_asked")) or parse_date(m.get("detail_asked"))
    replied = parse_date(m.get("list_replied")) or parse_date(m.get("detail_replied"))
    title = m.get("title") or m.get("url")
    if asked is None:
        return  # an undated letter cannot be judged; its list row said nothing checkable
    deadline = months_after(asked, months)
    if ctx.as_of <= deadline:
        return  # not yet waiting more than `months`, whatever its state
    detail_read = m.get("detail_http") is not None and not _detail_failure(facts, m)
    answered = replied is not None or ANSWERED in kinds or bool(m.get("has_reply_text"))
    if answered:
        if replied is None or replied <= deadline or replied < window_start:
            return
        state, waited = "answered-late", (replied - asked).days
        text = f"于{asked.isoformat()}提交，{replied.isoformat()}才答复，超过{months}个月未回复"
    elif PENDING in kinds or detail_read:
        state, waited = "unanswered", (ctx.as_of - asked).days
        shown = m.get("list_status") or m.get("detail_status") or "详情页无答复"
        text = f"于{asked.isoformat()}提交，至{ctx.as_of.isoformat()}仍未回复（{shown}），已超过{months}个月"
    else:
        reason = _detail_failure(facts, m) or "列表未显示办理状态"
        yield Finding(
            status="unverified", url=m.get("url"), **where,
            message=f"“{where['unit_name']}”的留言“{title}”列表未显示办理状态，详情页无法读取"
                    f"（{reason}），是否超过{months}个月未回复未能核验",
            evidence={"what": "message", "title": title, "asked": asked.isoformat(),
                      "reason": reason},
        )
        return
    yield Finding(
        url=m.get("url"), **where,
        message=f"“{where['unit_name']}”的“{where['column_name']}”中留言“{title}”{text}",
        evidence={
            "title": title, "state": state, "asked": asked.isoformat(),
            "replied": replied.isoformat() if replied else None,
            "list_status": m.get("list_status"), "detail_status": m.get("detail_status"),
            "reply_unit": m.get("reply_unit"), "deadline": deadline.isoformat(),
            "days_waited": waited, "limit_months": months,
        },
    )


@rule("interaction.no-channel")
def interaction_no_channel(facts: Facts, ctx: Context) -> Iterator[Finding]:
    channels = config.interaction()["channels"]
    home_failure = fetch_failure(facts.page(facts.site_url))
    columns = consultation_columns(facts)
    # whether one link is a channel: the first found ends the search; each word list is one
    # alternation (a portal has ~100k links, each tested against dozens of words)
    wanted, excluded_words = _any_of(channels["consultation"]), _any_of(channels["excluded"])
    links = any(wanted(text) and not excluded_words(text)
                for text in facts.link_texts() if text)
    if columns or links:
        return
    if home_failure or facts.page(facts.site_url) is None:
        yield Finding(
            status="unverified", unit_name=facts.site_name,
            url=facts.site_url,
            message=f"“{facts.site_name}”首页无法读取（{home_failure or '未抓取'}），"
                    "是否设有网上咨询建言渠道未能核验",
            evidence={"what": "homepage", "reason": home_failure or "未抓取"},
        )
        return
    excluded = sorted({c.get("name") for c in facts.columns if c.get("category") == "interaction"})
    yield Finding(
        unit_name=facts.site_name, url=facts.site_url,
        message=f"“{facts.site_name}”未发现有效的网上咨询建言渠道（领导信箱、咨询留言等栏目或链接）"
                + (f"；仅有{'、'.join(excluded)}，不计入咨询建言渠道" if excluded else ""),
        evidence={"columns_seen": len(facts.columns), "links_seen": facts.link_count(),
                  "excluded_channels": excluded, "keywords": list(channels["consultation"])},
    )
