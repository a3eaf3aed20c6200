"""The stages run for the command line: crawl a portal, check a stored crawl, write the
reports of an audit, and the summary printed after them. Each returns the run it made; each
failure a user can fix ends in a `GovauditError` (exit 2) that names what is kept.

Stage packages are imported inside the functions: Scrapy is slow to import, and `check` or
`report` on a stored crawl should not pay for it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from govaudit.cli_crawl import CrawlOptions
from govaudit.cli_lifecycle import LoadedWaivers, run_checks_for_cli
from govaudit.cli_runs import home_failure, refusal, unfinished_audit, unfinished_crawl
from govaudit.common import GovauditError, open_store
from ground.config import ConfigError
from ground.profile import load as load_profile
from ground.store import StoreError


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
        reason = home_failure(store, crawl_id)
    finally:
        store.close()
    if reason:
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


def do_check(db: str, crawl_id: int | None, as_of: dt.date, allow_unfinished: bool = False,
             pack=None, waivers: LoadedWaivers | None = None) -> int:
    """Check a stored crawl (the latest when `crawl_id` is None) with `pack` (None: the national
    pack; `--rules FILE` merged over it) and `waivers` (`--waivers FILE`); return the audit id."""
    store = open_store(db, must_exist=True)
    try:
        crawl_id = _chosen_run(store, db, "crawl", crawl_id, allow_unfinished)
        return run_checks_for_cli(store, crawl_id, as_of, pack=pack, waivers=waivers)
    except (StoreError, ConfigError) as exc:
        raise GovauditError(str(exc))
    finally:
        store.close()


# Per kind of run: the latest one, why it is unfinished, the message when there is none and
# what an unfinished one may not be used for.
_RUNS = {
    "crawl": (lambda store: store.latest_crawl_id(), unfinished_crawl,
              "数据库 {db} 中没有已完成的抓取，请先运行 govaudit crawl", "检查"),
    "audit": (lambda store: store.latest_audit_id(), unfinished_audit,
              "数据库 {db} 中没有检查结果，请先运行 govaudit check", "生成报告"),
}


def _chosen_run(store, db: str, kind: str, run_id: int | None, allow_unfinished: bool) -> int:
    """The crawl to check or the audit to report (the latest when None); an unfinished one
    only with --allow-unfinished."""
    latest, unfinished_of, none_message, use = _RUNS[kind]
    if run_id is None:
        run_id = latest(store)
        if run_id is None:
            raise GovauditError(none_message.format(db=db))
    unfinished = unfinished_of(store, run_id)
    if unfinished and not allow_unfinished:
        raise GovauditError(refusal(unfinished, use))
    return run_id


def do_report(db: str, audit_id: int | None, out: Path,
              formats: tuple[str, ...] | None = None, rectify_days: int | None = None,
              allow_unfinished: bool = False) -> Path:
    """Write the chosen formats; return index.html (or the first file when HTML is not wanted)."""
    from reports.formats import DEFAULT_FORMATS, write_formats
    from reports.workdays import DEFAULT_RECTIFY_DAYS

    store = open_store(db, must_exist=True)
    try:
        audit_id = _chosen_run(store, db, "audit", audit_id, allow_unfinished)
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
        audit_id = _chosen_run(store, db, "audit", audit_id, allow_unfinished)
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
