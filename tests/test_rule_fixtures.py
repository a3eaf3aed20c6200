"""Every rule of the national pack against its own fixture (checks/fixtures/<rule id>/).

One parametrised test per case: the case's facts go into a fresh store, the one rule runs on
the case's audit date, and its findings must be exactly the expected ones (same count; each
expected finding matched by unit, column, category, URL, status, severity, the evidence keys it
names and, when given, a part of the message). A second test refuses a rule without a fixture,
or a fixture that does not show the rule both firing and holding back.
"""

from __future__ import annotations

import pytest

from checks.fixtures import fixture_path, fixture_rules
from checks.fixtures.loader import load_fixture, run_case
from checks.pack import load_pack

PACK = load_pack()
RULES = list(PACK.rules)


def _cases():
    for rule_id in fixture_rules():
        fixture = load_fixture(rule_id)
        for n, case in enumerate(fixture["cases"]):
            # A case the code gets wrong is kept as the law reads, marked with the reason:
            # strict, so the mark must go once the code is fixed.
            marks = [pytest.mark.xfail(reason=case["known_issue"], strict=True)] \
                if case.get("known_issue") else []
            yield pytest.param(rule_id, fixture, n, id=f"{rule_id}[{n}]", marks=marks)


def _differences(expected: dict, found: dict, severity: str) -> list[str]:
    """What keeps `found` from being the finding `expected` describes (empty: it is)."""
    fields = {"unit": "unit_name", "column": "column_name", "category": "category",
              "url": "url"}
    out = [f"{key}: {found.get(field)!r} != {expected[key]!r}"
           for key, field in fields.items() if key in expected and found.get(field) != expected[key]]
    if found.get("status") != expected.get("status", "fail"):
        out.append(f"status: {found.get('status')!r} != {expected.get('status', 'fail')!r}")
    if found.get("severity") != expected.get("severity", severity):
        out.append(f"severity: {found.get('severity')!r}")
    for key, value in (expected.get("evidence") or {}).items():
        if found["evidence"].get(key, "<absent>") != value:
            out.append(f"evidence.{key}: {found['evidence'].get(key, '<absent>')!r} != {value!r}")
    if "message" in expected and expected["message"] not in (found.get("message") or ""):
        out.append(f"message {found.get('message')!r} lacks {expected['message']!r}")
    return out


@pytest.mark.parametrize("rule_id, fixture, n", list(_cases()))
def test_rule_fixture(rule_id, fixture, n, tmp_path):
    case = fixture["cases"][n]
    found = run_case(rule_id, case, fixture["dir"], tmp_path / "fixture.db")
    assert all(f["rule"] == rule_id for f in found), [f["rule"] for f in found]
    expected = case["expect"]
    summary = [(f["status"], f["unit_name"], f["column_name"], f["url"], f["message"])
               for f in found]
    assert len(found) == len(expected), f"{case['name']}: found {summary}"
    severity = PACK.meta(rule_id).severity
    left = list(found)
    for exp in expected:
        misses = [_differences(exp, f, severity) for f in left]
        match = next((i for i, m in enumerate(misses) if not m), None)
        assert match is not None, f"{case['name']}: no finding matches {exp}: {misses}"
        left.pop(match)


@pytest.mark.parametrize("rule_id", RULES)
def test_every_rule_has_a_fixture_that_fires_and_holds_back(rule_id):
    path = fixture_path(rule_id)
    assert path.exists(), f"规则 {rule_id} 没有测试夹具：请添加 {path}"
    cases = [c for c in load_fixture(rule_id)["cases"] if not c.get("known_issue")]
    assert any(c["expect"] for c in cases), f"{rule_id}: no case where the rule fires"
    assert any(not c["expect"] for c in cases), f"{rule_id}: no case where it must not fire"


def test_no_fixture_without_a_rule():
    assert set(fixture_rules()) <= set(RULES)


def test_each_rules_doc_shows_its_fixture_as_the_example():
    from checks.docs import render

    page = render(PACK)
    for rule_id in RULES:
        section = page.split(f"### `{rule_id}` ", 1)[1].split("\n### ", 1)[0]
        assert "#### 示例" in section, rule_id
        assert fixture_path(rule_id).read_text(encoding="utf-8").rstrip() in section, rule_id


def test_a_misspelt_key_is_refused_not_ignored(tmp_path):
    from checks.fixtures.loader import FixtureError

    path = tmp_path / "fixture.yaml"
    path.write_text("rule: column.empty\ncases:\n  - name: x\n    as_of: 2026-11-27\n"
                    "    facts: {units: [{key: /a/, name: 甲, colums: []}]}\n    expect: []\n",
                    encoding="utf-8")
    with pytest.raises(FixtureError, match="colums"):
        load_fixture("column.empty", path)
