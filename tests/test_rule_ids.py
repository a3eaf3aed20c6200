"""A rule's id is written once, in its `@rule("…")` decorator: the registered function fills it
into every finding, and a finding naming another rule is refused by the runner."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from checks import registry
from checks.model import Context, Finding
from checks.pack import load_pack
from checks.runner import ERROR_RULE, _evaluate_rule

RULES = Path(registry.__file__).parent / "rules"


def test_no_rule_module_repeats_its_id_in_a_finding():
    for path in RULES.glob("*.py"):
        assert not re.search(r"\brule\s*=", path.read_text(encoding="utf-8")), path.name


def _context():
    return Context(as_of=dt.date(2026, 12, 1), thresholds={}, requirements={}, categories={})


def test_the_decorator_fills_in_the_rule_id():
    @registry.rule("test.fills-id")
    def fills(facts, ctx):
        yield Finding(message="m")

    try:
        [f] = fills(None, _context())
        assert f.rule == "test.fills-id"
    finally:
        registry._RULES.pop("test.fills-id", None)


def test_a_finding_of_another_rule_becomes_a_rule_error():
    @registry.rule("test.strays")
    def strays(facts, ctx):
        yield Finding(message="m", rule="column.empty")

    class Facts:
        site_name, site_url = "示例县", "http://127.0.0.1/"

    pack = load_pack()
    meta = pack.rules["column.stale"]
    try:
        rows = _evaluate_rule(Facts(), dt.date(2026, 12, 1), pack, "column.stale", meta,
                              {"column.stale": strays}, {}, {})
        assert [r["rule"] for r in rows] == [ERROR_RULE]
    finally:
        registry._RULES.pop("test.strays", None)


def test_a_status_the_pack_does_not_declare_is_withheld_as_a_rule_error():
    """content.serious-error may only say 疑似: a `fail` from it would be an accusation."""
    def accuses(facts, ctx):
        yield Finding(message="m", rule="content.serious-error", status="fail")

    class Facts:
        site_name, site_url = "示例县", "http://127.0.0.1/"

    pack = load_pack()
    assert pack.rules["content.serious-error"].statuses == ("suspected",)
    rows = _evaluate_rule(Facts(), dt.date(2026, 12, 1), pack, "content.serious-error",
                          pack.rules["content.serious-error"], {"content.serious-error": accuses},
                          {}, {})
    assert [(r["rule"], r["status"]) for r in rows] == [(ERROR_RULE, "fail")]
    assert "未声明的状态" in rows[0]["message"]


def test_a_finding_under_its_rule_is_the_same_finding_with_the_id_set():
    import dataclasses

    import pytest

    found = Finding(message="m", unit_name="县财政局", url="http://x/1", status="unverified",
                    evidence={"reasons": ["r"], "n": 1})
    named = found.with_rule("test.named")
    assert named == dataclasses.replace(found, rule="test.named") and found.rule is None
    assert type(named) is Finding and named is not found
    with pytest.raises(TypeError):
        named.evidence["n"] = 2  # type: ignore[index]  (still read-only)
    with pytest.raises(dataclasses.FrozenInstanceError):
        named.rule = "other.rule"  # type: ignore[misc]
