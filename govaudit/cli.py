"""The `govaudit` command line.

Stages run on their own (`crawl`, `check`, `report`) or together (`audit`, `demo`). Messages are
in Chinese for the supervision staff who use the tool. Bad input (malformed URL, unreachable
site, bad date, unwritable folder, unknown run id) exits with code 2 and a clear message, and
never deletes what a previous run stored.

This module only defines the group, the stage commands and `main`; every other command lives
in its own `cli_*` module, and the stages run through `govaudit.pipeline`. Nothing imports it.
"""

from __future__ import annotations

import json
import sqlite3
import sys

import click

from govaudit.cli_analyze import analyze
from govaudit.cli_batch import batch
from govaudit.cli_crawl import CrawlOptions, crawl_options
from govaudit.cli_distributed import worker
from govaudit.cli_ledger import ledger
from govaudit.cli_lifecycle import diff, finish_lifecycle, lifecycle_options
from govaudit.cli_rules import rules, rules_option
from govaudit.cli_runs import allow_unfinished_option, close_running, crawl_end_line, database_message
from govaudit.cli_structure import structure
from govaudit.common import (DEFAULT_DB, USAGE_ERROR, as_of_option, check_out_dir, check_url,
                             db_option, fail_on_option, format_option, open_store, out_db_option,
                             parse_as_of, rectify_option)
from govaudit.pipeline import (do_check, do_crawl, do_report, do_unit_report, echo_summary,
                               enforce_fail_on, summarize)  # noqa: F401 (summarize: tests)
from ground import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govaudit")
def cli() -> None:
    """govaudit：政府网站信息公开合规检查工具。

    Example:

        govaudit audit https://www.example.gov.cn/ --out report
    """


@cli.command()
@click.argument("url")
@db_option
@crawl_options
def crawl(url: str, db: str, crawl_opts: CrawlOptions) -> None:
    """抓取门户网站，把页面、栏目和信息条目存入数据库。

    Example:

        govaudit crawl https://www.example.gov.cn/ --db audit.db
    """
    url = check_url(url)
    crawl_id = do_crawl(url, db, crawl_opts, polite=True)
    store = open_store(db)
    try:
        click.echo(crawl_end_line(store.crawl(crawl_id), db))
    finally:
        store.close()


@cli.command()
@db_option
@click.option("--crawl", "crawl_id", type=int, default=None, help="抓取记录编号（默认最近一次）")
@as_of_option
@fail_on_option
@rules_option
@lifecycle_options
@allow_unfinished_option
def check(db: str, crawl_id: int | None, as_of: str | None, fail_on: str | None, pack,
          waivers, fail_on_new: bool, allow_unfinished: bool) -> None:
    """对已保存的抓取运行检查规则，生成检查结果（不访问网站）。

    Example:

        govaudit check --db audit.db --as-of 2026-11-27
    """
    audit_id = do_check(db, crawl_id, parse_as_of(as_of), allow_unfinished, pack, waivers)
    echo_summary(db, audit_id)
    enforce_fail_on(db, audit_id, fail_on)
    finish_lifecycle(db, audit_id, fail_on_new)


@cli.command()
@db_option
@click.option("--audit", "audit_id", type=int, default=None, help="检查结果编号（默认最近一次）")
@click.option("--out", default="report", show_default=True, help="报告输出目录")
@format_option
@fail_on_option
@rectify_option
@click.option("--unit", "unit_name", default=None, metavar="单位名称",
              help="只为该单位写一个独立的 HTML 文件（内嵌样式，不依赖其他文件）")
@allow_unfinished_option
def report(db: str, audit_id: int | None, out: str, formats: tuple[str, ...],
           fail_on: str | None, rectify_days: int, unit_name: str | None,
           allow_unfinished: bool) -> None:
    """把检查结果写成中文 HTML 报告和 findings.json。

    Example:

        govaudit report --db audit.db --out report

        govaudit report --db audit.db --unit 示例县财政局 --out report
    """
    out_dir = check_out_dir(out)
    if unit_name is not None:
        click.echo(f"单位报告：{do_unit_report(db, audit_id, out_dir, unit_name, allow_unfinished)}")
        enforce_fail_on(db, audit_id, fail_on)
        return
    index = do_report(db, audit_id, out_dir, formats, rectify_days, allow_unfinished)
    click.echo(f"报告：{index}")
    enforce_fail_on(db, audit_id, fail_on)


@cli.command()
@click.argument("url")
@db_option
@as_of_option
@click.option("--out", default="report", show_default=True, help="报告输出目录")
@format_option
@fail_on_option
@rectify_option
@rules_option
@lifecycle_options
@crawl_options
@allow_unfinished_option
def audit(url: str, db: str, as_of: str | None, out: str, formats: tuple[str, ...],
          fail_on: str | None, rectify_days: int, pack, waivers, fail_on_new: bool,
          crawl_opts: CrawlOptions, allow_unfinished: bool) -> None:
    """抓取、检查并生成报告（三个阶段一次完成）。

    Example:

        govaudit audit https://www.example.gov.cn/ --as-of 2026-11-27 --out report
    """
    url = check_url(url)
    as_of_date = parse_as_of(as_of)
    out_dir = check_out_dir(out)
    crawl_id = do_crawl(url, db, crawl_opts, polite=True)
    audit_id = do_check(db, crawl_id, as_of_date, allow_unfinished, pack, waivers)
    index = do_report(db, audit_id, out_dir, formats, rectify_days, allow_unfinished)
    echo_summary(db, audit_id)
    click.echo(f"报告：{index}")
    enforce_fail_on(db, audit_id, fail_on)
    finish_lifecycle(db, audit_id, fail_on_new)


@cli.command()
@click.option("--out", default="demo-output", show_default=True, help="输出目录")
@as_of_option
@click.option("--seed", type=int, default=7, show_default=True, help="示例门户的随机种子")
@click.option("--size", default="small", show_default=True, help="示例门户规模：small 或 large")
@click.option("--stale-homepage", is_flag=True, help="让示例门户首页超过两周未更新")
@click.option("--fixed", is_flag=True, help="整改后的示例门户：修复部分预置问题并新增一项")
@click.option("--unanswered-letter", is_flag=True,
              help="在示例门户的县长信箱中预置一条超过3个月未回复的留言（单项否决）")
@click.option("--no-channel", is_flag=True,
              help="示例门户不设任何网上咨询建言渠道（无政民互动栏目和链接，单项否决）")
@click.option("--quiet", is_flag=True, help="不显示抓取进度")
@out_db_option("；整改前后两次示例用同一个文件即可比较")
@format_option
@lifecycle_options
def demo(out: str, as_of: str | None, seed: int, size: str, stale_homepage: bool,
         fixed: bool, unanswered_letter: bool, no_channel: bool, quiet: bool, db: str | None,
         formats: tuple[str, ...], waivers, fail_on_new: bool) -> None:
    """在内置的示例县门户（本机回环地址）上完整运行一次检查。

    启动示例门户，抓取、检查、生成报告，并与门户的“标准答案”（manifest.json）比对。

    Example:

        govaudit demo --out demo-output

        govaudit demo --fixed --out demo-output   # 整改后再查一次：新增、已整改
    """
    from govaudit.groundtruth import compare
    from replica.generator import build_site
    from replica.server import start

    as_of_date = parse_as_of(as_of)
    out_dir = check_out_dir(out)
    db = db or str(out_dir / "govaudit.db")
    site = build_site(seed=seed, size=size, as_of=as_of_date, stale_homepage=stale_homepage,
                      fixed=fixed, unanswered_letter=unanswered_letter, no_channel=no_channel)
    (out_dir / "manifest.json").write_text(
        json.dumps(site.manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    server = start(site)
    try:
        click.echo(f"示例门户已启动：{server.url}")
        crawl_id = do_crawl(server.url, db, CrawlOptions(quiet=quiet, allow_private=True),
                            polite=False)  # the replica is on loopback
    finally:
        server.stop()
    audit_id = do_check(db, crawl_id, as_of_date, waivers=waivers)
    # The ground-truth comparison below reads findings.json, so demo always writes it.
    index = do_report(db, audit_id, out_dir, tuple(dict.fromkeys((*formats, "json"))))
    echo_summary(db, audit_id)
    findings = json.loads((out_dir / "findings.json").read_text(encoding="utf-8"))["findings"]
    result = compare(findings, site.manifest)
    total = len(site.manifest.get("defects", []))
    click.echo(f"预置问题：共 {total} 项，发现 {len(result.found)} 项，遗漏 {len(result.missed)} 项；"
               f"预置之外的发现 {len(result.unexpected)} 项")
    for defect in result.missed:
        click.echo(f"  遗漏：{defect.get('id')} {defect.get('rule')} {defect.get('unit')} "
                   f"{defect.get('column_path') or defect.get('url_path') or defect.get('category')}")
    for finding in result.unexpected:
        click.echo(f"  预置之外：{finding.get('rule')} {finding.get('unit')} {finding.get('message')}")
    click.echo(f"报告：{index.resolve()}")
    finish_lifecycle(db, audit_id, fail_on_new)


for command in (rules, analyze, diff, batch, worker, ledger, structure):
    cli.add_command(command)


def _db_argument(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--db="):
            return arg[5:]
    return DEFAULT_DB


def main() -> None:
    # Scrapy and Twisted print tracebacks for interrupted crawls; keep the exit code honest.
    try:
        cli(prog_name="govaudit")
    except sqlite3.Error as exc:
        db = _db_argument(sys.argv)
        close_running(db)
        click.echo(f"错误：{database_message(exc, db)}", err=True)
        sys.exit(USAGE_ERROR)
    except KeyboardInterrupt:
        click.echo("已中断；已保存的数据保留在数据库中。", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
