"""The "fires when" tables of docs/architecture.md and the rule table of docs/findings-json.md
are generated from the rule pack (`python -m checks.docs`); a test fails when they differ."""

from __future__ import annotations

import copy
import re

from checks import docs
from checks.pack import DEFAULT_PACK, load_pack, parse_pack, read_yaml

PACK = load_pack()
ARCHITECTURE = docs.DOCS / "architecture.md"
FINDINGS_JSON = docs.DOCS / "findings-json.md"


def test_generated_pages_are_what_the_generator_writes():
    for page, expected in docs.generated_pages(PACK).items():
        assert page.read_text(encoding="utf-8") == expected, (
            f"{page.name} 与规则包不一致：运行 .venv/bin/python -m checks.docs 重新生成")
    assert docs.main(["--check"]) == 0


def _fires_when_rows(text: str) -> list[str]:
    return re.findall(r"^\| `([a-z-]+\.[a-z-]+)` \| ", text, re.M)


def test_every_rule_is_in_exactly_one_fires_when_table():
    rows = _fires_when_rows(ARCHITECTURE.read_text(encoding="utf-8"))
    assert sorted(rows) == sorted(PACK.rules)
    assert docs.unplaced(ARCHITECTURE.read_text(encoding="utf-8"), PACK) == []


def test_findings_json_lists_every_rule_with_its_statuses():
    text = FINDINGS_JSON.read_text(encoding="utf-8")
    for meta in [*PACK.rules.values(), *PACK.system.values()]:
        assert f"| `{meta.id}` | {meta.title} | {meta.severity} | {', '.join(meta.statuses)} |" in text


def test_a_new_rule_lands_in_its_family_table_or_the_catch_all_without_editing_the_page():
    raw = copy.deepcopy(read_yaml(DEFAULT_PACK))
    for rule_id in ("budget.new-check", "newfamily.check"):
        raw["rules"][rule_id] = {**raw["rules"]["budget.missing"],
                                 "fires_when": f"the test says so ({rule_id})"}
    text = docs.render_blocks(ARCHITECTURE.read_text(encoding="utf-8"), parse_pack(raw))
    blocks = re.findall(r"<!-- fires-when: ([^(]*?) \(.*?-->\n(.*?)<!-- /fires-when -->", text, re.S)
    where = {rule: patterns for patterns, body in blocks for rule in _fires_when_rows(body)}
    assert "budget.*" in where["budget.new-check"].split()
    assert "*" in where["newfamily.check"].split()
    assert "annual-report.missing" in where["annual-report.missing"].split()  # its id beats its family
    assert where["annual-report.copied"] == "annual-report.*"
