"""Read one audit back from the store: the audit, its crawl, the crawl's units and the findings.

Both outputs (findings.json and the HTML report) are built from this one `AuditData`, so they
cannot disagree about what was found.
"""

from __future__ import annotations

from dataclasses import dataclass

from govaudit.store import Store


@dataclass(frozen=True)
class UnitData:
    number: int  # 1-based; the unit's page is units/<number>.html
    key: str
    name: str
    kind: str
    url: str
    columns: int  # role=column columns the crawler found
    findings: tuple[dict, ...]

    @property
    def gaps(self) -> int:
        return sum(1 for f in self.findings if f["status"] == "fail")

    @property
    def unverified(self) -> int:
        return sum(1 for f in self.findings if f["status"] == "unverified")


@dataclass(frozen=True)
class AuditData:
    audit: dict
    crawl: dict
    units: tuple[UnitData, ...]
    site_findings: tuple[dict, ...]  # findings not attributed to a known unit
    findings: tuple[dict, ...]  # all findings, in stored order


def load_audit(store: Store, audit_id: int) -> AuditData:
    audit = store.audit(audit_id)
    crawl = store.crawl(audit["crawl_id"])
    findings = tuple(store.findings(audit_id))
    columns: dict[str, int] = {}
    for column in store.rows("columns", crawl["id"]):
        if column.get("role") == "column":
            columns[column["unit_key"]] = columns.get(column["unit_key"], 0) + 1
    units = []
    known = set()
    for number, unit in enumerate(store.rows("units", crawl["id"]), start=1):
        known.add(unit["key"])
        units.append(UnitData(
            number=number, key=unit["key"], name=unit["name"] or unit["key"],
            kind=unit["kind"], url=unit["url"], columns=columns.get(unit["key"], 0),
            findings=tuple(f for f in findings if f["unit_key"] == unit["key"]),
        ))
    site_findings = tuple(f for f in findings if f["unit_key"] not in known)
    return AuditData(audit, crawl, tuple(units), site_findings, findings)
