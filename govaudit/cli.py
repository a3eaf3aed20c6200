"""The `govaudit` command line.

Stages run on their own (`crawl`, `check`, `report`) or together (`audit`, `demo`). Messages are
in Chinese for the supervision staff who use the tool. Bad input (malformed URL, unreachable
site, bad date, unwritable folder, unknown run id) exits with code 2 and a clear message, and
never deletes what a previous run stored.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from ground import __version__
from govaudit.cli_rules import current_pack, rules, rules_option
from govaudit.cli_crawl import CrawlOptions, crawl_options
from govaudit.cli_lifecycle import diff, lifecycle_options
from ground.config import ConfigError
from govaudit.cli_runs import (allow_unfinished_option, close_running, crawl_end_line,
                               database_message, missing_db, refusal, unfinished_audit,
                               unfinished_crawl)
from ground.profile import load as load_profile
from ground.store import Store, StoreError

DEFAULT_DB = "govaudit.db"
USAGE_ERROR = 2


class GovauditError(click.ClickException):
    """A user-facing error: printed in Chinese, exit code 2."""

    exit_code = USAGE_ERROR

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


# -- argument checking --------------------------------------------------------------------------


def parse_as_of(value: str | None) -> dt.date:
    """The audit date: every freshness window counts back from it. Defaults to today."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise GovauditError(f"日期格式不正确：{value!r}，应为 YYYY-MM-DD，例如 2026-11-27")


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GovauditError(
            f"网址格式不正确：{url!r}，应为 http:// 或 https:// 开头的门户网站地址"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise GovauditError(f"网址端口不正确：{url!r}")
    return url.strip() if parts.path else url.strip() + "/"


def check_out_dir(out: str) -> Path:
    """Create the output folder now, so an unwritable one fails before a long crawl."""
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".govaudit-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise GovauditError(f"输出目录无法写入：{path}（{exc.strerror or exc}）")
    return path


def open_store(db: str, *, must_exist: bool = False) -> Store:
    if must_exist and missing_db(db):
        raise GovauditError(missing_db(db))
    try:
        return Store(db)
    except StoreError as exc:
        raise GovauditError(str(exc))


# -- the stages ---------------------------------------------------------------------------------


def do_crawl(url: str, db: str, opts: CrawlOptions, *, polite: bool) -> int:
    """Crawl in this process and return the crawl id; exit 2 when the portal cannot be read.
    With `opts.redis`, this process coordinates a distributed crawl (crawler/distributed.py)."""
    from crawler.run import run_crawl  # imported late: Scrapy is slow to import
    from crawler.safety import CrawlRefused, check_start_url

    try:
        check_start_url(url, opts.allow_private)
    except CrawlRefused as exc:
        raise GovauditError(str(exc))
    try:
        profile = load_profile(opts.profile) if opts.profile else None
    except ConfigError as exc:
        raise GovauditError(str(exc))
    store = open_store(db)
    store.close()
    if opts.redis:
        crawl_id = _coordinate(url, db, opts, polite=polite)
    else:
        try:
            crawl_id = run_crawl(url, db, polite=polite, progress=not opts.quiet,
                                 max_pages=opts.max_pages, allow_private=opts.allow_private,
                                 hosts=list(opts.hosts), resume=opts.resume,
                                 render_js=opts.render_js, incremental=opts.incremental,
                                 profile=profile)
        except CrawlRefused as exc:
            raise GovauditError(str(exc))
    store = open_store(db)
    try:
        crawl = store.crawl(crawl_id)
        home = store.db.execute(
            "select status, error from pages where crawl_id = ? and role = 'home'", [crawl_id]
        ).fetchone()
    finally:
        store.close()
    if home is None or home[0] is None or home[0] >= 400:
        reason = (home[1] if home else None) or (f"HTTP {home[0]}" if home else "无响应")
        raise GovauditError(
            f"无法访问站点 {url}（{reason}）。抓取记录 #{crawl_id} 已保存，未生成检查结果。"
        )
    if crawl["status"] not in ("complete", "interrupted", "stopped", "capped"):
        raise GovauditError(
            f"抓取未完成（{crawl.get('error') or crawl['status']}），已保存的数据保留在抓取记录 #{crawl_id}。"
        )
    if opts.incremental:
        click.echo(f"增量抓取：访问站点 {crawl.get('requests') or 0} 次（其中未变化 304 "
                   f"{crawl.get('not_modified') or 0} 次），沿用上次已读取的页面 "
                   f"{crawl.get('reused') or 0} 个（已读过的文章、附件和外链未重新核验）")
    return crawl_id


def _coordinate(url: str, db: str, opts: CrawlOptions, *, polite: bool) -> int:
    if opts.resume or opts.render_js or opts.incremental or opts.profile:
        raise GovauditError(
            "分布式抓取（--redis）暂不支持 --resume、--render-js、--incremental 和 --profile")
    from crawler.distributed import DistributedError, run_coordinator
    from crawler.safety import CrawlRefused

    try:
        return run_coordinator(url, db, opts.redis, polite=polite, progress=not opts.quiet,
                               max_pages=opts.max_pages, allow_private=opts.allow_private,
                               hosts=list(opts.hosts), workers=opts.workers)
    except (CrawlRefused, DistributedError) as exc:
        raise GovauditError(str(exc))


def do_check(db: str, crawl_id: int | None, as_of: dt.date,
             allow_unfinished: bool = False) -> int:
    # Passes --waivers on and remembers the audit for --fail-on-new (govaudit/cli_lifecycle.py).
    from govaudit.cli_lifecycle import run_checks_for_cli as run_checks

    store = open_store(db, must_exist=True)
    try:
        if crawl_id is None:
            crawl_id = store.latest_crawl_id()
            if crawl_id is None:
                raise GovauditError(f"数据库 {db} 中没有已完成的抓取，请先运行 govaudit crawl")
        unfinished = unfinished_crawl(store, crawl_id)
        if unfinished and not allow_unfinished:
            raise GovauditError(refusal(unfinished, "检查"))
        return run_checks(store, crawl_id, as_of, pack=current_pack())  # --rules FILE
    except (StoreError, ConfigError) as exc:
        raise GovauditError(str(exc))
    finally:
        store.close()


def do_report(db: str, audit_id: int | None, out: Path,
              formats: tuple[str, ...] | None = None, rectify_days: int | None = None,
              allow_unfinished: bool = False) -> Path:
    """Write the chosen formats; return index.html (or the first file when HTML is not wanted)."""
    from reports.formats import DEFAULT_FORMATS, write_formats
    from reports.workdays import DEFAULT_RECTIFY_DAYS

    store = open_store(db, must_exist=True)
    try:
        if audit_id is None:
            audit_id = store.latest_audit_id()
            if audit_id is None:
                raise GovauditError(f"数据库 {db} 中没有检查结果，请先运行 govaudit check")
        unfinished = unfinished_audit(store, audit_id)
        if unfinished and not allow_unfinished:
            raise GovauditError(refusal(unfinished, "生成报告"))
        paths = write_formats(store, audit_id, out, formats or DEFAULT_FORMATS,
                              DEFAULT_RECTIFY_DAYS if rectify_days is None else rectify_days)
        return paths.get("html") or next(iter(paths.values()))
    except StoreError as exc:
        raise GovauditError(str(exc))
    finally:
        store.close()


def do_unit_report(db: str, audit_id: int | None, out: Path, unit_name: str,
                   allow_unfinished: bool = False) -> Path:
    """`report --unit`: one self-contained HTML file for one unit."""
    from reports.render import UnknownUnit, write_unit_report

    store = open_store(db, must_exist=True)
    try:
        if audit_id is None:
            audit_id = store.latest_audit_id()
            if audit_id is None:
                raise GovauditError(f"数据库 {db} 中没有检查结果，请先运行 govaudit check")
        unfinished = unfinished_audit(store, audit_id)
        if unfinished and not allow_unfinished:
            raise GovauditError(refusal(unfinished, "生成报告"))
        return write_unit_report(store, audit_id, unit_name, out)
    except UnknownUnit as exc:
        raise GovauditError(str(exc))
    except StoreError as exc:
        raise GovauditError(str(exc))
    finally:
        store.close()


def summarize(db: str, audit_id: int) -> dict:
    store = open_store(db)
    try:
        audit = store.audit(audit_id)
        findings = store.findings(audit_id)
    finally:
        store.close()
    by_severity: dict[str, int] = {}
    unverified = suspected = 0
    for f in findings:
        if f["status"] == "unverified":
            unverified += 1
        elif f["status"] == "suspected":  # 疑似: for review, not a problem yet
            suspected += 1
        elif f["status"] == "fail":  # waived findings are not problems
            by_severity[f["severity"]] = by_severity.get(f["severity"], 0) + 1
    return {"audit": audit, "findings": findings, "by_severity": by_severity,
            "unverified": unverified, "suspected": suspected}


def echo_summary(db: str, audit_id: int) -> None:
    s = summarize(db, audit_id)
    verdict = s["audit"]["verdict"]
    labels = {"veto": "否决项", "major": "严重", "minor": "一般", "info": "提示"}
    counts = "，".join(
        f"{labels.get(k, k)} {s['by_severity'][k]}" for k in labels if s["by_severity"].get(k)
    ) or "无"
    click.echo(f"检查结果 #{audit_id}（检查日期 {s['audit']['as_of']}）：问题 {counts}；"
               f"未能核验 {s['unverified']} 项"
               + (f"；疑似问题 {s['suspected']} 项（待人工核实）" if s["suspected"] else ""))
    if verdict:
        from checks.verdict import verdict_statement

        statement = verdict_statement(verdict, s["findings"])
        # The same words as the report's verdict box and findings.json: never a bare 合格.
        click.echo(f"网站总体结论：{statement['text']}")
        click.echo(f"  {statement['scope']}")


def enforce_fail_on(db: str, audit_id: int | None, threshold: str | None) -> None:
    """--fail-on: exit 1 when a gap at or above `threshold` exists (rules in reports/gate.py)."""
    if threshold is None:
        return
    from reports.gate import EXIT_FINDINGS, audit_failures

    store = open_store(db)
    try:
        bad = audit_failures(store, audit_id, threshold)
    finally:
        store.close()
    if bad:
        click.echo(f"存在 {len(bad)} 项达到 --fail-on {threshold} 的问题，退出码 {EXIT_FINDINGS}",
                   err=True)
        sys.exit(EXIT_FINDINGS)


def _parse_format_option(ctx, param, value):
    from reports.formats import FormatError, parse_formats

    try:
        return parse_formats(value)
    except FormatError as exc:
        raise click.BadParameter(str(exc))


# -- commands -----------------------------------------------------------------------------------

db_option = click.option("--db", default=DEFAULT_DB, show_default=True,
                         help="SQLite 数据库文件（保存所有抓取与检查记录）")
format_option = click.option(
    "--format", "formats", default="html,json,xlsx", show_default=True,
    callback=_parse_format_option,
    help="报告格式，逗号分隔：html,json,xlsx,csv,sarif,junit（xlsx 为整改台账）")
fail_on_option = click.option(
    "--fail-on", "fail_on", type=click.Choice(["veto", "major", "minor", "info"]), default=None,
    help="存在该严重程度及以上的问题时以退出码 1 结束（用于 CI；未能核验不计）")
rectify_option = click.option(
    "--rectify-days", "rectify_days", type=click.IntRange(min=0, max=365), default=20,
    show_default=True, help="整改台账的整改期限：检查日期后的工作日数（含法定节假日调休）")
as_of_option = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                            help="检查日期，时效从该日倒推计算（默认今天）")


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
def check(db: str, crawl_id: int | None, as_of: str | None, fail_on: str | None,
          allow_unfinished: bool) -> None:
    """对已保存的抓取运行检查规则，生成检查结果（不访问网站）。

    Example:

        govaudit check --db audit.db --as-of 2026-11-27
    """
    audit_id = do_check(db, crawl_id, parse_as_of(as_of), allow_unfinished)
    echo_summary(db, audit_id)
    enforce_fail_on(db, audit_id, fail_on)


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
          fail_on: str | None, rectify_days: int, crawl_opts: CrawlOptions,
          allow_unfinished: bool) -> None:
    """抓取、检查并生成报告（三个阶段一次完成）。

    Example:

        govaudit audit https://www.example.gov.cn/ --as-of 2026-11-27 --out report
    """
    url = check_url(url)
    as_of_date = parse_as_of(as_of)
    out_dir = check_out_dir(out)
    crawl_id = do_crawl(url, db, crawl_opts, polite=True)
    audit_id = do_check(db, crawl_id, as_of_date, allow_unfinished)
    index = do_report(db, audit_id, out_dir, formats, rectify_days, allow_unfinished)
    echo_summary(db, audit_id)
    click.echo(f"报告：{index}")
    enforce_fail_on(db, audit_id, fail_on)


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
@click.option("--db", default=None,
              help="SQLite 数据库文件（默认 输出目录/govaudit.db；整改前后两次示例用同一个文件即可比较）")
@format_option
@lifecycle_options
def demo(out: str, as_of: str | None, seed: int, size: str, stale_homepage: bool,
         fixed: bool, unanswered_letter: bool, no_channel: bool, quiet: bool, db: str | None,
         formats: tuple[str, ...]) -> None:
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
    audit_id = do_check(db, crawl_id, as_of_date)
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


cli.add_command(rules)


from govaudit.cli_analyze import analyze  # noqa: E402

cli.add_command(analyze)


cli.add_command(diff)


from govaudit.cli_batch import batch  # noqa: E402 - registered last, imports cli lazily

cli.add_command(batch)

from govaudit.cli_distributed import worker  # noqa: E402

cli.add_command(worker)

from govaudit.cli_ledger import ledger  # noqa: E402

cli.add_command(ledger)

from govaudit.cli_structure import structure  # noqa: E402

cli.add_command(structure)


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
