"""Compare an audit's findings with the replica portal's ground truth (manifest.json).

Used by `govaudit demo` to say how many planted defects were found, and by the end-to-end tests
to assert that every planted defect is found and nothing else is reported.

A finding matches a planted defect when the rule is the same and every locator the defect gives
agrees: the unit name, the column path, the URL (a path on the replica, or a full URL for an
external host) and the category.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Comparison:
    found: list[dict] = field(default_factory=list)  # defects with a matching finding
    missed: list[dict] = field(default_factory=list)  # defects no finding matched
    unexpected: list[dict] = field(default_factory=list)  # findings matching no defect

    @property
    def exact(self) -> bool:
        return not self.missed and not self.unexpected


def _path(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return parts.path or "/"


def matches(finding: dict, defect: dict) -> bool:
    if finding.get("rule") != defect.get("rule"):
        return False
    if defect.get("unit") and finding.get("unit") != defect["unit"]:
        return False
    if defect.get("category") and finding.get("category") != defect["category"]:
        return False
    column_path = defect.get("column_path")
    if column_path:
        column = finding.get("column") or {}
        if _path(column.get("url")) != column_path:
            return False
    url_path = defect.get("url_path")
    if url_path:
        if url_path.startswith(("http://", "https://")):
            if finding.get("url") != url_path:
                return False
        elif _path(finding.get("url")) != url_path:
            return False
    return True


def compare(findings: list[dict], manifest: dict) -> Comparison:
    """Match findings (the findings.json shape) against `manifest["defects"]`."""
    result = Comparison()
    defects = manifest.get("defects", [])
    matched_findings: set[int] = set()
    for defect in defects:
        hits = [i for i, f in enumerate(findings) if matches(f, defect)]
        if hits:
            result.found.append(defect)
            matched_findings.update(hits)
        else:
            result.missed.append(defect)
    result.unexpected = [f for i, f in enumerate(findings) if i not in matched_findings]
    return result
