"""The department budget / final-accounts disclosure format (ground/data/budget.yaml): the two
kinds of disclosure and their names, and the narrative topics BG-NARRATIVE asks for. The checks
judge disclosures against it (checks/documents/budget.py) and the reports name its parts."""

from __future__ import annotations

from functools import lru_cache

from ground import config

KINDS = ("budget", "final-accounts")
KIND_LABELS = {"budget": "部门预算", "final-accounts": "部门决算"}


@lru_cache(maxsize=None)
def data(data_dir: str | None = None) -> dict:
    return config.load_sections("budget.yaml", ("titles", "tables", "sangong"), data_dir)


def topics(data_dir: str | None = None) -> list[dict]:
    """Every narrative topic with `gradual` set for the ones only gradually required."""
    spec = data(data_dir).get("narrative") or {}
    return ([{**t, "gradual": False} for t in spec.get("required", [])]
            + [{**t, "gradual": True} for t in spec.get("gradual", [])])
