"""`govaudit rules list|explain|docs` and the `--rules FILE` option of `check`/`audit`.

Kept out of govaudit/cli.py so the rule-catalogue commands can grow without touching the stage
commands; `--rules FILE` hands the loaded pack to the command as its `pack` parameter. A bad pack file is a
usage error (exit 2, Chinese message), found before any crawl starts.
"""

from __future__ import annotations

from pathlib import Path

import click

from govaudit.common import GovauditError

def _load(ctx: click.Context, param, value):
    # Runs while the command line is parsed: a bad file stops `audit` before the crawl.
    return load_rules_file(value)


# For `check`/`audit`/`batch`: the command receives the loaded pack as `pack` (None: national).
rules_option = click.option(
    "--rules", "pack", default=None, metavar="FILE", callback=_load,
    help="本地或省级规则包（YAML），在全国规则包上覆盖阈值、严重程度，停用或补充规则")

# For `rules list|explain`: the path itself.
_rules_path_option = click.option(
    "--rules", "rules_file", default=None, metavar="FILE",
    help="本地或省级规则包（YAML），显示与全国规则包合并后的规则")


def load_rules_file(path: str | None):
    """The national pack merged with `path`, or None (= the national pack) without a file."""
    if path is None:
        return None
    from checks.pack import PackError, load_site_pack

    if not Path(path).is_file():
        raise GovauditError(f"规则包文件不存在：{path}")
    try:
        return load_site_pack(path)
    except PackError as exc:
        raise GovauditError(f"规则包有误：{exc}")


def _pack(path: str | None):
    from checks.pack import load_pack

    return load_rules_file(path) or load_pack()


@click.group("rules")
def rules() -> None:
    """查看检查规则：编号、名称、依据、阈值及其来源状态。

    Example:

        govaudit rules list
        govaudit rules explain disclosure.late
    """


@rules.command("list")
@_rules_path_option
def list_rules(rules_file: str | None) -> None:
    """列出全部检查规则（编号、严重程度、名称、依据、标记）。

    Example:

        govaudit rules list --rules local.yaml
    """
    from checks.docs import SEVERITY_LABELS, status_marks

    pack = _pack(rules_file)
    click.echo(f"规则包：{pack.version}，共 {len(pack.rules)} 条规则")
    for meta in pack.rules.values():
        marks = status_marks(meta)
        click.echo(f"{meta.id:<24} {SEVERITY_LABELS[meta.severity]:<4} {meta.title}")
        click.echo(f"{'':<24} 依据：{meta.basis.text}")
        if marks:
            click.echo(f"{'':<24} 标记：{'；'.join(marks)}")


@rules.command("explain")
@click.argument("rule_id")
@_rules_path_option
def explain(rule_id: str, rules_file: str | None) -> None:
    """显示一条规则的全部信息：说明、整改建议、依据与链接、阈值及来源状态、适用期。

    Example:

        govaudit rules explain disclosure.late
    """
    from checks.docs import explain_lines

    pack = _pack(rules_file)
    meta = pack.rules.get(rule_id) or pack.system.get(rule_id)
    if meta is None:
        raise GovauditError(f"没有编号为 {rule_id!r} 的规则；运行 govaudit rules list 查看全部规则")
    for line in explain_lines(meta):
        click.echo(line)


@rules.command("docs")
@click.option("--out", default=None, metavar="FILE", help="输出文件（默认 docs/rules.md）")
@click.option("--check", "check_only", is_flag=True, help="只检查文档是否最新，不一致时退出码 1")
def docs(out: str | None, check_only: bool) -> None:
    """根据规则包生成规则目录页 docs/rules.md。

    Example:

        govaudit rules docs --check
    """
    from checks import docs as generator

    args = (["--out", out] if out else []) + (["--check"] if check_only else [])
    code = generator.main(args)
    if code:
        raise SystemExit(code)
