"""`govaudit batch sites.csv`: audit a list of portals and write the roll-up 通报.

Kept out of govaudit/cli.py (which only registers the command) so batch options can grow
without touching the single-site commands. A site list with no usable row stops before any
crawl (exit 2); a bad row among good ones is skipped with a message (shown in the 通报 too);
sites that cannot be read are reported as 未能检查 and the batch goes on.
"""

from __future__ import annotations

import json

import click

from govaudit.cli_rules import rules_option
from govaudit.common import (GovauditError, as_of_option, check_out_dir, open_store,
                             out_db_option, parse_as_of)


@click.command("batch")
@click.argument("sites_file", metavar="SITES.CSV")
@click.option("--out", default="batch-report", show_default=True, help="汇总报告及各站点报告的输出目录")
@out_db_option()
@as_of_option
@click.option("--title", default=None, help="汇总通报的标题（默认“政府网站信息公开检查情况通报”）")
@click.option("--site-timeout", type=float, default=None, metavar="SECONDS",
              help="单个站点抓取的最长时间（秒），超时记为未能检查")
@click.option("--fast-loopback", is_flag=True,
              help="允许本机回环地址上的示例站点并且不限速（仅用于测试与演示，真实站点始终礼貌抓取）")
@click.option("--quiet", is_flag=True, help="不逐站显示进度")
@click.option("--incremental", is_flag=True,
              help="增量检查：各站点只用条件请求复查首页、栏目列表和单位页，其余沿用上次抓取")
@rules_option
def batch(sites_file: str, out: str, db: str | None, as_of: str | None, title: str | None,
          site_timeout: float | None, fast_loopback: bool, quiet: bool,
          incremental: bool, pack) -> None:
    """批量检查站点清单中的网站，生成按地区统计合格率的汇总通报。

    站点清单为 CSV：网站名称,网址,地区,级别（可带表头，可另加“网站标识码”列）。

    Example:

        govaudit batch sites.csv --out 2026Q4 --as-of 2026-11-27
    """
    from govaudit.batch import run_batch
    from govaudit.sites_csv import SitesFileError, read_sites_skipping
    from reports.rollup import write_rollup

    try:
        sites, skipped = read_sites_skipping(sites_file)
    except SitesFileError as exc:
        raise GovauditError(str(exc))
    for message in skipped:  # the other rows are still audited
        click.echo(f"已跳过：{message}", err=True)
    day = parse_as_of(as_of)
    out_dir = check_out_dir(out)
    db = db or str(out_dir / "govaudit.db")
    open_store(db).close()  # a bad database fails now, not after the first crawl

    labels = {"qualified": "合格", "failed": "不合格", "unchecked": "未能检查"}

    def progress(result) -> None:
        if quiet:
            return
        # The same verdict words as the site's report and the 通报.
        reason = f"（{'；'.join(result.reasons)}）" if result.reasons else ""
        shown = result.verdict_text or f"{labels[result.status]}{reason}"
        click.echo(f"[{result.site.number}/{len(sites)}] {result.site.region} {result.site.name}："
                   f"{shown}")

    results = run_batch(sites, db=db, out=out_dir, as_of=day, pack=pack,
                        fast=fast_loopback, timeout=site_timeout, incremental=incremental,
                        progress=progress)
    rows = [r.as_dict() for r in results]
    index = write_rollup(rows, out_dir, day, title, skipped)
    (out_dir / "sites.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2),
                                        encoding="utf-8")
    counts = {k: sum(1 for r in results if r.status == k) for k in labels}
    checked = counts["qualified"] + counts["failed"]
    rate = f"{counts['qualified'] / checked * 100:.1f}%" if checked else "—"
    click.echo(f"共 {len(results)} 个网站：合格 {counts['qualified']}，不合格 {counts['failed']}，"
               f"未能检查 {counts['unchecked']}；合格率 {rate}"
               + (f"；站点清单中 {len(skipped)} 行格式有误，已跳过" if skipped else ""))
    click.echo(f"汇总报告：{index}")
