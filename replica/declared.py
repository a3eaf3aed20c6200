"""What the project declares about the duties the replica plants defects against, read from the
declaration files the checks use, never restated here.

* which rule a planted defect makes fire: the rule pack (`checks/packs/national.yaml`) names,
  per rule, the replica defects that plant it (`replica_defect`); a manifest's defect record
  takes its `rule` from there;
* freshness: each category's class (`ground/data/categories.yaml`) and each class's window (the
  pack's `column.stale` thresholds), and the homepage's window (`homepage.stale`);
* required columns per unit kind (`ground/data/requirements.yaml`) and the annual-report
  deadlines (the pack's `annual-report.missing` thresholds), for replica/portalgen.

The files are read as data (YAML), not through the auditor's code: the replica is the ground
truth the auditor is measured against, so it shares the declarations but not their reading.
A threshold changed in the pack moves the check and the planted defect together.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "checks" / "packs" / "national.yaml"
DATA = ROOT / "ground" / "data"
# A month counted long: planted dates keep a margin from every window, never a borderline.
DAYS = {"days": 1, "months": 31}


class UndeclaredDefect(LookupError):
    """The replica plants a defect no rule of the pack declares (or two rules claim)."""


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# Only the files are read once; everything derived from them is computed on each call (cheap),
# so a test handing in other declarations (monkeypatching `pack`) leaves nothing stale behind.


@lru_cache(maxsize=1)
def pack() -> dict:
    return _load(PACK)


def _rules() -> dict:
    data = pack()
    return {**(data.get("rules") or {}), **(data.get("system") or {})}


def defect_rules() -> dict[str, str]:
    """Replica defect name -> the id of the rule whose pack entry declares it."""
    out: dict[str, str] = {}
    for rule_id, body in _rules().items():
        raw = (body or {}).get("replica_defect")
        for name in ([] if raw is None else raw if isinstance(raw, list) else [raw]):
            if name in out:
                raise UndeclaredDefect(f"replica defect {name!r} is declared by both "
                                       f"{out[name]} and {rule_id} in {PACK.name}")
            out[name] = rule_id
    return out


def rule_of(defect: str) -> str:
    """The rule a planted `defect` makes fire, as the pack declares it."""
    try:
        return defect_rules()[defect]
    except KeyError:
        raise UndeclaredDefect(f"no rule of {PACK.name} declares the replica defect {defect!r} "
                               "(add it to that rule's replica_defect)") from None


def _threshold_days(rule_id: str, name: str) -> int:
    spec = _rules()[rule_id]["thresholds"][name]
    return int(spec["value"]) * DAYS[spec["unit"]]


@lru_cache(maxsize=1)
def categories() -> dict:
    return _load(DATA / "categories.yaml")["categories"]


def freshness_class(category: str | None) -> str | None:
    """The freshness class of a category (dynamic, notice-policy, personnel-plans) or None."""
    return (categories().get(category) or {}).get("freshness") if category else None


def window_days(freshness: str) -> int:
    """How many days a column of that freshness class may go without a new item."""
    return _threshold_days("column.stale", freshness)


def homepage_window_days() -> int:
    """How many days the homepage's news may go without a new item."""
    return _threshold_days("homepage.stale", "window")


@lru_cache(maxsize=1)
def required_columns() -> dict[str, list[str]]:
    """Unit kind -> the categories a unit of that kind must have a column for."""
    req = _load(DATA / "requirements.yaml")["unit_kinds"]
    return {k: list(v["required"]) for k, v in req.items()}


def report_deadlines() -> dict[str, str]:
    """Unit kind -> the MM-DD after the report year by which the annual report is due."""
    report = _rules()["annual-report.missing"]["thresholds"]
    return {k.removeprefix("deadline_"): v["value"] for k, v in report.items()
            if k.startswith("deadline_") and k != "deadline_before_reform"}


def report_deadline_of(kind: str, year: int) -> str:
    """The MM-DD after `year` by which a unit of `kind` must publish that year's report: the
    pre-reform deadline for years before the reform's first report year."""
    report = _rules()["annual-report.missing"]["thresholds"]
    if year < int(report["reform_first_year"]["value"]):
        return report["deadline_before_reform"]["value"]
    return report_deadlines()[kind]
