"""`govaudit ledger import FILE`: read a filled 整改台账 back as the departments' answers.

The answers (整改措施, 责任人, 完成情况, 复核) are matched to findings by fingerprint, stored, and
shown on the next report and in the next ledger (reports/ledger_import.py).
"""

from __future__ import annotations

import click

from govaudit.common import db_option, reading_store


@click.group("ledger")
def ledger() -> None:
    """整改台账：导入各单位填写后返回的台账。

    Example:

        govaudit ledger import 整改台账-财政局.xlsx --db audit.db
    """


@ledger.command("import")
@click.argument("file", metavar="FILE.xlsx")
@db_option
def import_ledger(file: str, db: str) -> None:
    """读取填写后的整改台账，把整改措施、责任人、完成情况和复核意见按指纹存入数据库，下次生成报告时显示。

    Example:

        govaudit ledger import 整改台账-财政局.xlsx --db audit.db
    """
    from reports.ledger_import import LedgerFileError, import_answers

    with reading_store(db, LedgerFileError) as store:
        result = import_answers(store, file)
    click.echo(f"已导入单位反馈 {result.imported} 条；未填写 {result.unchanged} 条"
               + (f"；数据库中没有对应问题的行 {len(result.unknown)} 条（已忽略）"
                  if result.unknown else ""))
    click.echo("重新生成报告（govaudit report）即可在报告和整改台账中看到这些反馈。")
