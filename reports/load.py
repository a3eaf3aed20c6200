"""Read one audit back from the store: the audit, its crawl, the crawl's units and the findings.

Both outputs (findings.json and the HTML report) are built from this one `AuditData`, so they
cannot disagree about what was found.

Per-unit scores are computed here from the stored facts and findings, over the categories
ground/data/requirements.yaml requires of the unit's kind:
  coverage   = required categories with a column that has items ÷ required categories
  compliance = required categories with such a column and no failing finding ÷ categories examined
where the categories examined are the required ones plus any other category a gap of the unit
names, plus one "other" item when a gap names no category (a broken link, say): a unit with a
gap never shows 合规率 100%.
"""

from __future__ import annotations

from dataclasses import dataclass

from ground import config
from ground.store import Store


@dataclass(frozen=True)
class UnitData:
    number: int  # 1-based; the unit's page is units/<number>.html
    key: str
    name: str
    kind: str
    url: str
    columns: int  # role=column columns the crawler found
    findings: tuple[dict, ...]
    required: int = 0  # categories required of this kind of unit
    covered: int = 0  # ... of which a column exists and lists items
    compliant: int = 0  # ... of which also no failing finding names the category
    examined: int = 0  # required categories + other categories with a gap (+1 for uncategorised)
    resolved: tuple[dict, ...] = ()  # findings of the previous audit gone now (已整改)

    @property
    def coverage(self) -> float | None:
        return round(self.covered / self.required, 4) if self.required else None

    @property
    def compliance(self) -> float | None:
        examined = max(self.examined, self.required)
        return round(self.compliant / examined, 4) if examined else None

    @property
    def gaps(self) -> int:
        return sum(1 for f in self.findings if f["status"] == "fail")

    @property
    def worst_severity(self) -> str | None:
        """The most severe severity among the unit's gaps (None without gaps)."""
        order = ("veto", "major", "minor", "info")
        found = {f["severity"] for f in self.findings if f["status"] == "fail"}
        return next((s for s in order if s in found), None)

    @property
    def unverified(self) -> int:
        return sum(1 for f in self.findings if f["status"] == "unverified")

    @property
    def suspected(self) -> int:  # 疑似: for human review, never a gap until confirmed
        return sum(1 for f in self.findings if f["status"] == "suspected")

    @property
    def waived(self) -> int:  # 已豁免: shown, never a gap
        return sum(1 for f in self.findings if f["status"] == "waived")


@dataclass(frozen=True)
class AuditData:
    audit: dict
    crawl: dict
    units: tuple[UnitData, ...]
    site_findings: tuple[dict, ...]  # findings not attributed to a known unit
    findings: tuple[dict, ...]  # all findings, in stored order
    # findings of the previous audit (audit["previous_audit_id"]) gone in this one (已整改)
    resolved: tuple[dict, ...] = ()
    site_resolved: tuple[dict, ...] = ()  # ... of them not attributed to a known unit
    # fingerprint → the department's answer from a returned 整改台账 (govaudit ledger import)
    answers: dict | None = None


def load_audit(store: Store, audit_id: int) -> AuditData:
    audit = store.audit(audit_id)
    crawl = store.crawl(audit["crawl_id"])
    findings = tuple(store.findings(audit_id))
    resolved = tuple(store.resolved_findings(audit_id))
    columns: dict[str, int] = {}
    filled: dict[str, set] = {}  # unit key -> categories with a column that lists items
    for column in store.rows("columns", crawl["id"]):
        if column.get("role") == "column":
            columns[column["unit_key"]] = columns.get(column["unit_key"], 0) + 1
            if column.get("category") and (column.get("item_count") or 0) > 0:
                filled.setdefault(column["unit_key"], set()).add(column["category"])
    kinds = config.requirements().get("unit_kinds") or {}
    units = []
    known = set()
    for number, unit in enumerate(store.rows("units", crawl["id"]), start=1):
        known.add(unit["key"])
        own = tuple(f for f in findings if f["unit_key"] == unit["key"])
        required = set((kinds.get(unit["kind"]) or {}).get("required") or ())
        covered = required & filled.get(unit["key"], set())
        failing = {f.get("category") for f in own if f["status"] == "fail"}
        # A gap outside the required categories still counts against compliance (see above).
        examined = len(required | (failing - {None})) + (1 if None in failing else 0)
        units.append(UnitData(
            number=number, key=unit["key"], name=unit["name"] or unit["key"],
            kind=unit["kind"], url=unit["url"], columns=columns.get(unit["key"], 0),
            findings=own, required=len(required), covered=len(covered),
            compliant=len(covered - failing), examined=examined,
            resolved=tuple(r for r in resolved if r["unit_key"] == unit["key"]),
        ))
    site_findings = tuple(f for f in findings if f["unit_key"] not in known)
    site_resolved = tuple(r for r in resolved if r["unit_key"] not in known)
    return AuditData(audit, crawl, tuple(units), site_findings, findings, resolved, site_resolved,
                     ledger_answers(store, crawl["site_url"]))


def ledger_answers(store: Store, site_url: str) -> dict[str, dict]:
    """fingerprint → {measures, owner, progress, review, imported_at} for the site's findings."""
    return store.ledger_answers(site_url)  # migrations ran when the store was opened
