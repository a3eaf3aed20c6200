"""`govaudit worker`: join a distributed crawl (crawler/distributed.py) from any machine.

The crawl itself is started by `govaudit crawl URL --redis R` (the coordinator, the only writer
of the database); workers only need the same Redis URL and network access to the portal.
"""

from __future__ import annotations

import click

from govaudit.common import GovauditError


@click.command()
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="协调进程使用的同一个 Redis，如 redis://:密码@10.0.0.5:6379/0")
@click.option("--crawl", "token", default=None, metavar="TOKEN",
              help="要加入的分布式抓取编号（默认最早开始的一个正在进行的抓取）")
@click.option("--wait", "wait_s", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="没有正在进行的抓取时最多等待的秒数")
@click.option("--quiet", is_flag=True, help="不显示抓取进度")
def worker(redis_url: str, token: str | None, wait_s: float, quiet: bool) -> None:
    """作为工作进程加入一次分布式抓取，直到该抓取结束。

    Example:

        govaudit worker --redis redis://:secret@10.0.0.5:6379/0
    """
    from crawler.distributed import DistributedError, run_worker

    try:
        token = run_worker(redis_url, token, wait_s=wait_s, progress=not quiet)
    except DistributedError as exc:
        raise GovauditError(str(exc))
    click.echo(f"分布式抓取 {token} 已结束，本工作进程退出")
