"""`govaudit structure`: the portal's structure as the crawl found it (units, columns, their
categories and how each was recognised), as text or as a site profile draft in YAML."""

from __future__ import annotations

from pathlib import Path

import click

from govaudit.common import GovauditError, db_option, reading_store


@click.command()
@click.argument("url", required=False)
@db_option
@click.option("--crawl", "crawl_id", type=int, default=None,
              help="抓取记录编号（默认该网址或全库最近一次完成的抓取）")
@click.option("--format", "fmt", type=click.Choice(["text", "yaml"]), default="text",
              show_default=True, help="text：文字清单；yaml：可修改后用 --profile 传回的站点配置初稿")
@click.option("--out", default=None, metavar="FILE", help="写入文件（默认显示在终端）")
def structure(url: str | None, db: str, crawl_id: int | None, fmt: str, out: str | None) -> None:
    """显示站点结构：各单位及其栏目、栏目类别和识别依据、未归类的栏目（读取已保存的抓取，不访问网站）。

    Example:

        govaudit structure --db audit.db --format yaml --out site.yaml
    """
    from reports.structure import site_structure, to_profile_yaml, to_text

    with reading_store(db) as store:
        if crawl_id is None:
            crawl_id = store.latest_crawl_id(url)
            if crawl_id is None:
                raise GovauditError(
                    f"数据库 {db} 中没有{'该网址的' if url else ''}已完成的抓取记录；请先运行 govaudit crawl")
        data = site_structure(store, crawl_id)
    text = to_profile_yaml(data) if fmt == "yaml" else to_text(data)
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise GovauditError(f"无法写入 {out}：{exc.strerror or exc}")
        click.echo(f"已写入 {out}")
    else:
        click.echo(text)
