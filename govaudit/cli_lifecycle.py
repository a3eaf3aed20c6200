"""CLI pieces for the finding lifecycle and waivers: `govaudit diff`, and the `--waivers` /
`--fail-on-new` options of `check`, `audit` and `demo`.

Kept out of cli.py so that file only uses them: `@lifecycle_options` on a command loads the
waiver file while the command line is parsed (a malformed file exits 2 before a long crawl) and
hands it to the command, `run_checks_for_cli` passes the waivers to the runner, and
`finish_lifecycle` prints the audit's changes and lets `--fail-on-new` decide the exit code.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import click

from govaudit.common import GovauditError
from ground.store import Store, StoreError

EXIT_NEW_FINDINGS = 1
LABELS = {"new": "新增", "persisting": "仍存在", "regressed": "复现", "resolved": "已整改"}
@dataclass(frozen=True)
class LoadedWaivers:
    """A waiver file read by `--waivers`: its entries and where they came from."""

    waivers: list
    source: str


def _load_waivers(ctx: click.Context, param, value) -> LoadedWaivers | None:
    # Runs while the command line is parsed: a malformed file exits 2 before a long crawl.
    if not value:
        return None
    from checks.waivers import WaiverError, load_waivers

    try:
        return LoadedWaivers(load_waivers(value), value)
    except WaiverError as exc:
        raise GovauditError(str(exc))


def lifecycle_options(command):
    """Add `--waivers FILE` (the command gets `waivers`: LoadedWaivers or None) and
    `--fail-on-new` (the command gets `fail_on_new` and ends with `finish_lifecycle`)."""
    command = click.option("--fail-on-new", "fail_on_new", is_flag=True,
                           help="与同一网站上一次检查相比存在新增或复现的问题时以退出码 1 结束"
                                "（首次检查作为基线不计；未能核验、已豁免不计）")(command)
    return click.option("--waivers", "waivers", default=None, metavar="FILE",
                        callback=_load_waivers,
                        help="豁免清单（YAML，格式见 docs/waivers.md）")(command)


def finish_lifecycle(db: str, audit_id: int, fail_on_new: bool) -> None:
    """After a check: print what changed since the previous audit of the site and the expired
    waivers; with `--fail-on-new`, exit 1 when a gap is new or regressed."""
    new_failures = echo_changes(db, audit_id)
    if fail_on_new and new_failures:
        click.echo(f"存在 {new_failures} 项新增或复现的问题（--fail-on-new），退出码 "
                   f"{EXIT_NEW_FINDINGS}", err=True)
        sys.exit(EXIT_NEW_FINDINGS)


def run_checks_for_cli(store: Store, crawl_id: int, as_of, pack=None,
                       waivers: LoadedWaivers | None = None) -> int:
    """run_checks with the loaded waivers, warning about waivers that matched nothing."""
    from checks.runner import run_checks

    if waivers:
        _validate_waivers(store, crawl_id, waivers.waivers, waivers.source, pack)
    audit_id = run_checks(store, crawl_id, as_of, pack=pack,
                          waivers=waivers.waivers if waivers else None,
                          waiver_file=waivers.source if waivers else None)
    if waivers:
        for w in (store.audit(audit_id).get("waivers") or {}).get("unmatched") or []:
            where = f"第 {w['line']} 行" if w.get("line") else ""
            click.echo(f"警告：豁免文件 {waivers.source} {where}的豁免（{w['rule']}，{w['unit']}）没有匹配到"
                       "任何问题，请核对规则编号、单位、栏目和网址", err=True)
    return audit_id


def _validate_waivers(store: Store, crawl_id: int, waivers, source, pack) -> None:
    """Unknown rule or unit in the waiver file: an error naming its line (exit 2)."""
    from checks.pack import load_pack
    from checks.waivers import WaiverError, validate_waivers

    loaded = load_pack(pack)
    units = [u["name"] for u in store.rows("units", crawl_id) if u.get("name")]
    site = store.crawl(crawl_id).get("site_name")
    try:
        validate_waivers(waivers, source, [*loaded.rules, *loaded.system],
                         [*units, *([site] if site else [])])
    except WaiverError as exc:
        raise GovauditError(str(exc))


def echo_changes(db: str, audit_id: int) -> int:
    """Print the audit's changes and expired waivers; return how many `fail` findings are new
    or regressed against a previous audit (0 for a first audit: it is the baseline)."""
    store = Store(db)
    try:
        audit = store.audit(audit_id)
        findings = store.findings(audit_id)
        resolved = store.resolved_findings(audit_id)
    finally:
        store.close()
    for w in (audit.get("waivers") or {}).get("expired") or []:
        click.echo(f"豁免已过期（{w['expires']}），不再适用：{w['rule']} {w['unit']} "
                   f"{w.get('column') or w.get('url') or ''}（{w['reason']}）")
    waived = sum(1 for f in findings if f["status"] == "waived")
    if waived:
        click.echo(f"已豁免 {waived} 项（不计入结论）")
    previous = audit.get("previous_audit_id")
    if previous is None:
        click.echo("该网站此前没有检查记录，本次检查作为比较基线。")
        return 0
    # The same counts as the report's overview (reports/context.py history): gaps only, and
    # 已整改 without what was merely unreadable before.
    from reports.context import resolved_rows

    counts = {k: sum(1 for f in findings if f["status"] == "fail" and f.get("lifecycle") == k)
              for k in ("new", "persisting", "regressed")}
    click.echo(f"与上次检查 #{previous} 相比（问题数，不含未能核验、疑似和已豁免）：新增 {counts['new']} 项，"
               f"仍存在 {counts['persisting']} 项，复现 {counts['regressed']} 项，"
               f"已整改 {len(resolved_rows(resolved))} 项")
    return sum(1 for f in findings
               if f["status"] == "fail" and f.get("lifecycle") in ("new", "regressed"))


# -- govaudit diff --------------------------------------------------------------------------------


def _default_pair(store: Store) -> tuple[int, int]:
    from checks.lifecycle import previous_audit_id

    audits = store.audit_sites()
    if not audits:
        raise GovauditError("数据库中没有检查结果，请先运行 govaudit check")
    latest, site_url = audits[0]
    previous = previous_audit_id(store, latest, site_url)
    if previous is None:
        raise GovauditError(f"网站 {site_url} 只有一次检查（#{latest}），没有可比较的上一次检查")
    return previous, latest


def _where(f: dict) -> str:
    parts = [f.get("unit_name") or "", f.get("column_name") or ""]
    detail = " ".join(p for p in parts if p)
    return f"{detail}：{f.get('message') or ''}" if detail else (f.get("message") or "")


@click.command()
@click.argument("audit_a", type=int, required=False)
@click.argument("audit_b", type=int, required=False)
@click.option("--db", default="govaudit.db", show_default=True,
              help="SQLite 数据库文件（保存所有抓取与检查记录）")
def diff(audit_a: int | None, audit_b: int | None, db: str) -> None:
    """比较两次检查结果：新增、仍存在、复现、已整改（按规则和单位列出）。

    默认比较最近一个网站的最近两次检查。

    Example:

        govaudit diff 3 5 --db audit.db
    """
    from checks.lifecycle import compare

    try:
        store = Store(db)
    except StoreError as exc:
        raise GovauditError(str(exc))
    try:
        if audit_a is None:
            audit_a, audit_b = _default_pair(store)
        elif audit_b is None:
            raise GovauditError("请同时给出两个检查结果编号，例如 govaudit diff 3 5")
        before, after = store.audit(audit_a), store.audit(audit_b)
        site_url = store.crawl(after["crawl_id"])["site_url"]
        current = store.findings(audit_b)
        changes = compare(store, audit_a, current, site_url)
    except StoreError as exc:
        raise GovauditError(str(exc))
    finally:
        store.close()
    click.echo(f"检查 #{audit_a}（{before['as_of']}） → 检查 #{audit_b}（{after['as_of']}），"
               f"网站 {site_url}")
    sections = [(k, changes.of(k, current)) for k in ("new", "regressed", "persisting")]
    sections.append(("resolved", changes.resolved))
    for kind, rows in sections:
        click.echo(f"\n{LABELS[kind]}：{len(rows)} 项")
        for rule in sorted({f["rule"] for f in rows}):
            of_rule = [f for f in rows if f["rule"] == rule]
            title = of_rule[0].get("title") or rule
            click.echo(f"  【{title}】{rule}（{len(of_rule)} 项）")
            for f in sorted(of_rule, key=lambda f: (f.get("unit_name") or "", f.get("url") or "")):
                status = {"unverified": "（未能核验）", "waived": "（已豁免）",
                          "suspected": "（疑似）"}.get(f.get("status"), "")
                click.echo(f"    - {_where(f)}{status}")
