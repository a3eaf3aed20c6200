"""Meta-tests: pack and functions agree, every rule is documented and tested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks import registry
from checks.model import EVIDENCE_STATUSES, SEVERITIES
from checks.pack import RULE_ID, PackError, load_pack, parse_pack
from checks.runner import ERROR_RULE

PACK = load_pack()
TESTS = Path(__file__).parent


def test_every_pack_rule_has_a_function_and_vice_versa():
    assert set(registry.registered()) == set(PACK.rules)


@pytest.mark.parametrize("rule_id", sorted(PACK.rules) + sorted(PACK.system))
def test_rule_is_fully_documented(rule_id):
    meta = PACK.meta(rule_id)
    assert RULE_ID.match(rule_id)
    assert meta.title and meta.description and meta.advice
    assert re.search(r"[\u4e00-\u9fff]", meta.title + meta.description + meta.advice)
    assert meta.severity in SEVERITIES
    assert meta.basis.document and meta.basis.status in EVIDENCE_STATUSES
    for threshold in meta.thresholds.values():
        assert threshold.status in EVIDENCE_STATUSES


@pytest.mark.parametrize("rule_id", sorted(PACK.rules))
def test_rule_is_mentioned_in_a_test(rule_id):
    sources = "".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_checks_*.py")
                      if p.name != Path(__file__).name)
    assert f'"{rule_id}"' in sources


def test_error_rule_is_declared_as_system_rule():
    assert ERROR_RULE in PACK.system and ERROR_RULE not in registry.registered()


def test_thresholds_match_the_catalogue():
    stale = PACK.rules["column.stale"].thresholds
    assert (stale["dynamic"].value, stale["dynamic"].unit) == (14, "days")
    assert (stale["notice-policy"].value, stale["notice-policy"].unit) == (6, "months")
    assert stale["personnel-plans"].value == 12 and stale["personnel-plans"].status == "RECALLED"
    annual = PACK.rules["annual-report.missing"].thresholds
    assert annual["deadline_department"].value == "01-31"
    assert annual["deadline_county"].value == "03-31"
    assert {k: t.value for k, t in PACK.verdict_thresholds.items()} == {
        "stale_dynamic_notice": 5, "stale_or_blank": 10, "blank": 5, "unanswered_messages": 1}
    unanswered = PACK.rules["interaction.unanswered"].thresholds
    assert (unanswered["months"].value, unanswered["months"].status) == (3, "CONFIRMED")
    late = PACK.rules["interpretation.late"].thresholds["workdays"]
    assert (late.value, late.unit) == (3, "workdays") and late.status != "CONFIRMED"


def test_freshness_classes_of_categories_all_have_windows():
    from ground import config

    classes = {c["freshness"] for c in config.categories()["categories"].values() if c["freshness"]}
    assert classes <= set(PACK.rules["column.stale"].thresholds)


def test_a_pack_rule_without_function_is_refused():
    data = {"version": "x", "rules": {"column.nonexistent": {
        "title": "t", "description": "d", "advice": "a", "severity": "minor",
        "basis": {"document": "d", "status": "RECALLED"}, "indicator": None, "replica_defect": None}}}
    with pytest.raises(PackError):
        registry.verify(parse_pack(data), complete=False)


def test_a_function_without_pack_entry_is_refused():
    data = {"version": "x", "rules": {}}
    with pytest.raises(PackError):
        registry.verify(parse_pack(data))


@pytest.mark.parametrize("bad", ["Column.Stale", "stale", "column.", "a.b.c"])
def test_rule_ids_must_be_family_dot_name(bad):
    with pytest.raises(PackError):
        registry.rule(bad)


def test_thresholds_need_an_evidence_status():
    data = {"version": "x", "rules": {"homepage.stale": {
        "title": "t", "description": "d", "advice": "a", "severity": "veto",
        "basis": {"document": "d", "status": "RECALLED"}, "indicator": None, "replica_defect": None,
        "thresholds": {"window": {"value": 14}}}}}
    with pytest.raises(PackError):
        parse_pack(data)


def test_a_rule_declared_twice_in_a_pack_file_is_refused(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("version: x\nrules:\n  column.stale: {}\n  column.stale: {}\n", encoding="utf-8")
    with pytest.raises(PackError, match="重复"):
        load_pack(path)
