"""Privacy rule: unmasked 18-digit resident ID numbers in published texts (`privacy.exposed`).

A candidate counts only with a real birth date and a valid ISO 7064 MOD 11-2 check digit, so
order numbers and other long digit runs are not flagged. Masked forms (`640422********123X`)
contain no 18-digit run and pass. The number itself never leaves this module unmasked.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from checks.facts import Facts
from checks.model import Context, Finding, column_fields
from checks.registry import rule

# Not preceded or followed by another digit/letter: a run inside a longer number is not an ID.
CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
OLDEST_BIRTH_YEAR = 1900


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def is_resident_id(number: str, as_of: dt.date) -> bool:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not OLDEST_BIRTH_YEAR <= born.year or born > as_of:
        return False
    return check_char(number[:17]) == number[17].upper()


def mask(number: str) -> str:
    """Keep the first 2 and last 3 characters, the stricter of the local masking formats."""
    return number[:2] + "*" * (len(number) - 5) + number[-3:]


def find_ids(text: str, as_of: dt.date) -> list[str]:
    return [m.group(1) for m in CANDIDATE.finditer(text or "") if is_resident_id(m.group(1), as_of)]


@rule("privacy.exposed")
def privacy_exposed(facts: Facts, ctx: Context) -> Iterator[Finding]:
    for text in facts.texts:
        found = find_ids(text.get("text") or "", ctx.as_of)
        if not found:
            continue
        url = text["url"]
        item = next(iter(facts.items_at(url)), None)
        if item is None:  # an attachment: attribute it to the article that links to it
            for link in facts.links_to(url):
                item = next(iter(facts.items_at(link["from_url"])), None)
                if item:
                    break
        column = facts.column(item.get("column_key")) if item else None
        unit = facts.unit(item.get("unit_key")) if item else facts.unit_for_url(url)
        unit_name = unit["name"] if unit else facts.site_name
        masked = sorted({mask(n) for n in found})
        where = f"“{item['title']}”" if item and item.get("title") else url
        yield Finding(
            rule="privacy.exposed",
            unit_key=unit["key"] if unit else None, unit_name=unit_name,
            **column_fields(column),
            url=url,
            message=f"“{unit_name}”公开的{where}中含有{len(masked)}个未遮盖的公民身份号码",
            evidence={
                "document_url": url,
                "document_kind": text.get("kind"),
                "article_url": item.get("url") if item else None,
                "article_title": item.get("title") if item else None,
                "count": len(masked),
                "numbers_masked": masked,
            },
        )
