"""What every `govaudit` command shares: the user-facing error (Chinese, exit 2), checking of
dates, URLs, output folders and databases given on the command line, and the common options.
Command modules import this; it imports no command module.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import click

from govaudit.cli_runs import missing_db
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


@contextmanager
def reading_store(db: str, *errors: type[Exception]) -> Iterator[Store]:
    """An existing store for one command, closed afterwards; a StoreError or one of `errors`
    raised inside becomes a GovauditError (exit 2, its message in Chinese)."""
    store = open_store(db, must_exist=True)
    try:
        yield store
    except (StoreError, *errors) as exc:
        raise GovauditError(str(exc))
    finally:
        store.close()


def _parse_format_option(ctx, param, value):
    from reports.formats import FormatError, parse_formats

    try:
        return parse_formats(value)
    except FormatError as exc:
        raise click.BadParameter(str(exc))



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


def out_db_option(note: str = ""):
    """`--db` for commands that write into an output folder: the database defaults to
    OUT/govaudit.db (None here; the command resolves it once the folder is known)."""
    return click.option("--db", default=None,
                        help=f"SQLite 数据库文件（默认 输出目录/govaudit.db{note}）")
