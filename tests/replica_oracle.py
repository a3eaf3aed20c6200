"""The test oracle of the replicas (built-in and generated): what was planted, read from the
manifest, and which rule must find it, read from the rule pack's declarations.

Nothing here restates a rule's thresholds or logic: the manifest is the ground truth of what
was planted (each defect record names the defect and the rule it makes fire) and the pack says,
per rule, which replica defects plant it (`replica_defect`). The audit is then held to finding
exactly the planted defects (govaudit/groundtruth.py matches findings with defect records).
"""

from __future__ import annotations

from functools import lru_cache

from checks.api import load_pack


@lru_cache(maxsize=1)
def declared_defects() -> dict[str, str]:
    """Replica defect name -> the id of the rule whose pack declaration names it (read through
    the checks' own pack loader, which validates the pack)."""
    pack = load_pack()
    out: dict[str, str] = {}
    for rule_id, meta in {**pack.rules, **pack.system}.items():
        for name in meta.replica_defects:
            assert name not in out, f"{name} declared by {out[name]} and {rule_id}"
            out[name] = rule_id
    return out


def declared_rule(defect: str) -> str:
    """The rule the pack declares for a planted defect (KeyError: no rule declares it)."""
    return declared_defects()[defect]
