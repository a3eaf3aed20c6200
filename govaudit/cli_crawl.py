"""Crawl options shared by `crawl` and `audit`, declared once: --max-pages, --quiet,
--allow-private, --hosts, --resume, --render-js, --incremental, the distributed mode's
--redis and --workers, and the site profile --profile. `@crawl_options` adds them all and hands the command one `CrawlOptions`
(keyword `crawl_opts`), which `do_crawl` takes as it is."""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

import click


@dataclass(frozen=True)
class CrawlOptions:
    """How to crawl, as the user chose it on the command line."""

    max_pages: int | None = None
    quiet: bool = False
    allow_private: bool = False
    hosts: tuple[str, ...] = ()
    resume: bool = False
    render_js: bool = False
    incremental: bool = False
    redis: str | None = None
    workers: int = 0
    profile: str | None = None


def _split_hosts(ctx, param, values) -> tuple[str, ...]:
    hosts: list[str] = []
    for value in values or ():
        hosts += [h.strip() for h in value.split(",") if h.strip()]
    return tuple(hosts)


# In the order --help lists them.
_OPTIONS = [
    click.option("--max-pages", type=int, default=None, help="最多抓取的页面数（用于试运行）"),
    click.option("--quiet", is_flag=True, help="不显示抓取进度"),
    click.option(
        "--allow-private", is_flag=True,
        help="允许抓取内网和本机地址（默认拒绝，仅用于本机测试门户）"),
    click.option(
        "--hosts", multiple=True, callback=_split_hosts, metavar="HOST[:PORT],...",
        help="同属该门户的其他主机（如部门子站），其页面与主站一样抓取；其他主机的链接只检查不深入"),
    click.option(
        "--resume", is_flag=True,
        help="继续上一次被中断（包括被强制终止）的同一网址的抓取，已取得的页面不再重新请求"),
    click.option(
        "--render-js", is_flag=True,
        help="用无界面 Chromium 渲染页面中的 JavaScript（需安装 scrapy-playwright，默认关闭）"),
    click.option(
        "--incremental", is_flag=True,
        help="增量检查：首页、栏目列表和单位页用条件请求复查，其余沿用上次抓取（缓存在 数据库.httpcache）"),
    click.option(
        "--redis", metavar="URL", default=None,
        help="分布式抓取：多个工作进程通过该 Redis（如 redis://:密码@10.0.0.5:6379/0）共享请求队列和去重集合，"
             "本进程协调并写入数据库"),
    click.option(
        "--workers", type=click.IntRange(min=0, max=64), default=0, show_default=True,
        help="与 --redis 一起使用：在本机启动的工作进程数（其他机器可用 govaudit worker 加入）"),
    click.option(
        "--profile", metavar="FILE", default=None,
        help="站点配置（YAML，可由 govaudit structure --format yaml 生成后修改）：补充单位索引和单位、"
             "指定栏目类别、本站栏目同义词"),
]


def crawl_options(func):
    """Decorator adding every crawl option; the command gets them as `crawl_opts`."""
    names = [f.name for f in fields(CrawlOptions)]

    @functools.wraps(func)
    def command(*args, **kwargs):
        chosen = CrawlOptions(**{name: kwargs.pop(name) for name in names})
        return func(*args, crawl_opts=chosen, **kwargs)

    for option in reversed(_OPTIONS):  # decorators apply bottom-up
        command = option(command)
    return command
