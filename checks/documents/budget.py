"""What a department budget or final-accounts disclosure (部门预算/部门决算公开) contains.

Pure functions over `Document` objects (text + tables), no store and no clock:
- `classify_title`: is a listed title a disclosure, of which kind and year, or a 三公 statement;
  `classify_titles` also splits a combined title (`2026年部门预算和2025年部门决算公开`);
- `tables_found`: which required tables (ground/data/budget.yaml) a document publishes, by
  caption, sheet name, title rows or a title line in the text; an empty table counts, since
  143号 requires empty tables to be published (its title is what shows it was);
- `sangong`: the four 三公经费 amounts and whether their change is explained.

`checks/documents/disclosures.py` groups documents per unit, kind and year and runs these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Iterable

from ground.documents import Document
from ground.budget_format import KIND_LABELS, KINDS, data  # noqa: F401 (the checks' names)


# Characters that vary between portals without changing a title: spaces, quotes, brackets.
_QUOTES = "\u3000\u00a0“”\"'‘’「」『』《》【】"
# The characters of `\s` other than the newline, listed: a regex class of plain characters is
# searched twice as fast as `[^\S\n]` or `\s` (5.6 million characters of budget documents per
# audit of a big portal). `\s` is str.isspace, whose characters all lie at or below U+3000
# (tests/test_budget_whole_text.py holds this list to every code point).
_SPACES = "".join(re.findall(r"[^\S\n]", "".join(map(chr, range(0x3001)))))
_DROP = re.compile("[" + re.escape("\n" + _SPACES + _QUOTES) + "]+")
# Full-width punctuation read as its ASCII form (str.replace per pair: a dict `translate` looks
# up every character in Python and was the main cost of reading long documents).
_BRACKETS = (("（", "("), ("）", ")"), ("：", ":"), ("，", ","), ("；", ";"))
# A year: 19xx or 20xx not preceded by a digit, then 年. The test of the character before the
# year is made after its first two digits (`(?<!\d..)` there is `(?<!\d)` at the start), so
# that the pattern opens with its digits and the regex engine skips to a 1 or a 2 in C: four
# times faster over a document's text than opening with the look-behind.
_YEAR = re.compile(r"((?:19|20)(?<!\d..)\d{2})\s*年")
_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_CELL_NUMBER = re.compile(rf"^{_NUMBER}$")
_ZERO_MARKS = {"-", "—", "－", "--", "——", "/", "0"}
_SENTENCE = re.compile(r"[。;！!？?\n]+")


def norm(text: str | None) -> str:
    """A title or line with whitespace, quotes and bracket styles unified for matching."""
    # Pure, and the same cells, lines and words recur across a portal's documents (≈ 2 million
    # calls for a 745-unit portal): short ones are remembered, whole texts are not kept.
    if text and len(text) > SHORT:
        return _norm(text)
    return _short_norm(text)


SHORT = 200  # characters: a cell, a line, a title


def _norm(text: str | None) -> str:
    text = text or ""
    for wide, narrow in _BRACKETS:
        if wide in text:
            text = text.replace(wide, narrow)
    return _DROP.sub("", text)


_short_norm = lru_cache(maxsize=1 << 16)(_norm)

# What `_DROP` drops, except the newline: `norm_lines` normalises every line of a text at once.
_DROP_IN_LINES = re.compile("[" + re.escape(_SPACES + _QUOTES) + "]+")


@lru_cache(maxsize=4)
def norm_lines(text: str) -> str:
    """`norm` of each line of `text`, lines still separated by "\n": line i of the result is
    `norm(text.split("\n")[i])` and, without its newlines, it is `norm(text)` (both functions
    replace and drop character by character). One pass in C instead of one call per line; the
    last few texts are kept because a document's text is read by several of its analyses."""
    for wide, narrow in _BRACKETS:
        if wide in text:
            text = text.replace(wide, narrow)
    return _DROP_IN_LINES.sub("", text)


# -- titles -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TitleClass:
    kind: str          # budget | final-accounts
    year: int
    sangong_only: bool  # a 三公经费 statement, not the disclosure itself


# A publisher's name opening a title and followed directly by the year: 示例县审计局2026年…
# The name may hold digits (示例县第2片区审计局), never a year of its own.
_LEADING_ORGAN = re.compile(r"^(?:(?!(?:19|20)\d\d).)*?"
                            r"(?:人民政府|政府|委员会|办公室|局|委|办|院|中心|街道办事处|街道|镇|乡|所|队|站)"
                            r"(?=(?:19|20)\d\d)")

# Every disclosure title holds 算 (预算/决算, even spaced out).
TITLE_CHAR = "算"


@lru_cache(maxsize=None)
def _title_words(data_dir: str | None = None) -> dict[str, re.Pattern]:
    """Each title word list of budget.yaml, normalised once and compiled into one alternation:
    `search` finds a match exactly when some word occurs in the text (C-level, once per item)."""
    spec = data(data_dir)["titles"]
    return {k: re.compile("|".join(re.escape(norm(w)) for w in spec[k]) or "(?!)")
            for k in ("exclude", "sangong", "budget", "final-accounts")}


def classify_title(title: str | None, data_dir: str | None = None) -> TitleClass | None:
    """`XX局2026年部门预算公开` → (budget, 2026); `XX局2025年度部门决算` → (final-accounts, 2025);
    `XX局2026年“三公”经费预算情况说明` → (budget, 2026, 三公 only); anything else → None."""
    if not title or TITLE_CHAR not in title:  # a cheap first pass over every item
        return None
    text = norm(title)
    words = _title_words(data_dir)
    # The words that mark other documents (审计, 绩效, 政府采购 …) are also parts of organ names
    # (示例县审计局): judged on the title without the publisher's name in front of the year.
    if not text or words["exclude"].search(_LEADING_ORGAN.sub("", text, count=1)):
        return None
    years = {int(y) for y in _YEAR.findall(text)}
    if len(years) != 1:
        return None  # no year, or two years (a combined or comparative title): not judged
    year = years.pop()
    sangong = words["sangong"].search(text) is not None
    has_budget = "预算" in text
    has_final = "决算" in text
    if has_budget == has_final:
        return None
    kind = "budget" if has_budget else "final-accounts"
    if words[kind].search(text):
        return _title_class(kind, year, sangong and not _names_whole(text, kind))
    if sangong:
        return _title_class(kind, year, True)
    return None


def classify_titles(title: str | None, data_dir: str | None = None) -> tuple[TitleClass, ...]:
    """Every disclosure a listed title names: the one of `classify_title`, or for a combined
    title one per kind and year it names (`XX局2026年部门预算和2025年部门决算公开` → (budget,
    2026) and (final-accounts, 2025)). A combined disclosure counts for each: declaring either
    missing would accuse the unit of not publishing what it published."""
    single = classify_title(title, data_dir)
    if single is not None:
        return (single,)
    if not title or TITLE_CHAR not in title:
        return ()
    text = norm(title)
    if "预算" not in text or "决算" not in text:
        return ()
    words = _title_words(data_dir)
    if words["exclude"].search(_LEADING_ORGAN.sub("", text, count=1)):
        return ()
    starts = [m.start() for m in _YEAR.finditer(text)]
    if len({int(m.group(1)) for m in _YEAR.finditer(text)}) < 2:
        return ()  # one year and both words (预算和决算) names no year for each: not judged
    # Each year owns the words up to the next year: `2026年部门预算和` | `2025年部门决算公开`.
    segments = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    out: list[TitleClass] = []
    pending: list[int] = []  # years listed before their kind (`2025年、2026年部门预算`)
    for segment in segments:
        year = int(_YEAR.match(segment).group(1))
        has_budget, has_final = "预算" in segment, "决算" in segment
        if not has_budget and not has_final:
            pending.append(year)
            continue
        if has_budget == has_final:
            return ()  # a segment naming both again: not split with confidence
        kind = "budget" if has_budget else "final-accounts"
        sangong = words["sangong"].search(segment) is not None
        if not words[kind].search(segment) and not sangong:
            return ()
        only = sangong and not _names_whole(segment, kind)
        out.extend(_title_class(kind, y, only) for y in (*pending, year))
        pending = []
    return tuple(dict.fromkeys(out)) if not pending and len({c.kind for c in out}) == 2 else ()


@lru_cache(maxsize=1024)
def _title_class(kind: str, year: int, sangong_only: bool) -> TitleClass:
    """Title classes are few and immutable: each is built once (a frozen dataclass is slow to make)."""
    return TitleClass(kind, year, sangong_only=sangong_only)


def _names_whole(text: str, kind: str) -> bool:
    """A title like `2026年部门预算公开（含三公经费）` is the disclosure, not only its 三公 part."""
    whole = {"budget": ("部门预算", "单位预算", "预算公开"),
             "final-accounts": ("部门决算", "单位决算", "决算公开")}[kind]
    return any(word in text for word in whole)


# -- tables -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequiredTable:
    title: str
    names: tuple[str, ...]  # normalised title and synonyms
    optional: bool = False


@lru_cache(maxsize=None)
def required_tables(kind: str, data_dir: str | None = None) -> tuple[RequiredTable, ...]:
    out = []
    for entry in data(data_dir)["tables"][kind]:
        names = tuple(dict.fromkeys(norm(n) for n in [entry["title"], *entry.get("synonyms", [])]))
        out.append(RequiredTable(entry["title"], names, bool(entry.get("optional"))))
    return tuple(out)


def _table_lines(doc: Document) -> Iterable[str]:
    """Where a table's own title shows: caption, sheet name and its first rows (the lines of the
    text, where a caption above an HTML table ends up, are searched by `tables_found`)."""
    for table in doc.tables:
        yield table.caption
        yield table.sheet
        for row in table.rows[:3]:
            yield "".join(dict.fromkeys(c for c in row if c))


@lru_cache(maxsize=None)
def _table_names(kind: str, data_dir: str | None = None) -> tuple[tuple[tuple[str, str], ...], re.Pattern]:
    """(name, title) pairs of the required tables, longest name first, and one alternation of
    the names: a line none of them occurs in (most lines) is passed over by one C-level search."""
    names = tuple(sorted(((name, t.title) for t in required_tables(kind, data_dir) for name in t.names),
                         key=lambda pair: -len(pair[0])))
    return names, re.compile("|".join(re.escape(name) for name, _ in names) or "(?!)")


def tables_found(doc: Document, kind: str, data_dir: str | None = None) -> set[str]:
    """Titles (as in budget.yaml) of the required tables this document publishes.

    A line may name several tables (a list of attachments); each span of the line counts once,
    for the longest title it matches, so `财政拨款收支总体情况表` is not also `收支总体情况表`."""
    names, any_name = _table_names(kind, data_dir)
    found: set[str] = set()
    for raw in _table_lines(doc):
        line = norm(raw)
        if line and any_name.search(line):
            found |= _titles_in(line, kind, data_dir)
    # The text's lines: normalised at once, and only those holding a name (no name holds a
    # newline, so a match lies within one line) are looked at, each once.
    text = norm_lines(doc.text or "")
    pos = 0
    while (match := any_name.search(text, pos)) is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        found |= _titles_in(text[start:end], kind, data_dir)
        pos = end + 1
    return found


def _titles_in(line: str, kind: str, data_dir: str | None) -> frozenset[str]:
    """The titles named in one normalised line: name by name, longest first, each occurrence
    counts unless it overlaps one taken before (each span once, for its longest title)."""
    if len(line) > SHORT:
        return _line_titles(line, kind, data_dir)
    return _short_line_titles(line, kind, data_dir)


def _line_titles(line: str, kind: str, data_dir: str | None) -> frozenset[str]:
    names, _ = _table_names(kind, data_dir)
    found: set[str] = set()
    taken: list[tuple[int, int]] = []
    for name, title in names:
        start = line.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                found.add(title)
            start = line.find(name, start + 1)
    return frozenset(found)


# Table titles and lists of them recur from one disclosure to the next (a portal's units
# publish from one template): a short line's titles are worked out once.
_short_line_titles = lru_cache(maxsize=1 << 14)(_line_titles)


# -- 三公经费 ------------------------------------------------------------------------------------

@dataclass
class Sangong:
    amounts: dict[str, float] = field(default_factory=dict)  # key -> 万元 or 元 as written
    explained: bool = False
    explanation: str = ""  # the sentence(s) explaining the change, as written (for the report)
    none_declared: bool = False  # the document says there is no 三公经费 at all

    def merge(self, other: "Sangong") -> None:
        for key, value in other.amounts.items():
            self.amounts.setdefault(key, value)
        self.explained = self.explained or other.explained
        self.explanation = self.explanation or other.explanation
        self.none_declared = self.none_declared or other.none_declared


def sangong_items(data_dir: str | None = None) -> list[dict]:
    return data(data_dir)["sangong"]["amounts"]


def _to_number(cell: str) -> float | None:
    text = norm(cell).replace(",", "")
    if text in _ZERO_MARKS:
        return 0.0
    if _CELL_NUMBER.match(text):
        return float(text)
    return None


def _amounts_in_text(text: str, data_dir: str | None, flat: str | None = None
                     ) -> dict[str, float]:
    out: dict[str, float] = {}
    flat = norm(text) if flat is None else flat  # `flat`: the text already normalised
    for key, patterns in _amount_patterns(data_dir):
        for name, pattern in patterns:
            if name not in flat:  # the pattern starts with the name
                continue
            match = pattern.search(flat)
            if match:
                out[key] = float(match.group(1).replace(",", ""))
                break
    return out


@lru_cache(maxsize=8)
def _amount_patterns(data_dir: str | None) -> list[tuple[str, list[tuple[str, re.Pattern]]]]:
    """(key, [(name, its amount pattern)], longest name first) of each 三公 amount, compiled once
    (they were looked up in `re`'s cache, and escaped, for every document)."""
    out = []
    for item in sangong_items(data_dir):
        names = sorted({norm(n) for n in item["names"]}, key=len, reverse=True)
        # `因公出国(境)费预算数为0.5万元`: the name, a few words, then an amount with its unit.
        out.append((item["key"], [(name, re.compile(re.escape(name) + rf"[^0-9。;,]{{0,12}}?({_NUMBER})(万元|元)"))
                                  for name in names]))
    return out


@lru_cache(maxsize=None)
def _sangong_names(data_dir: str | None = None) -> tuple[list[tuple[str, list[str]]], re.Pattern]:
    """(key, normalised names longest first) of each 三公 amount, and one alternation of all
    the names."""
    items = [(item["key"], sorted({norm(n) for n in item["names"]}, key=len, reverse=True))
             for item in sangong_items(data_dir)]
    names = [n for _, group in items for n in group]
    return items, re.compile("|".join(re.escape(n) for n in names) or "(?!)")


def _amounts_in_tables(doc: Document, data_dir: str | None) -> dict[str, float]:
    """A name in a header cell with its amount below it (column layout), or in a row label with
    its amount to the right (row layout)."""
    out: dict[str, float] = {}
    items, any_name = _sangong_names(data_dir)
    for table in doc.tables:
        rows = table.rows
        if not _may_name(rows, any_name):  # most tables: no cell names a 三公 amount
            continue
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                text = norm(cell)
                if not text or not any_name.search(text):  # most cells name none of them
                    continue
                for key, names in items:
                    if key in out or not any(n in text for n in names):
                        continue
                    below = (_to_number(rows[k][c]) for k in range(r + 1, len(rows))
                             if c < len(rows[k]) and norm(rows[k][c]) != text)
                    value = next((v for v in below if v is not None), None)
                    if value is None:
                        right = (_to_number(v) for v in row[c + 1:] if norm(v) != text)
                        value = next((v for v in right if v is not None), None)
                    if value is not None:
                        out[key] = value
    return out


def _may_name(rows: list[list[str]], any_name: re.Pattern) -> bool:
    """False when no cell of `rows`, normalised, holds a match of `any_name` (a 三公 name):
    the cells are normalised through `norm`'s cache, joined and searched once, all in C,
    instead of one Python step per cell (a cell's match is a match in the joined text, so none
    there is none in any cell). True when that cannot be told so (a cell that is not a short
    string), or when a cell may hold one: the cells are then looked at one by one."""
    cells = list(chain.from_iterable(rows))
    try:
        if max(map(len, cells), default=0) > SHORT:
            return True  # long cells are not kept in the cache
    except TypeError:  # a cell that is not a string
        return True
    return any_name.search("\0".join(map(_short_norm, cells))) is not None


# Longest explanation kept for the report: enough for a sentence and its reason.
_EXPLANATION_CHARS = 300


@lru_cache(maxsize=8)
def _explanation_words(data_dir: str | None) -> tuple[list[str], ...]:
    """(subjects, change, no-change and reason words) of the 三公 explanation, normalised once
    (they were normalised again for every document)."""
    spec = data(data_dir)["sangong"]
    return (["三公"] + [norm(n) for item in spec["amounts"] for n in item["names"]],
            [norm(w) for w in spec["change_words"]], [norm(w) for w in spec["no_change_words"]],
            [norm(w) for w in spec["reason_words"]])


def _explanation(text: str, data_dir: str | None, flat: str | None = None) -> str:
    """The sentence (with the next one when the reason is there) that explains the change of the
    三公经费, as written; "" when there is none. `flat`: the text already normalised."""
    subjects, change, same, reasons = _explanation_words(data_dir)
    # A normalised sentence lies within the normalised text: a text holding no subject or no
    # change word (most) has no such sentence, and is not split and normalised sentence by
    # sentence.
    flat = norm(text) if flat is None else flat
    if not any(s in flat for s in subjects) or not any(w in flat for w in change):
        return ""
    raw = [s.strip() for s in _SENTENCE.split(text or "")]
    sentences = [norm(s) for s in raw]
    for i, sentence in enumerate(sentences):
        if not any(s in sentence for s in subjects) or not any(w in sentence for w in change):
            continue
        if any(w in sentence for w in same):
            return raw[i][:_EXPLANATION_CHARS]
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        if any(w in sentence for w in reasons):
            return raw[i][:_EXPLANATION_CHARS]
        if any(w in following for w in reasons):
            return f"{raw[i]}。{raw[i + 1]}"[:_EXPLANATION_CHARS]
    return ""


def sangong(doc: Document, data_dir: str | None = None) -> Sangong:
    """The 三公经费 amounts and explanation one document gives (text first, then tables)."""
    spec = data(data_dir)["sangong"]
    result = Sangong()
    flat = norm_lines(doc.text or "").replace("\n", "")  # norm(doc.text), shared with tables_found
    result.amounts = _amounts_in_text(doc.text, data_dir, flat)
    for key, value in _amounts_in_tables(doc, data_dir).items():
        result.amounts.setdefault(key, value)
    result.explanation = _explanation(doc.text, data_dir, flat)
    result.explained = bool(result.explanation)
    result.none_declared = any(norm(s) in flat for s in spec["none_statements"])
    return result


def text_years(text: str) -> list[int]:
    """The years a document's text speaks of, most mentioned first (for the summary)."""
    counts: dict[int, int] = {}
    for y in _YEAR.findall(text or ""):
        counts[int(y)] = counts.get(int(y), 0) + 1
    return sorted(counts, key=lambda y: (-counts[y], -y))
