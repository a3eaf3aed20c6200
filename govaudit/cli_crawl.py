"""Crawl options shared by `crawl` and `audit`: --allow-private, --hosts, --resume,
--render-js, and the distributed mode's --redis and --workers."""

from __future__ import annotations

import click


def _split_hosts(ctx, param, values) -> tuple[str, ...]:
    hosts: list[str] = []
    for value in values or ():
        hosts += [h.strip() for h in value.split(",") if h.strip()]
    return tuple(hosts)


def crawl_scope_options(func):
    """Decorator adding the options (keyword arguments allow_private, hosts, resume,
    render_js)."""
    func = click.option(
        "--render-js", is_flag=True,
        help="用无界面 Chromium 渲染页面中的 JavaScript（需安装 scrapy-playwright，默认关闭）")(func)
    func = click.option(
        "--resume", is_flag=True,
        help="继续上一次被中断（包括被强制终止）的同一网址的抓取，已取得的页面不再重新请求")(func)
    func = click.option(
        "--hosts", multiple=True, callback=_split_hosts, metavar="HOST[:PORT],...",
        help="同属该门户的其他主机（如部门子站），其页面与主站一样抓取；其他主机的链接只检查不深入")(func)
    func = click.option(
        "--allow-private", is_flag=True,
        help="允许抓取内网和本机地址（默认拒绝，仅用于本机测试门户）")(func)
    return func


def distributed_options(func):
    """Decorator adding --redis (keyword redis) and --workers (keyword workers)."""
    func = click.option(
        "--workers", type=click.IntRange(min=0, max=64), default=0, show_default=True,
        help="与 --redis 一起使用：在本机启动的工作进程数（其他机器可用 govaudit worker 加入）")(func)
    func = click.option(
        "--redis", metavar="URL", default=None,
        help="分布式抓取：多个工作进程通过该 Redis（如 redis://:密码@10.0.0.5:6379/0）共享请求队列和去重集合，"
             "本进程协调并写入数据库")(func)
    return func
