"""Content rule: suspected serious misstatements (`content.serious-error`).

A dictionary of known wrong forms of high-risk terms (country name, organ names, slogans;
ground/data/serious_errors.yaml) is matched in article titles and stored texts. A hit is only
疑似: the finding has status `suspected`, goes to a person for review and never counts toward
the verdict or a CI gate, although a confirmed 严重表述错误 is a 单项否决 of the indicators.
One finding per document (article or attachment) lists every hit in it.

The dictionary is national; a site or province pack (`--rules FILE`) adds its own entries (local
place names, leaders' names and titles) under the rule's `local_entries` threshold and drops a
national entry that is a false alarm locally under `ignored_wrong_forms`. Both are checked when
the pack is loaded (`validate_thresholds`), so a malformed entry stops the audit before it runs.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Callable, Iterator

from checks import data
from checks.facts import Facts, Row
from checks.model import Context, Finding, column_fields
from checks.pack import PackError
from checks.registry import rule

CONTEXT_CHARS = 12  # characters of surrounding text quoted on each side of a hit


@dataclass(frozen=True)
class Entry:
    wrong: str
    correct: str
    kind: str


@lru_cache(maxsize=None)
def national_dictionary() -> tuple[Entry, ...]:
    return tuple(Entry(str(e["wrong"]), str(e["correct"]), str(e["kind"]))
                 for e in data.load("serious_errors.yaml")["entries"])


def local_entries(raw: object) -> tuple[Entry, ...]:
    """A pack's `local_entries` value as entries; PackError (in Chinese) when malformed."""
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        raise PackError("content.serious-error 的 local_entries 应为词条列表")
    out = []
    for n, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) and entry.get(k).strip() for k in ("wrong", "correct")):
            raise PackError(f"content.serious-error 的 local_entries 第{n}条应包含非空的 wrong 和 correct")
        wrong = unicodedata.normalize("NFKC", entry["wrong"]).strip()
        correct = unicodedata.normalize("NFKC", entry["correct"]).strip()
        if wrong == correct:
            raise PackError(f"content.serious-error 的 local_entries 第{n}条错误写法与正确写法相同：{wrong}")
        out.append(Entry(wrong, correct, str(entry.get("kind") or "local")))
    return tuple(out)


def ignored_forms(raw: object) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, (list, tuple)) or not all(isinstance(w, str) for w in raw):
        raise PackError("content.serious-error 的 ignored_wrong_forms 应为错误写法（字符串）的列表")
    return frozenset(unicodedata.normalize("NFKC", w).strip() for w in raw)


def dictionary(thresholds=None) -> tuple[Entry, ...]:
    """The national entries, minus the pack's `ignored_wrong_forms`, plus its `local_entries`."""
    thresholds = thresholds or {}
    value = lambda name: thresholds[name].value if name in thresholds else None  # noqa: E731
    ignored = ignored_forms(value("ignored_wrong_forms"))
    extra = local_entries(value("local_entries"))
    return tuple(e for e in national_dictionary() if e.wrong not in ignored) + extra


def validate_thresholds(thresholds) -> None:
    """Called when a pack is loaded: a malformed local dictionary is a pack error."""
    dictionary(thresholds)


def _covered(text: str, start: int, end: int, correct: str) -> bool:
    """True when [start, end) lies inside an occurrence of the correct form (a wrong form that
    is a substring of the right one, e.g. 政府 within 人民政府, is no error)."""
    first = max(0, start - len(correct) + (end - start))
    at = text.find(correct, first)
    while at != -1 and at <= start:
        if at + len(correct) >= end:
            return True
        at = text.find(correct, at + 1)
    return False


def find_errors(text: str, entries: tuple[Entry, ...] | None = None) -> list[dict]:
    """Every dictionary hit in `text` (the national dictionary unless `entries` is given):
    wrong form, correct form, kind and a short quote."""
    text = unicodedata.normalize("NFKC", text or "")
    hits = []
    for entry in national_dictionary() if entries is None else entries:
        at = text.find(entry.wrong)
        while at != -1:
            end = at + len(entry.wrong)
            if not _covered(text, at, end, entry.correct):
                quote = text[max(0, at - CONTEXT_CHARS):end + CONTEXT_CHARS].replace("\n", " ")
                hits.append({"wrong": entry.wrong, "correct": entry.correct, "kind": entry.kind,
                             "quote": quote})
            at = text.find(entry.wrong, end)
    return hits


def _article_of(facts: Facts, url: str) -> Row | None:
    item = next(iter(facts.items_at(url)), None)
    if item is None:  # an attachment: the article that links to it
        for link in facts.links_to(url):
            item = next(iter(facts.items_at(link["from_url"])), None)
            if item:
                break
    return item


def _cjk(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


@lru_cache(maxsize=16)
def _variants(wanted: frozenset[str]) -> re.Pattern | None:
    """A character class of every character NFKC turns into text holding one of `wanted` (the
    characters of the wrong forms): a Kangxi radical or compatibility ideograph for its unified
    ideograph ...; None when a wrong form holds a non-ideograph (which NFKC could also build by
    composing a sequence): then titles must be normalised one by one.

    A unified CJK ideograph has no decomposition and is never the result of a composition, so
    text can only gain one under NFKC from a character whose own normalisation holds it."""
    if not all(map(_cjk, wanted)):
        return None
    chars = [chr(cp) for cp in range(sys.maxunicode + 1)
             if unicodedata.decomposition(chr(cp))
             and not wanted.isdisjoint(unicodedata.normalize("NFKC", chr(cp)))]
    return re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else re.compile("(?!)")


def _visit_hits(joined: str, entries: tuple[Entry, ...], variants: re.Pattern,
                around: Callable[[int], int]) -> None:
    """Call `around(at)` for the NUL-separated part holding each entry hit and each NFKC
    variant in `joined`; `around` returns the part's end, where the next search of the same
    entry starts (one hit per part is enough)."""
    for entry in entries:
        at = joined.find(entry.wrong) if entry.wrong else -1
        while at != -1:
            at = joined.find(entry.wrong, around(at))
    for match in variants.finditer(joined):
        around(match.start())


def _candidates_in_joined(facts: Facts, entries: tuple[Entry, ...], variants: re.Pattern,
                          joined: str) -> Iterator[tuple[Row, str]]:
    """`_titles_with_candidates` over the titles joined by NUL in SQLite (no Python object per
    title): whether a title may hold a hit depends on its text alone, so the distinct titles
    found are collected and the items bearing them read back, in item order."""
    picked: set[str] = set()

    def title_around(at: int) -> int:  # adds the title holding position `at`; returns its end
        start = joined.rfind("\0", 0, at) + 1
        end = joined.find("\0", at)
        end = len(joined) if end == -1 else end
        picked.add(joined[start:end])
        return end

    _visit_hits(joined, entries, variants, title_around)
    picked.discard("")
    for item in facts.items_with_titles(picked):
        yield item, item.get("title") or ""


def _titles_with_candidates(facts: Facts, entries: tuple[Entry, ...]
                            ) -> Iterator[tuple[Row, str]]:
    """(item, title) of the items whose title may hold a dictionary hit, in item order.

    Titles are many (a million at national scale) and hits rare, so instead of normalising and
    searching every title for every entry, the distinct titles are joined by NUL (which no entry
    holds; SQLite joins them) and the joined text is searched once per entry by C-level `str.find`,
    plus once for the characters NFKC could turn into part of an entry (`_variants`). Only the
    titles so found go through `find_errors`, which normalises and decides exactly as before."""
    variants = _variants(frozenset(ch for entry in entries for ch in entry.wrong))
    joined, count = facts.joined_titles()
    if variants is not None and joined.count("\0") == max(count - 1, 0):  # no title holds NUL
        yield from _candidates_in_joined(facts, entries, variants, joined)
        return
    # An entry outside the CJK ranges, or a title holding NUL: every titled item is searched.
    ids, titles = facts.item_titles()
    picked = [n for n, title in enumerate(titles) if title]
    for item, n in zip(facts.items_by_id(ids[n] for n in picked), picked):
        yield item, titles[n]


def _texts_with_candidates(facts: Facts, entries: tuple[Entry, ...]) -> Iterator[Row]:
    """The stored texts that may hold a dictionary hit, in their order: the texts are joined
    by NUL and searched as the titles are (`_titles_with_candidates`), so the tens of thousands
    of texts without a candidate are not normalised one by one. Every text is given when an
    entry holds a non-ideograph or a text holds NUL."""
    variants = _variants(frozenset(ch for entry in entries for ch in entry.wrong))
    texts = [t.get("text") or "" for t in facts.texts]
    joined = "\0".join(texts)
    if variants is None or joined.count("\0") != max(len(texts) - 1, 0):
        yield from facts.texts
        return
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    picked: set[int] = set()

    def text_around(at: int) -> int:  # adds the text holding position `at`; returns its end
        n = bisect_right(starts, at) - 1
        picked.add(n)
        return starts[n] + len(texts[n])

    _visit_hits(joined, entries, variants, text_around)
    for n in sorted(picked):
        yield facts.texts[n]


@rule("content.serious-error", validate=validate_thresholds)
def serious_error(facts: Facts, ctx: Context) -> Iterator[Finding]:
    entries = dictionary(ctx.thresholds)
    hits: dict[str, list[dict]] = {}
    for item, title in _titles_with_candidates(facts, entries):
        for hit in find_errors(title, entries):
            hits.setdefault(item["url"], []).append({**hit, "where": "title"})
    for text in _texts_with_candidates(facts, entries):
        for hit in find_errors(text.get("text") or "", entries):
            hits.setdefault(text["url"], []).append({**hit, "where": "text"})
    for url, found in hits.items():
        item = _article_of(facts, url)
        column = facts.column(item.get("column_key")) if item else None
        unit = facts.unit(item.get("unit_key")) if item else facts.unit_for_url(url)
        unit_name = unit["name"] if unit else facts.site_name
        where = f"“{item['title']}”" if item and item.get("title") else url
        pairs = "、".join(dict.fromkeys(f"“{h['wrong']}”（应为“{h['correct']}”）" for h in found))
        yield Finding(
            status="suspected",
            unit_key=unit["key"] if unit else None, unit_name=unit_name,
            **column_fields(column), url=url,
            message=f"疑似严重表述错误，待人工核实：“{unit_name}”公开的{where}中出现{pairs}",
            evidence={
                "document_url": url,
                "article_url": item.get("url") if item else None,
                "article_title": item.get("title") if item else None,
                "hits": found,
                "review": "疑似问题，须人工核实后方可认定；不计入单项否决",
            },
        )
