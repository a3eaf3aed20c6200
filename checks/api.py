"""The public face of the checks stage: what other stages may read about rules and the verdict.

Reports, the CLI and the replica's test oracle import `checks` only through this module. It
gives the rule pack's declarations (titles, basis, 整改建议, severity, evidence labels, verdict
indicators, replica defects) and the verdict in words, and imports nothing but the pack loader
and the verdict's pure functions: no rule function, no facts, no store. The verdict itself is
computed by the check stage when an audit finishes and stored with it (`audits.verdict`);
`verdict_statement` only words a stored verdict.
"""

from __future__ import annotations

from typing import Any, Mapping

from checks.model import Basis, Indicator, Membership, RuleMeta, Threshold
from checks.pack import Pack, PackError, default_pack, load_pack
from checks.verdict import (COUNT_WORDS, UNCHECKED_WORD, duration, homepage_unreadable,
                            verdict_scope, verdict_statement)

__all__ = [
    "Basis", "Indicator", "Membership", "Pack", "PackError", "RuleMeta", "Threshold",
    "COUNT_WORDS", "UNCHECKED_WORD", "all_rules", "default_pack", "duration", "evidence_labels",
    "homepage_unreadable", "load_pack", "rule_meta", "rule_title", "verdict_scope",
    "verdict_statement",
]


def all_rules(pack: Pack | None = None) -> dict[str, RuleMeta]:
    """Every rule of the pack, the runner's own (system) rules last, in pack order."""
    pack = pack or default_pack()
    return {**dict(pack.rules), **dict(pack.system)}


def rule_meta(rule_id: str, pack: Pack | None = None) -> RuleMeta | None:
    """The pack's declaration of a rule, or None (a stored audit may name a rule the current
    pack no longer has)."""
    try:
        return all_rules(pack).get(rule_id)
    except PackError:  # a broken installed pack is reported by `check`; reports still render
        return None


def rule_title(rule_id: str, pack: Pack | None = None) -> str:
    """The Chinese title of a rule, or its id when the pack does not know it."""
    meta = rule_meta(rule_id, pack)
    return meta.title if meta else rule_id


def evidence_labels(rule_id: str, pack: Pack | None = None) -> Mapping[str, Any]:
    """How the report names the evidence keys of `rule_id`'s findings (see reports/labels.py).
    A site pack's rule reusing another rule's function shows that rule's evidence."""
    meta = rule_meta(rule_id, pack)
    if meta is None:
        return {}
    if not meta.evidence_labels and meta.function:
        base = rule_meta(meta.function, pack)
        return base.evidence_labels if base else {}
    return meta.evidence_labels
