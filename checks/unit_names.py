"""Which unit of the portal a listed title is for, by the full unit name it gives.

Many counties list every department's disclosures in one county column (the 年报 column, the
finance bureau's 预决算公开平台): such an item belongs to the department its title names, not to
the unit whose column lists it. Used by the budget analyser and the annual-report rules, so both
count a disclosure wherever on the portal it is listed.
"""

from __future__ import annotations

import re
from typing import Iterable

from checks.facts import Facts, Row


class UnitNames:
    """The portal's unit names, longest first, for finding which unit a title names."""

    def __init__(self, units: Iterable[Row]):
        self.units = sorted((u for u in units if u.get("name")), key=lambda u: -len(u["name"]))
        names = "|".join(re.escape(u["name"]) for u in self.units)
        self.any_name = re.compile(names or "(?!)")
        # At each position of a title (a lookahead matches without consuming), the first name
        # in longest-first order that starts there.
        self._at = re.compile(f"(?=({names}))" if names else "(?!)")
        self._rank: dict[str, int] = {}
        for n, unit in enumerate(self.units):
            self._rank.setdefault(unit["name"], n)

    def first_named(self, title: str) -> Row | None:
        """The first unit in longest-first order whose name occurs in the title (the longest
        name a title holds: 示例县审计局 rather than 示例县), or None. The first name starting at
        each position is the only candidate there, so one C-level scan finds them all."""
        ranks = [self._rank[m.group(1)] for m in self._at.finditer(title)]
        return self.units[min(ranks)] if ranks else None


def unit_of(facts: Facts, item: Row, title: str, names: UnitNames) -> Row | None:
    """The unit a listed title is for: the unit whose name it gives when that is not the unit
    it is listed under, else its own unit."""
    own = facts.unit(item.get("unit_key"))
    if not names.any_name.search(title):  # names no unit: one C-level test
        return own
    if own is not None and own.get("name") and own["name"] in title:
        return own  # names its own unit (whatever other names it also holds)
    return names.first_named(title) or own
