"""interaction.unanswered (a consultation letter unanswered for more than 3 months: WS-V5 veto)
and interaction.no-channel (no consultation channel at all). Audit date 2026-11-27."""

from __future__ import annotations

import pytest

from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago

COUNTY = "/xxgk/"
LIST = COUNTY + "zmhd/"


@pytest.fixture
def site(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    b.unit(COUNTY, "示例县人民政府", kind="county")
    return b


def letters(site, *rows, name="县长信箱", key=LIST, list_status="ok"):
    """A message column with one list row per dict (list_* / detail_* fields)."""
    items = [{"title": f"留言{n}", "url": f"{BASE}{key}t{n}.html",
              "list_date": r.get("list_asked")} for n, r in enumerate(rows)]
    site.column(COUNTY, name, key=key, category="interaction", items=items,
                list_status=list_status)
    for item, row in zip(items, rows):
        row = dict(row)
        detail = row.pop("detail_page", 200)
        if detail is not None:
            site.page(item["url"], status=detail, role="article")
            if detail == 200 and any(k.startswith("detail_") for k in row):
                row.setdefault("detail_http", 200)
        site.store.record_message(site.crawl_id, item["url"], {
            "unit_key": COUNTY, "column_key": key, "title": item["title"], **row})
    return [i["url"] for i in items]


def unanswered(site, *rows, **kw):
    letters(site, *rows, **kw)
    _, findings = site.audit()
    return by_rule(findings, "interaction.unanswered"), findings


def test_letter_unanswered_for_four_months_fails_and_vetoes_the_site(site):
    [url] = letters(site, {"list_asked": "2026-07-20", "list_status": "未回复"})
    audit_id, findings = site.audit()
    [f] = by_rule(findings, "interaction.unanswered")
    assert f["status"] == "fail" and f["severity"] == "veto" and f["url"] == url
    ev = f["evidence"]
    assert ev["state"] == "unanswered" and ev["deadline"] == "2026-10-20" and ev["days_waited"] == 130
    assert "超过3个月" in f["message"] and "互动回应差" in f["basis"]
    verdict = site.store.audit(audit_id)["verdict"]
    assert verdict["qualified"] is False and "interaction.unanswered" in verdict["vetoes"]
    assert verdict["counts"]["unanswered_messages"] == 1
    assert any(r["indicator"] == "WS-V5" for r in verdict["reasons"])


def test_pending_letter_just_under_three_months_passes(site):
    found, findings = unanswered(site, {"list_asked": "2026-08-30", "list_status": "办理中"})
    assert found == []


@pytest.mark.parametrize("asked,fails", [("2026-08-27", False), ("2026-08-26", True)])
def test_exactly_three_months_is_not_more_than_three(site, asked, fails):
    found, _ = unanswered(site, {"list_asked": asked, "list_status": "待回复"})
    assert bool(found) is fails


def test_slow_but_answered_within_three_months_passes(site):
    found, _ = unanswered(site, {"list_asked": "2026-05-11", "list_status": "已回复",
                                 "detail_replied": "2026-06-25", "detail_status": "已回复"})
    assert found == []


def test_answered_after_more_than_three_months_in_the_past_year_fails(site):
    [f], _ = unanswered(site, {"list_asked": "2026-03-01", "list_status": "已回复",
                               "list_replied": "2026-07-15"})
    assert f["evidence"]["state"] == "answered-late" and f["evidence"]["replied"] == "2026-07-15"


def test_late_answer_given_before_the_one_year_window_is_not_judged(site):
    found, _ = unanswered(site, {"list_asked": "2025-03-01", "list_status": "已回复",
                                 "list_replied": "2025-07-15"})
    assert found == []


def test_answered_status_without_a_reply_date_passes(site):
    found, _ = unanswered(site, {"list_asked": "2026-01-10", "list_status": "已办结"})
    assert found == []


def test_detail_page_reply_overrides_a_stale_list_status(site):
    found, _ = unanswered(site, {"list_asked": "2026-06-01", "list_status": "办理中",
                                 "detail_asked": "2026-06-01", "detail_replied": "2026-06-05"})
    assert found == []


def test_list_without_status_uses_the_detail_page(site):
    [f], _ = unanswered(site, {"list_asked": "2026-06-01", "detail_asked": "2026-06-01"})
    assert f["status"] == "fail" and "详情页无答复" in f["message"]


def test_list_without_status_and_unreadable_detail_is_unverified(site):
    [f], findings = unanswered(site, {"list_asked": "2026-06-01", "detail_page": 404})
    assert f["status"] == "unverified" and "HTTP 404" in f["message"]
    assert all(x["status"] != "fail" for x in by_rule(findings, "interaction.unanswered"))


def test_invalid_letters_are_not_counted(site):
    found, _ = unanswered(site, {"list_asked": "2026-01-01", "list_status": "不予受理"})
    assert found == []


def test_petition_and_reporting_columns_are_excluded(site):
    found, _ = unanswered(site, {"list_asked": "2026-01-01", "list_status": "未回复"},
                          name="网上信访")
    assert found == []


def test_unreadable_message_list_is_unverified_never_a_failure(site):
    site.column(COUNTY, "县长信箱", key=LIST, category="interaction", list_status="failed")
    _, findings = site.audit()
    [f] = by_rule(findings, "interaction.unanswered")
    assert f["status"] == "unverified" and "留言列表无法读取" in f["message"]


def test_list_with_entries_but_no_recognisable_letters_is_unverified(site):
    site.column(COUNTY, "领导信箱", key=LIST, category="interaction",
                items=[{"title": "关于供暖的回复", "list_date": days_ago(200)}])
    _, findings = site.audit()
    [f] = by_rule(findings, "interaction.unanswered")
    assert f["status"] == "unverified" and "未能识别" in f["message"]


# -- interaction.no-channel ---------------------------------------------------------------------

def no_channel(site):
    _, findings = site.audit()
    return by_rule(findings, "interaction.no-channel")


def drop_default_channel_link(site):
    site.store.db.execute("delete from links where text = '政民互动'")


def test_a_consultation_link_is_a_channel(site):
    assert no_channel(site) == []


def test_a_consultation_column_is_a_channel(site):
    drop_default_channel_link(site)
    site.column(COUNTY, "咨询留言", category="interaction")
    assert no_channel(site) == []


def test_no_channel_at_all_fails_and_vetoes(site):
    drop_default_channel_link(site)
    audit_id, findings = site.audit()
    [f] = by_rule(findings, "interaction.no-channel")
    assert f["status"] == "fail" and f["severity"] == "veto" and f["unit_key"] is None
    verdict = site.store.audit(audit_id)["verdict"]
    assert "interaction.no-channel" in verdict["vetoes"] and verdict["counts"]["no_channel"] == 1


def test_petition_and_reporting_channels_do_not_count(site):
    drop_default_channel_link(site)
    site.column(COUNTY, "网上信访", category="interaction")
    site.link(site.site_url, BASE + "/jjjb/", "纪检举报", kind="nav")
    [f] = no_channel(site)
    assert f["status"] == "fail" and "网上信访" in f["message"]


def test_unreadable_homepage_makes_no_channel_unverified(tmp_path):
    b = SiteBuilder(tmp_path / "g.db")
    b.store.db.execute("delete from links")
    b.page(b.site_url, status=None, error="timeout", role="home")
    [f] = no_channel(b)
    assert f["status"] == "unverified"


def test_letters_read_only_from_their_pages_are_judged(site):
    # A ul/li list the crawler cannot read as a letter table: the letter pages still say it all.
    url = f"{BASE}{LIST}t1.html"
    site.column(COUNTY, "县长信箱", key=LIST, category="interaction",
                items=[{"title": "咨询供暖", "url": url, "list_date": "2026-07-01"}])
    site.page(url)
    site.store.record_message(site.crawl_id, url, {"detail_asked": "2026-07-01T10:00",
                                                   "detail_status": "未回复", "detail_http": 200})
    _, findings = site.audit()
    [f] = by_rule(findings, "interaction.unanswered")
    assert f["status"] == "fail" and f["url"] == url and f["column_url"].endswith(LIST)


@pytest.mark.parametrize("text,kind", [
    ("已回复", "answered"), ("未回复", "pending"), ("待答复", "pending"), ("已办结", "answered"),
    ("不予受理", "invalid"), ("已受理", "pending"), ("办理中", "pending"), ("", None), ("其他", None)])
def test_status_words_longest_match_wins(text, kind):
    from checks.rules.interaction import status_kind

    assert status_kind(text) == kind


def test_three_months_after_the_end_of_a_month_is_clamped():
    import datetime as dt

    from checks.rules.interaction import months_after

    assert months_after(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert months_after(dt.date(2026, 8, 27), 3) == dt.date(2026, 11, 27)
