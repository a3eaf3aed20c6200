"""`checks.api` is the only door from other stages into the checks stage: it must stay light
(no rule function, no facts, no store imported behind it) and give what reports need."""

from __future__ import annotations

import subprocess
import sys

from checks import api


def test_importing_the_api_loads_no_rule_function_facts_or_store():
    code = ("import sys, checks.api; print(' '.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('checks', 'crawler', 'reports', 'replica') "
            "or m.endswith(('.store', '.facts')))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert set(loaded) <= {"checks", "checks.api", "checks.model", "checks.pack", "checks.verdict"}


def test_rule_metadata_comes_from_the_pack():
    assert api.rule_title("homepage.stale") == "首页长期未更新"
    assert api.rule_title("no.such-rule") == "no.such-rule"
    assert api.rule_meta("no.such-rule") is None
    assert api.evidence_labels("column.empty")["items"] == "信息条数"
    assert "audit.rule-error" in api.all_rules()


def test_the_statement_names_vetoes_by_their_pack_titles():
    verdict = {"qualified": False, "vetoes": ["interaction.no-channel"]}
    statement = api.verdict_statement(verdict, [])
    assert statement["word"] == "不合格"
    assert "触发单项否决：未提供网上咨询建言渠道" in statement["basis"]
    assert statement["scope"] == api.default_pack().verdict_scope and "单项否决" in statement["scope"]
