"""Document analyses: what the checks find inside documents (annual reports, budgets ...).

An analyser is a pure function `(facts, as_of) -> iterable of rows` registered with
`@analyser(kind)`; each row is `{url, unit_key, kind, year, summary}` where `summary` is a JSON-
ready dict (template, sections, tables, figures, failing checks). The runner stores every row in
`analyses` so the report can show each analysed document without re-reading the crawl.

Rules that need the same analysis call `analysed(facts, kind, as_of)`: the result is computed once
per facts snapshot and kind, so a document is parsed once however many rules look at it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import weakref
from typing import Callable, Iterable

from checks.facts import Facts

logger = logging.getLogger(__name__)

Analyser = Callable[[Facts, dt.date], Iterable[dict]]

_ANALYSERS: dict[str, Analyser] = {}
_FAMILIES: dict[str, str] = {}  # analyser kind -> the rule family that works from it
_STORED: dict[str, Callable[[dict], dict]] = {}  # analyser kind -> its summaries' stored form
# (id of the snapshot, kind, day) -> (weak reference to that snapshot, rows). The reference
# tells a live snapshot from a later one that took a freed snapshot's id: without it, a caller
# that never called `forget` (a fixture, an audit that raised) handed the next snapshot another
# portal's analyses.
_CACHE: dict[tuple[int, str, dt.date], tuple[weakref.ref, list[dict]]] = {}
_LOCK = threading.Lock()


def analyser(kind: str, family: str | None = None,
             stored: Callable[[dict], dict] | None = None) -> Callable[[Analyser], Analyser]:
    """Register an analyser of `kind`; `family` (default: the kind) is the rule family whose
    rules read it or share its work, so they are evaluated in the process that stores it
    (checks/parallel.py). `stored` maps a summary to the form written to `analyses` (the rules
    read the summary as computed; whoever reads the stored form undoes it)."""
    def register(fn: Analyser) -> Analyser:
        if kind in _ANALYSERS and _ANALYSERS[kind] is not fn:
            raise ValueError(f"analyser {kind!r} registered twice")
        _ANALYSERS[kind] = fn
        _FAMILIES[kind] = family or kind
        if stored is not None:
            _STORED[kind] = stored
        return fn
    return register


def registered() -> dict[str, Analyser]:
    return dict(_ANALYSERS)


def families() -> set[str]:
    """The rule families that work from a stored analysis."""
    return set(_FAMILIES.values())


def kinds_of(families: Iterable[str]) -> list[str]:
    """The analyser kinds the rules of `families` work from, in storing order."""
    wanted = set(families)
    return sorted(k for k, family in _FAMILIES.items() if family in wanted)


def analysed(facts: Facts, kind: str, as_of: dt.date) -> list[dict]:
    """The rows of one analyser over this snapshot, computed once and then shared."""
    key = (id(facts), kind, as_of)
    with _LOCK:
        entry = _CACHE.get(key)
        if entry is not None and entry[0]() is facts:
            return entry[1]
    rows = list(_ANALYSERS[kind](facts, as_of))
    with _LOCK:
        # One snapshot at a time is audited; drop other snapshots' results so memory stays flat.
        for old in [k for k, (ref, _) in _CACHE.items() if ref() is not facts]:
            del _CACHE[old]
        _CACHE[key] = (weakref.ref(facts), rows)
    return rows


def collect(facts: Facts, as_of: dt.date, kinds: Iterable[str] | None = None,
            given: dict[str, list[dict]] | None = None) -> list[dict]:
    """The rows of every registered analyser (or of `kinds`), in storing order (by kind), for
    storing with the audit, each with its analyser's place among all (`seq`: an audit's
    analyses are read back in that order whichever process stored them first); a kind in
    `given` (worked out by another process over the same stored crawl, checks/parallel.py) is
    taken from there."""
    out: list[dict] = []
    place = {kind: n for n, kind in enumerate(sorted(_ANALYSERS))}
    for kind in sorted(_ANALYSERS if kinds is None else kinds):
        if given is not None and kind in given:
            rows = given[kind]
        else:
            try:
                rows = for_storing(kind, analysed(facts, kind, as_of))
            except Exception:  # the rules using it already reported audit.rule-error
                logger.exception("analyser %s failed", kind)
                continue
        out.extend({**row, "seq": place.get(kind)} for row in rows)
    return out


def for_storing(kind: str, rows: list[dict]) -> list[dict]:
    """`rows` of analyser `kind` with each summary in the form it is stored in."""
    stored = _STORED.get(kind)
    if stored is None:
        return rows
    return [{**row, "summary": stored(row["summary"])} if row.get("summary") else row
            for row in rows]


def computed(facts: Facts, kinds: Iterable[str], as_of: dt.date) -> dict[str, list[dict]]:
    """{kind: rows} of the `kinds` whose analysis succeeded on this snapshot (a failed one is
    left out: whoever stores the analyses tries it again and logs the failure)."""
    out: dict[str, list[dict]] = {}
    for kind in kinds:
        try:
            out[kind] = analysed(facts, kind, as_of)
        except Exception:
            logger.warning("analyser %s failed in this process", kind)
    return out


def forget(facts: Facts) -> None:
    with _LOCK:
        for old in [k for k, (ref, _) in _CACHE.items() if ref() is facts or ref() is None]:
            del _CACHE[old]
