"""The value types checks work with: rule metadata, thresholds, the check context and findings.

A rule function receives a read-only `Facts` snapshot (checks/facts.py) and a `Context`, and
yields `Finding`s. Everything the report shows about a rule (title, basis, 整改建议, severity)
comes from the pack, so a `Finding` carries only what the function observed; the runner adds the
rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, Mapping

SEVERITIES = ("veto", "major", "minor", "info")
# fail: a gap; unverified: 未能核验; suspected: 疑似, a person must confirm it (never a gap,
# never in the verdict or a CI gate). `waived` is set later, by checks/waivers.py.
STATUSES = ("fail", "unverified", "suspected")
EVIDENCE_STATUSES = ("CONFIRMED", "CORROBORATED", "RECALLED")


@dataclass(frozen=True)
class Threshold:
    """One configurable number of the pack, with how well it is sourced."""

    value: Any
    status: str
    unit: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Basis:
    """Legal basis of a rule: document, article and (where known) an official link."""

    document: str
    article: str | None
    url: str | None
    url_note: str | None
    status: str

    @cached_property  # one string per rule, not per finding (tens of thousands of findings)
    def text(self) -> str:
        """One line for findings and reports, e.g. 《条例》第四十九条."""
        return " ".join(part for part in (self.document, self.article) if part)


@dataclass(frozen=True)
class Membership:
    """Which failing findings of a rule count toward one verdict indicator: those whose evidence
    matches one of `when` (every key equal; no `when`: all of them) and none of `unless`."""

    when: tuple[Mapping[str, Any], ...] = ()
    unless: tuple[Mapping[str, Any], ...] = ()

    def takes(self, evidence: Mapping[str, Any]) -> bool:
        def matches(cond: Mapping[str, Any]) -> bool:
            return all(evidence.get(k) == v for k, v in cond.items())

        if self.when and not any(matches(c) for c in self.when):
            return False
        return not any(matches(c) for c in self.unless)


@dataclass(frozen=True)
class Indicator:
    """One count of the site verdict (pack `verdict.indicators`). `veto_at`: the count that makes
    the site 不合格 (a number, or the name of a verdict threshold); None: only counted."""

    name: str
    counts: str  # "findings" or "columns" (distinct columns of the findings)
    code: str | None = None  # the inspection indicator, e.g. WS-V4a
    veto_at: int | str | None = None
    text: str | None = None  # the reason shown when it vetoes; see the pack's verdict comment


@dataclass(frozen=True)
class Unchecked:
    """The finding that means the site could not be read at all (pack `verdict.unchecked`)."""

    rule: str
    match: Membership
    reason: str  # the evidence key saying why
    otherwise: str  # said when that key is empty


@dataclass(frozen=True)
class RuleMeta:
    """Everything the pack declares about one rule."""

    id: str
    title: str
    description: str
    advice: str
    severity: str
    basis: Basis
    thresholds: Mapping[str, Threshold]
    # Validity window on the audit date (inclusive); None = open-ended. A rule of the 2019
    # 条例 applies from 2019-05-15, so an audit dated before that does not hold anyone to it.
    applies_from: dt.date | None = None
    applies_until: dt.date | None = None
    # A site pack may switch a rule off, or add a rule id that reuses another's function.
    enabled: bool = True
    function: str | None = None
    # How the report shows this rule's evidence keys: key -> Chinese label, or a mapping with
    # `label` and optionally `values` (coded value -> wording) and `fields` (sub-key -> label,
    # for lists of records). Declared in the pack next to the rule; read by reports/labels.py.
    evidence_labels: Mapping[str, Any] = field(default_factory=dict)
    # The verdict indicators (pack `verdict.indicators`) this rule's failing findings count
    # toward, each with the evidence a finding must (not) show to count; empty: none.
    indicators: Mapping[str, "Membership"] = field(default_factory=dict)
    # The replica defects (replica/defects.py names) that plant this rule's findings in the
    # built-in replica; empty when the replica plants none.
    replica_defects: tuple[str, ...] = ()
    # The statuses its findings may have (a subset of STATUSES), and its exact semantics for
    # maintainers (English, shown in the generated docs).
    statuses: tuple[str, ...] = STATUSES
    fires_when: str | None = None

    @property
    def function_id(self) -> str:
        """The registered function this rule runs (its own id unless a site pack says otherwise)."""
        return self.function or self.id

    def applies_on(self, day: dt.date) -> bool:
        if self.applies_from and day < self.applies_from:
            return False
        return not (self.applies_until and day > self.applies_until)


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the facts. `as_of` stands in for "today": rules never read
    the clock, so a stored crawl audited with the same date gives the same findings."""

    as_of: dt.date
    thresholds: Mapping[str, Threshold]
    requirements: Mapping[str, Any]
    categories: Mapping[str, Any]

    def value(self, name: str) -> Any:
        return self.thresholds[name].value

    def freshness_class(self, category: str | None) -> str | None:
        entry = self.categories.get(category or "")
        return entry.get("freshness") if entry else None

    def category_label(self, category: str | None) -> str:
        entry = self.categories.get(category or "")
        return entry["label"] if entry else (category or "")


@dataclass(frozen=True)
class Finding:
    """One observation a rule reports. `unit_key=None` means the site as a whole.

    `rule` is filled in from the function's `@rule("…")` id (checks/registry.py): a rule module
    writes its id once, in the decorator."""

    message: str
    unit_key: str | None = None
    unit_name: str | None = None
    category: str | None = None
    column_key: str | None = None
    column_name: str | None = None
    column_url: str | None = None
    url: str | None = None
    status: str = "fail"
    evidence: Mapping[str, Any] = field(default_factory=dict)
    rule: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown finding status {self.status!r}")
        # Freeze the top level so a rule cannot mutate evidence after yielding it.
        object.__setattr__(self, "evidence", MappingProxyType(dict(self.evidence)))

    def with_rule(self, rule: str) -> "Finding":
        """This finding under `rule` (`dataclasses.replace(self, rule=rule)` without checking
        and freezing again what `__post_init__` did: asked for every finding, tens of thousands
        per audit at national scale)."""
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__, rule=rule)
        return twin


def column_fields(column: Mapping[str, Any] | None) -> dict[str, Any]:
    """The Finding fields that locate it in a column (category, key, name, URL); all None when
    the finding rests on no column, so rules can write `Finding(..., **column_fields(column))`."""
    if not column:
        return {"category": None, "column_key": None, "column_name": None, "column_url": None}
    return {"category": column.get("category"), "column_key": column.get("key"),
            "column_name": column.get("name"), "column_url": column.get("url")}
