"""Finding personal numbers in published text and tables: resident IDs, mobiles, bank cards.

Pure functions over strings (and Table rows), used by the `privacy.exposed` rule.

* Resident IDs (GB 11643): 18 characters with a real birth date and a valid ISO 7064 MOD 11-2
  check digit. No context needed: the check digit alone rules out most other digit runs.
* Mobile numbers: 11 digits `1[3-9]x`, optionally written `138 1234 5678` / `138-1234-5678`.
* Bank cards: 16-19 digits (optionally in groups of four) with a plausible issuer prefix and a
  valid Luhn check digit, and not a valid resident ID.

Text is NFKC-normalised first: a number typed in full-width digits (`１１０１０５…`, common in
Word documents) is the same number, and full-width spaces, hyphens and asterisks in it too.

Masked forms (`138****1234`, `6222 **** **** 1234`, `640422********123X`) have no full digit run
and never match. Offices publish their own contact numbers and collection accounts on purpose,
so mobiles and cards count only in a personal-data context (ground/data/privacy.yaml): a
personal marker (当事人, 姓名, 住址, 救助对象 …) shortly before the number on its line with no
office marker (咨询电话, 办公电话 …) after it, or a cell of a roster table (a header cell such as
姓名 or 户主). A wrong accusation is worse than a missed number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ground import config

ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
MOBILE_CANDIDATE = re.compile(r"(?<![0-9A-Za-z*])(1[3-9]\d)([ -]?)(\d{4})\2(\d{4})(?![0-9A-Za-z*])")
CARD_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z*])(\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z*])")
ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
OLDEST_BIRTH_YEAR = 1900

ID, MOBILE, CARD = "id", "mobile", "card"
LABELS = {ID: "公民身份号码", MOBILE: "手机号码", CARD: "银行卡号"}


@dataclass(frozen=True)
class Hit:
    kind: str      # id | mobile | card
    number: str    # digits only (the ID may end in X)

    @property
    def masked(self) -> str:
        return mask(self.kind, self.number)


# -- number syntax -----------------------------------------------------------------------------

def id_check_char(first17: str) -> str:
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def is_resident_id(number: str, as_of: dt.date) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < OLDEST_BIRTH_YEAR or born > as_of:
        return False
    return id_check_char(number[:17]) == number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_card(digits: str, as_of: dt.date) -> bool:
    words = vocabulary()
    low, high = words["card_lengths"]
    return (low <= len(digits) <= high and digits.startswith(tuple(words["card_prefixes"]))
            and luhn_ok(digits) and not is_resident_id(digits, as_of))


def mask(kind: str, number: str) -> str:
    """IDs keep the first 2 and last 3 characters (the stricter local format), mobiles the
    first 3 and last 4 (`138****1234`), cards the first and last 4."""
    keep = {ID: (2, 3), MOBILE: (3, 4), CARD: (4, 4)}[kind]
    return number[:keep[0]] + "*" * (len(number) - sum(keep)) + number[-keep[1]:]


# -- context -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vocabulary() -> dict:
    data = config.load_yaml("privacy.yaml")
    for key in ("personal", "official_phone", "card", "account", "official_account",
                "roster_headers", "phone_headers", "card_headers", "card_prefixes"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise config.ConfigError(f"privacy.yaml 缺少 {key} 列表")
    return data


def _last(text: str, words) -> int:
    return max((text.rfind(w) for w in words), default=-1)


def _before(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - int(vocabulary().get("window", 40))):start]


def personal_before(before: str) -> bool:
    """A personal marker, and no office-number marker after it."""
    words = vocabulary()
    personal = _last(before, words["personal"])
    return personal >= 0 and personal > _last(before, words["official_phone"])


def card_before(before: str) -> bool:
    words = vocabulary()
    if _last(before, words["official_account"]) >= 0:
        return False
    if _last(before, words["card"]) >= 0:
        return True
    return _last(before, words["account"]) >= 0 and personal_before(before)


# -- scanning ----------------------------------------------------------------------------------

def _nfkc(text) -> str:
    text = "" if text is None else str(text)
    # Most text is ASCII-digit already: normalise only what can change (NFKC of long documents
    # is not free).
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


@lru_cache(maxsize=1)
def _raw_candidate() -> tuple[re.Pattern, re.Pattern]:
    """A search over text *before* NFKC that finds something wherever the normalised text can
    hold a candidate number, so that the many texts and tables without one (most of a portal:
    years, amounts, short counts) skip the normalisation and the scans, which cannot find
    anything there.

    Every candidate (mobile, ID, card) contains three digits, an optional space or hyphen, four
    digits, an optional space or hyphen and four digits. NFKC turns a character into a single
    digit, a single space or hyphen, or into something that holds none of them, except a few
    hundred compatibility characters (⑩, ⑴, ½, ㎡, ´ …) whose image holds a digit, space or
    hyphen among other characters. So in a text without those (and without the rare non-decimal
    characters that become one digit: ¹, ①, …), the normalised candidate is the image, one to
    one, of a run of raw decimal digits and characters that normalise to a space or hyphen
    (U+3000 …); a text holding one of the others is always scanned. The character classes are
    derived from the running Python's Unicode tables (≈ 0.1 s once), not written out."""
    separators, others = [" ", "-"], []
    for code in range(0x80, 0x110000):
        char = chr(code)
        if not unicodedata.decomposition(char):  # NFKC keeps it (or composes it, never a digit)
            continue
        image = unicodedata.normalize("NFKC", char)
        if image == char or not re.search(r"[\d \-]", image):
            continue
        if len(image) == 1 and image.isdecimal():
            if not char.isdecimal():  # ¹, ①, …: rare, such a text is always scanned
                others.append(char)
        elif image in (" ", "-"):
            separators.append(char)
        else:
            others.append(char)
    # Digits that are digits before NFKC too (ASCII, full-width) are `\d`; the rest are so rare
    # in published text that finding any of them is enough. Two searches, each with a small
    # first-character set (one alternation over large classes costs several times more).
    gap = "[" + "".join(map(re.escape, separators)) + "]?"
    return (re.compile(f"\\d{{3}}{gap}\\d{{4}}{gap}\\d{{4}}"),
            re.compile("[" + "".join(map(re.escape, others)) + "]"))


def may_hold_number(text) -> bool:
    """False only when `scan_text(text)` and the cell scans cannot find a number in `text`
    (see `_raw_candidate`)."""
    text = "" if text is None else str(text)
    run, rare = _raw_candidate()
    return run.search(text) is not None or rare.search(text) is not None


def may_hold_number_json(encoded: str) -> bool:
    """`may_hold_number` for the JSON text of tables: a JSON escape (`\\u…`) or a number in
    exponent form may hide digits or separators from the raw search, so they count as maybe."""
    return (may_hold_number(encoded) or "\\u" in encoded
            or (("e" in encoded or "E" in encoded) and _EXPONENT.search(encoded) is not None))


_EXPONENT = re.compile(r"\d[eE]")


def find_ids(text: str, as_of: dt.date) -> list[str]:
    return [m.group(1) for m in ID_CANDIDATE.finditer(_nfkc(text))
            if is_resident_id(m.group(1), as_of)]


def scan_text(text: str, as_of: dt.date) -> list[Hit]:
    """Unmasked personal numbers in running text (IDs always, the others in context)."""
    if not may_hold_number(text):
        return []
    text = _nfkc(text)
    hits = [Hit(ID, n.upper()) for n in find_ids(text, as_of)]
    for m in MOBILE_CANDIDATE.finditer(text):
        if personal_before(_before(text, m.start())):
            hits.append(Hit(MOBILE, m.group(1) + m.group(3) + m.group(4)))
    for m in CARD_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if is_card(digits, as_of) and card_before(_before(text, m.start())):
            hits.append(Hit(CARD, digits))
    return hits


def scan_table(rows: list[list[str]], as_of: dt.date) -> list[Hit]:
    """Mobiles and cards in the cells of a roster: a table whose header names people. Phone
    cells count unless their column is an office number; card cells need a card column."""
    words = vocabulary()
    # Only the first three rows can hold the header: most tables (budgets, statistics) are no
    # roster, and normalising all their cells first cost more than the rest of the rule.
    head = [[_nfkc(c) for c in row] for row in rows[:3]]
    header_at = next((i for i, row in enumerate(head)
                      if any(_has(c, words["roster_headers"]) for c in row)), None)
    if header_at is None:
        return []
    rows = head + [[_nfkc(c) for c in row] for row in rows[3:]]
    header = rows[header_at]
    # What each column's title says, decided once per column rather than once per cell.
    office = [_has(title, words["official_phone"]) for title in header]
    cards = [_has(title, words["card_headers"]) and not _has(title, words["official_account"])
             for title in header]
    no_title_office = _has("", words["official_phone"])
    no_title_card = _has("", words["card_headers"]) and not _has("", words["official_account"])
    hits = []
    for row in rows[header_at + 1:]:
        for col, value in enumerate(row):
            known = col < len(header)
            for m in MOBILE_CANDIDATE.finditer(value or ""):
                if not (office[col] if known else no_title_office):
                    hits.append(Hit(MOBILE, m.group(1) + m.group(3) + m.group(4)))
            if cards[col] if known else no_title_card:
                for m in CARD_CANDIDATE.finditer(value or ""):
                    digits = re.sub(r"\D", "", m.group(1))
                    if is_card(digits, as_of):
                        hits.append(Hit(CARD, digits))
    return hits


def _has(cell: str, words) -> bool:
    return any(w in (cell or "") for w in words)


def unique(hits: list[Hit]) -> list[Hit]:
    """One hit per number, in the order ID, mobile, card, then by masked form."""
    order = {ID: 0, MOBILE: 1, CARD: 2}
    return sorted(set(hits), key=lambda h: (order[h.kind], h.masked, h.number))
