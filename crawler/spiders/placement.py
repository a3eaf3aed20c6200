"""Where a column sits: its parent and its unit, decided over every page that links it.

On a real portal one column is linked from many places at once: the homepage, the county's
platform, its unit's landing page, a container's page, a sibling's side menu, its own
breadcrumb. Which of those pages answers first is network timing, so a column's place must
never be "whoever linked it first" (that charged a gap to the wrong unit, and gave two reports
for one portal). Every link is kept as a claim `[kind, via]` on the column and the place is
decided by one stable rule over all of them (`place`), again whenever a claim arrives and once
more when the crawl ends, when the set of claims no longer depends on the order of answers:

1. A column below a unit's own landing path (or on its own host root) is that unit's, whoever
   links it (the deepest such unit).
2. Otherwise the strongest claim decides, claims from inside that unit's own territory first:
   the unit's landing page (or its navigation frame): a top column of that unit; the homepage
   (the county's); a column page linking a column below its own path: its child; a page created
   from a breadcrumb: a top column of the unit of the column whose breadcrumb named it; last,
   adoption by a container or by a page without entries (only when nothing stronger links it).
   Ties go to the smallest `via` key: a stable key, never arrival.
3. A column whose chosen claim gives it no parent takes the one its own breadcrumb names.
"""

from __future__ import annotations

from crawler.extract.urls import is_under

# Kinds of claims, strongest first (rank is the index).
LANDING, HOME, CHILD, CRUMBED, ADOPTED = "landing", "home", "child", "crumbed", "adopted"
CRUMB = "crumb"  # the column's own breadcrumb names `via` as its parent (parent only)
RANK = {LANDING: 0, HOME: 1, CHILD: 2, CRUMBED: 3, ADOPTED: 4}
_VIA_COLUMN = (CHILD, ADOPTED)  # `via` is the column that linked it, and its parent


def nesting_unit(key: str, units) -> str | None:
    """The unit whose landing directory is the longest strict prefix of column `key` (a unit at
    a host root counts; the bare site root `/` says nothing about ownership). The candidates
    are the key's own directory prefixes, longest first: a lookup per path level instead of a
    scan of every unit (a portal of 700 units has 7,000 columns)."""
    if "://" in key:
        return None  # an offsite column (its key is the whole URL)
    end = key.rfind("/", 0, len(key) - 1)  # strictly below: the key itself is no candidate
    while end > 0:
        candidate = key[:end + 1]
        if "?" not in candidate and candidate in units:
            return candidate
        end = key.rfind("/", 0, end)
    return None


class Placement:
    """Decides parent and unit of columns from their claims (one pass memoised)."""

    def __init__(self, columns: dict, units, county_key: str | None,
                 nest_cache: dict | None = None):
        self.columns, self.units, self.county = columns, units, county_key or "/"
        self.memo: dict[str, tuple[str | None, str]] = {}
        # Column key -> nesting unit, valid while the set of units is unchanged (the spider
        # keeps one across calls: a claim arrives with almost every page).
        self.nests = nest_cache if nest_cache is not None else {}
        if self.nests.get("") != len(units):
            self.nests.clear()
            self.nests[""] = len(units)

    def nest(self, key: str) -> str | None:
        if key not in self.nests:
            self.nests[key] = nesting_unit(key, self.units)
        return self.nests[key]

    def place(self, key: str, visiting: frozenset = frozenset()) -> tuple[str | None, str]:
        """(parent_key, unit_key) of column `key`."""
        if key in self.memo:
            return self.memo[key]
        col = self.columns[key]
        visiting = visiting | {key}
        nest = self.nest(key)
        chosen: tuple[str | None, str] | None = None
        for kind, via in sorted((c for c in col.claims if c[0] in RANK),
                                key=lambda c: (self._foreign(c[1], nest), RANK[c[0]], c[1])):
            if kind == LANDING:
                chosen = (None, via if via in self.units else self.county)
            elif kind == HOME:
                chosen = (None, self.county)
            elif via in self.columns and via not in visiting:
                unit = self.place(via, visiting)[1]
                chosen = (via if kind in _VIA_COLUMN else None, unit)
            if chosen is not None:
                break
        parent, unit = chosen or (col.parent_key, col.unit_key)
        if parent is None:
            crumbs = sorted(c[1] for c in col.claims if c[0] == CRUMB and c[1] in self.columns)
            parent = crumbs[0] if crumbs else None
        result = (parent, nest or unit)
        if not visiting - {key}:  # a top-level answer does not depend on a caller's path
            self.memo[key] = result
        return result

    def _foreign(self, via: str, nest: str | None) -> int:
        """0 when the claim comes from inside the unit the column is nested in (its landing
        page, one of its own columns), or when the column is nested in no unit."""
        if nest is None or via == nest or (via and is_under(via, nest)):
            return 0
        return 1


def settle(columns: dict, units, county_key: str | None) -> list:
    """Give every column its final parent and unit (in key order, so the result depends only
    on the claims); cut parent cycles deterministically. Returns the columns that changed."""
    placement = Placement(columns, units, county_key)
    decided = {key: placement.place(key) for key in sorted(columns)}
    parents = {key: parent for key, (parent, _) in decided.items()}
    for key in sorted(parents):
        seen, node = [], key
        while node is not None and node not in seen:
            seen.append(node)
            node = parents.get(node)
        if node is not None:  # a cycle: the member with the smallest key becomes top-level
            cycle = seen[seen.index(node):]
            parents[min(cycle)] = None
    changed = []
    for key in sorted(columns):
        col = columns[key]
        parent, unit = parents[key], decided[key][1]
        if col.role == "homepage" or not col.claims:
            continue
        if (col.parent_key, col.unit_key) != (parent, unit):
            col.parent_key, col.unit_key = parent, unit
            changed.append(col)
    return changed
