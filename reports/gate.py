"""`--fail-on SEVERITY`: the CI exit code of an audit.

Exit 1 when any finding with status `fail` is at or above the chosen severity, 0 otherwise.
未能核验 (status `unverified`) never fails a build: a page that could not be read is not a gap the
site owner can be blamed for, and a flaky network must not turn a pipeline red.
"""

from __future__ import annotations

from typing import Iterable, Mapping

SEVERITIES = ("veto", "major", "minor", "info")  # worst first
EXIT_OK = 0
EXIT_FINDINGS = 1


def at_or_above(severity: str, threshold: str) -> bool:
    if severity not in SEVERITIES:
        return True  # an unknown severity from a site pack: fail safe rather than pass silently
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


def failing(findings: Iterable[Mapping], threshold: str) -> list[Mapping]:
    """The findings that make a build fail at `threshold`."""
    if threshold not in SEVERITIES:
        raise ValueError(f"unknown severity {threshold!r}")
    return [f for f in findings if f.get("status") == "fail" and at_or_above(f["severity"], threshold)]


def exit_code(findings: Iterable[Mapping], threshold: str | None) -> int:
    if threshold is None:
        return EXIT_OK
    return EXIT_FINDINGS if failing(findings, threshold) else EXIT_OK


def audit_failures(store, audit_id: int | None, threshold: str) -> list[Mapping]:
    """The failing findings of audit `audit_id` (default: the latest) at `threshold`."""
    if audit_id is None:
        audit_id = store.latest_audit_id()
    if audit_id is None:
        return []
    return failing(store.findings(audit_id), threshold)
