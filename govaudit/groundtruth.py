"""Compare an audit's findings with the replica portal's ground truth (manifest.json).

Used by `govaudit demo` to say how many planted defects were found, and by the end-to-end tests
to assert that every planted defect is found and nothing else is reported.

A finding matches a planted defect when the rule is the same and every locator the defect gives
agrees: the unit name, the column path, the URL (a path on the replica, or a full URL for an
external host), the category and, where the defect gives them, evidence values (`evidence`: the
disclosure kind and year of a missing budget disclosure). Generated portals (replica/portalgen) give full URLs, the
column's as `column_url`, since their columns may differ only in the query string
(`list.jsp?wbtreeid=…`) and live on two hosts; full URLs are compared as locations (`…/index.html`
is its directory, query parameters in any order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit


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


def location(url: str | None) -> str | None:
    """A full URL as a comparable location: `…/index.html` is its directory, query parameters
    sorted."""
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path or "/"
    for name in ("index.html", "index.htm", "index.shtml"):
        if path.endswith("/" + name):
            path = path[: -len(name)]
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.scheme}://{parts.netloc}{path}" + ("?" + query if query else "")


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
    column_url = defect.get("column_url")
    if column_url:
        column = finding.get("column") or {}
        if location(column.get("url")) != location(column_url):
            return False
    # What the accusation says, where the location alone does not tell it (a unit's budget
    # column is the place of both a missing budget and missing final accounts).
    for key, value in (defect.get("evidence") or {}).items():
        if (finding.get("evidence") or {}).get(key) != value:
            return False
    url_path = defect.get("url_path")
    if url_path:
        if url_path.startswith(("http://", "https://")):
            if location(finding.get("url")) != location(url_path):
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
