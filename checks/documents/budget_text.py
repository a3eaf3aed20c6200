"""What the explanatory text of a budget / final-accounts disclosure says about itself.

Pure functions over document texts, no store and no clock:
- `subject_lines` / `subject_units`: the lines where a disclosure names its own subject (a short
  heading naming 预算/决算, or an `编制单位：` / `单位名称：` line) and the portal units they name,
  so a disclosure copied from another unit can be told from one that merely quotes another unit
  in its body (县财政局's approval, a 上级 document ...);
- `narrative`: which of the explanations BG-NARRATIVE asks for (ground/data/budget.yaml,
  `narrative`) the text gives, found by keywords sentence by sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from checks.documents.budget import data, norm
from ground.budget_format import topics  # noqa: F401 (checks call budget_text.topics)

_SENTENCE = re.compile(r"[。;；！!？?\n]+")


def _spec(data_dir: str | None) -> dict:
    return data(data_dir).get("subject") or {"heading_chars": 40, "quoting": [], "fields": []}


def subject_lines(text: str, data_dir: str | None = None) -> list[str]:
    """The document's heading (its first line, when short, naming 预算 or 决算 and quoting no other
    document) and the value of every `编制单位：` style field, normalised."""
    spec = _spec(data_dir)
    out = []
    raw = next((line for line in (text or "").split("\n") if norm(line)), "")
    heading = norm(raw)
    # Quoting words are matched on the line as written (norm drops 《》).
    if (heading and len(heading) <= int(spec["heading_chars"])
            and ("预算" in heading or "决算" in heading)
            and not any(w in raw for w in spec["quoting"] if w)):
        out.append(heading)
    if spec["fields"]:
        # Over the whole text at once: a match cannot cross a newline, so it finds what the
        # same search line by line finds, in the same order.
        field, whole = _field_pattern(tuple(spec["fields"]))
        for line in [text or ""] if whole else (text or "").split("\n"):
            out.extend(norm(m.group(1)) for m in field.finditer(line.replace("\u3000", " ")))
    return out


@lru_cache(maxsize=8)
def _field_pattern(fields: tuple[str, ...]) -> tuple[re.Pattern, bool]:
    """(`编制单位：` style field names, then the value up to the next space; whether the whole
    text may be searched at once): unless a name holds a newline (then lines are searched one
    by one, as `\\s` may then cross one), no match crosses a line."""
    names = "|".join(map(re.escape, fields))
    if any("\n" in f for f in fields):
        return re.compile(rf"(?:{names})[:：]\s*(\S+)"), False
    return re.compile(rf"(?:{names})[:：][^\S\n]*(\S+)"), True


@lru_cache(maxsize=8)
def _normed(names: tuple[str, ...]) -> tuple[tuple[str, ...], re.Pattern]:
    """The names normalised, and a pattern finding any of them: worked out once per portal
    (every disclosure's lines are matched against all of its hundreds of units)."""
    normed = tuple(map(norm, names))
    present = sorted({n for n in normed if n}, key=len, reverse=True)
    return normed, re.compile("|".join(map(re.escape, present)) or "(?!)")


class _Names:
    """A portal's named units prepared for `subject_units`: which units bear each normalised
    name, the distinct name lengths, and a pattern giving at each position of a line the longest
    name starting there, so the names a line holds are found without testing every unit."""

    def __init__(self, units: Iterable[dict]):
        self.units = [u for u in units if u.get("name")]
        normed, self.any_name = _normed(tuple(u["name"] for u in self.units))
        self.bearing: dict[str, list[int]] = {}
        for n, name in enumerate(normed):
            self.bearing.setdefault(name, []).append(n)
        self.lengths = sorted({len(name) for name in self.bearing if name}, reverse=True)
        self.always = self.bearing.get("", [])  # a name normalised to nothing is in every line
        present = sorted((name for name in self.bearing if name), key=len, reverse=True)
        self.at = re.compile(f"(?=({'|'.join(map(re.escape, present))}))" if present else "(?!)")
        # line -> the unit it names with the longest full name (None: none). A unit states its
        # name the same way in each of its documents (`编制单位：XX局`, the heading of each
        # year): 17,000 subject lines of a 745-unit portal's disclosures are 500 distinct ones.
        self._best: dict[str, dict | None] = {}

    def best(self, line: str) -> dict | None:
        """The unit with the longest full name among those `line` names, the first in the
        units' order on a tie; None when it names none."""
        if line in self._best:
            return self._best[line]
        found = None
        if self.any_name.search(line):  # names a unit at all (one C-level scan)
            named = self.named(line)
            if named:
                found = max(named, key=lambda u: len(u["name"]))
        self._best[line] = found
        return found

    def named(self, line: str) -> list[dict]:
        """The units whose normalised name occurs in `line`, in the units' order."""
        found = set(self.always)
        for match in self.at.finditer(line):
            start, longest = match.start(), len(match.group(1))
            for length in self.lengths:  # every name starting here, the longest first
                if length <= longest:
                    found.update(self.bearing.get(line[start:start + length], ()))
        return [self.units[n] for n in sorted(found)]


_PREPARED: list = [None, None]  # (the units list last given, its _Names): one portal at a time


def _names_of(units: Iterable[dict]) -> _Names:
    if _PREPARED[0] is not units:  # the same list object for every disclosure of an audit
        _PREPARED[:] = [units, _Names(units)]
    return _PREPARED[1]


def subject_units(lines: Iterable[str], units: Iterable[dict]) -> list[dict]:
    """The portal units these subject lines name, longest full name per line (a 局 over its 县)."""
    names = _names_of(units)
    out: list[dict] = []
    for line in lines:
        best = names.best(line)
        if best is not None and best not in out:
            out.append(best)
    return out


def narrative(text: str, data_dir: str | None = None) -> dict[str, bool]:
    """{topic key: given?} for every topic of budget.yaml `narrative` (required and gradual).

    A topic is given when one sentence holds one of its words and none of its `unless` words
    (收支增减变化 must not be satisfied by the 三公经费's own 比上年减少 sentence)."""
    sentences = list(map(norm, _SENTENCE.split(text or "")))
    out = {}
    for key, words, unless in _topic_patterns(data_dir):
        if unless is None:  # most topics: any sentence holding a word, tested in C
            out[key] = any(map(words.search, sentences))
        else:
            out[key] = any(words.search(s) and not unless.search(s) for s in sentences)
    return out


def _any_of(words: Iterable[str]) -> re.Pattern:
    """A search finding a sentence exactly when one of `words` is in it (none: never)."""
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


@lru_cache(maxsize=8)
def _topic_patterns(data_dir: str | None) -> tuple[tuple[str, re.Pattern, re.Pattern | None], ...]:
    """(key, its words, its `unless` words or None when it has none) of each topic, normalised
    and made one search each once (every disclosure's sentences are tested against every
    topic)."""
    return tuple((t["key"], _any_of(norm(w) for w in t["words"]),
                  _any_of(norm(w) for w in t["unless"]) if t.get("unless") else None)
                 for t in topics(data_dir))


