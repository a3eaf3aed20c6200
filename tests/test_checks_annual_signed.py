"""annual-report.late with the 落款日期 (signature date): a report cannot be published before it
is signed, so a 落款 after the deadline proves lateness whatever the page's date says; a report
with no publication date signed within the deadline is 未能核验, never late."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from ground.documents import Document, Table
from replica import annual_reports as ar
from tests.store_builder import SiteBuilder, by_rule
from tests.test_annual_analyse import as_text

AS_OF = dt.date(2026, 11, 27)
UNIT = "示例县教育局"


def report(signed: dt.date | None, signer: bool = True):
    """The 2025 report of a department with its 落款 dated `signed` (None: no 落款 at all)."""
    rep = ar.build(UNIT, "department", 2025, random.Random(1), licences=3, penalties=1)
    blocks = list(rep.blocks[:-2])  # drop the signing body and the date ...
    if signed is not None:          # ... and put back the ones wanted
        blocks += ([("p", UNIT)] if signer else []) + [("p", f"{signed.year}年{signed.month}月{signed.day}日")]
    return dataclasses.replace(rep, blocks=blocks)


def late(tmp_path, rep, pub_date, list_date=None):
    b = SiteBuilder(tmp_path / "g.db")
    b.unit("/u/", UNIT, "department")
    col = b.column("/u/", "政府信息公开年报", key="/u/nb/", category="annual-report",
                   items=[{"title": rep.title, "pub_date": pub_date, "list_date": list_date}])
    tables = [Table(rows=rep.grid_rows(v)) for k, v in rep.blocks if k == "table"]
    b.store.record_document(b.crawl_id, Document(url=col["items"][0]["url"], kind="html",
                                                 text=as_text(rep), tables=tables))
    _, findings = b.audit(as_of=AS_OF)
    return by_rule(findings, "annual-report.late")


def test_signed_and_published_on_time_is_clean(tmp_path):
    assert late(tmp_path, report(dt.date(2026, 1, 20)), "2026-01-25") == []


def test_signed_after_the_deadline_is_late_even_when_listed_on_time(tmp_path):
    [f] = late(tmp_path, report(dt.date(2026, 2, 6)), "2026-01-25")
    assert f["status"] == "fail"
    ev = f["evidence"]
    assert ev["decided_by"] == "signed" and ev["signed"] == "2026-02-06"
    assert ev["published"] == "2026-01-25" and ev["days_late"] == 6
    assert "落款日期为2026-02-06" in f["message"] and "以落款日期为准" in f["message"]


def test_undated_report_signed_late_is_late(tmp_path):
    [f] = late(tmp_path, report(dt.date(2026, 2, 1)), None)
    assert f["status"] == "fail" and f["evidence"]["decided_by"] == "signed"
    assert f["evidence"]["published"] is None and f["evidence"]["days_late"] == 1
    assert "页面未标明发布日期" in f["message"]


def test_signed_on_the_deadline_day_is_on_time(tmp_path):
    assert late(tmp_path, report(dt.date(2026, 1, 31)), "2026-01-31") == []


def test_undated_report_signed_on_time_is_unverified_not_late(tmp_path):
    [f] = late(tmp_path, report(dt.date(2026, 1, 20)), None)
    assert f["status"] == "unverified"
    assert f["evidence"]["decided_by"] is None and f["evidence"]["days_late"] is None
    assert "未能核验" in f["message"]


def test_publication_date_after_the_deadline_decides_first(tmp_path):
    [f] = late(tmp_path, report(dt.date(2026, 1, 20)), "2026-02-03")
    assert f["evidence"]["decided_by"] == "published" and f["evidence"]["days_late"] == 3
    assert f["evidence"]["signed"] == "2026-01-20"


def test_a_date_without_a_signing_body_does_not_accuse(tmp_path):
    # The last line is a date but no signer stands above it (a date in the text, not a 落款).
    assert late(tmp_path, report(dt.date(2026, 3, 1), signer=False), "2026-01-25") == []


def test_a_signature_date_after_the_audit_is_ignored(tmp_path):
    assert late(tmp_path, report(dt.date(2027, 1, 5)), "2026-01-25") == []


def test_undated_and_unsigned_report_stays_silent(tmp_path):
    assert late(tmp_path, report(None), None) == []
