"""What the CLI says about a rule's sources does not contradict itself."""

from __future__ import annotations

from click.testing import CliRunner

from checks.pack import load_pack
from govaudit.cli import cli


def test_rules_explain_never_says_a_basis_was_and_was_not_checked():
    runner = CliRunner()
    for rule in load_pack().rules:
        out = runner.invoke(cli, ["rules", "explain", rule]).output
        assert not ("已核对原文" in out and "尚未核对原文" in out), rule
        assert not ("已核对原文" in out and "尚未打开核对" in out), rule
