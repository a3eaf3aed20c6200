"""The audit of the built-in replica against its manifest, on other audit dates, seeds and
switches than the demo's (tests/test_end_to_end.py audits the default portal).

The oracle is the manifest alone: it records each planted defect with the rule the rule pack
declares for it, and the audit must find exactly those (every planted defect matched by a
finding: recall; every finding matching a planted defect: precision) and nothing else. No rule's
threshold or logic is restated here. The dates sit on the deadlines that move with the audit
date: before and after the county's annual-report deadline (3月31日), on a department's (1月31日)
and in the weeks after 国庆.
"""

from __future__ import annotations

import json

import pytest

from govaudit.groundtruth import compare

from .conftest import run_govaudit
from .replica_oracle import declared_rule

CASES = {
    # After the departments' report deadline, before the county's; a letter unanswered too long.
    "feb-letter": ("2026-02-10", "--unanswered-letter"),
    # Two days after the county's deadline, another seed.
    "april-seed1": ("2026-04-02", "--seed", "1"),
    # On the departments' deadline day itself (the 2026 reports not due yet), a frozen homepage.
    "deadline-day-stale-home": ("2027-01-31", "--stale-homepage", "--seed", "2"),
}


def _describe(items: list[dict]) -> str:
    return "\n".join(json.dumps(i, ensure_ascii=False)[:300] for i in items)


@pytest.mark.parametrize("case", list(CASES))
def test_the_audit_finds_exactly_what_was_planted(case, tmp_path):
    as_of, *switches = CASES[case]
    proc = run_govaudit("demo", "--out", str(tmp_path), "--as-of", as_of, "--quiet",
                        "--format", "json", *switches, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    findings = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["findings"]
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == as_of and len(manifest["defects"]) >= 20
    # What was planted names the rule its pack declaration says (the ground truth is the pack's).
    assert all(d["rule"] == declared_rule(d["defect"]) for d in manifest["defects"])
    result = compare(findings, manifest)
    assert not result.missed, "planted defects not found:\n" + _describe(result.missed)
    assert not result.unexpected, "findings outside the manifest:\n" + _describe(result.unexpected)
