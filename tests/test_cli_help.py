"""Every command has Chinese help text with an example (the CLI is the users' documentation)."""

import pytest
from click.testing import CliRunner

from govaudit.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.output)


def test_core_stages_are_commands():
    assert {"crawl", "check", "report", "audit", "demo"} <= set(cli.commands)
