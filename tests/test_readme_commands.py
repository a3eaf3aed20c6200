"""Every command and option the README shows exists: each README command's `--help` is run and
every option written after it must appear there (a renamed or removed option fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from govaudit.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
COMMAND = re.compile(r"(?:^|[\s/`(])govaudit(?=[\s`]|$)((?:\s+[a-z][a-z-]*){0,2})((?:[^`|#\n&;])*)")
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")


def readme_commands() -> list[tuple[list[str], list[str], str]]:
    """(command path, options, the line) of every `govaudit ...` the README shows."""
    found = []
    for line in README.read_text(encoding="utf-8").splitlines():
        for m in COMMAND.finditer(line):
            words = m.group(1).split()
            path: list[str] = []
            group: click.Group = cli
            for word in words:  # only words that name a (sub)command belong to the path
                sub = group.commands.get(word) if isinstance(group, click.Group) else None
                if sub is None:
                    break
                path.append(word)
                group = sub
            options = OPTION.findall(m.group(1) + m.group(2))
            found.append((path, options, line.strip()))
    return found


def test_the_readme_shows_many_commands():
    commands = readme_commands()
    shown = {tuple(p) for p, _, _ in commands}
    assert len(commands) >= 25
    for expected in [("audit",), ("crawl",), ("check",), ("report",), ("demo",), ("batch",),
                     ("diff",), ("analyze",), ("worker",), ("ledger", "import")]:
        assert expected in shown, expected


def test_every_readme_command_and_option_exists():
    runner = CliRunner()
    missing = []
    for path, options, line in readme_commands():
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (line, result.output)
        missing += [(line, o) for o in options if o not in result.output]
    assert missing == []
