"""`govaudit diff`, `check --waivers` and `check --fail-on-new` on small stored crawls."""

from __future__ import annotations

from click.testing import CliRunner

from govaudit.cli import cli
from tests.store_builder import SiteBuilder, days_ago


def crawl(db, gzdt_items):
    site = SiteBuilder(db, homepage_date=days_ago(1))
    site.compliant_unit("/u/", "县财政局")
    site.column("/u/", "工作动态", key="/u/gzdt/", category="news",
                items=[{"title": f"动态{i}", "list_date": days_ago(1)} for i in range(gzdt_items)])
    crawl_id = site.finish()
    site.store.close()
    return crawl_id


def check(db, crawl_id, *extra):
    return CliRunner().invoke(cli, ["check", "--db", str(db), "--crawl", str(crawl_id),
                                    "--as-of", "2026-11-27", *extra])


def test_fail_on_new_only_fails_on_new_gaps_after_a_baseline(tmp_path):
    db = tmp_path / "g.db"
    first = check(db, crawl(db, 3), "--fail-on-new")
    assert first.exit_code == 0, first.output
    assert "基线" in first.output
    same = check(db, crawl(db, 3), "--fail-on-new")
    assert same.exit_code == 0, same.output
    worse = check(db, crawl(db, 0), "--fail-on-new")
    assert worse.exit_code == 1, worse.output
    assert "新增 1 项" in worse.output
    better = check(db, crawl(db, 3), "--fail-on-new")
    assert better.exit_code == 0 and "已整改 1 项" in better.output


def test_diff_prints_changes_in_chinese(tmp_path):
    db = tmp_path / "g.db"
    check(db, crawl(db, 0))
    check(db, crawl(db, 3))
    result = CliRunner().invoke(cli, ["diff", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "已整改：1 项" in result.output and "新增：0 项" in result.output
    assert "column.empty" in result.output and "县财政局" in result.output
    explicit = CliRunner().invoke(cli, ["diff", "1", "2", "--db", str(db)])
    assert explicit.exit_code == 0 and explicit.output == result.output


def test_diff_needs_two_audits(tmp_path):
    db = tmp_path / "g.db"
    check(db, crawl(db, 3))
    result = CliRunner().invoke(cli, ["diff", "--db", str(db)])
    assert result.exit_code == 2 and "只有一次检查" in result.output


def test_waivers_option_waives_and_rejects_bad_files(tmp_path):
    db = tmp_path / "g.db"
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: column.empty\n    unit: 县财政局\n    column: 工作动态\n"
                       "    reason: 无\n    approved_by: 办公室\n    expires: 2027-01-01\n"
                       "  - rule: column.stale\n    unit: 县财政局\n    reason: 旧\n"
                       "    approved_by: 办公室\n    expires: 2026-01-01\n", encoding="utf-8")
    ok = check(db, crawl(db, 0), "--waivers", str(waivers), "--fail-on-new")
    assert ok.exit_code == 0, ok.output
    assert "已豁免 1 项" in ok.output and "豁免已过期（2026-01-01）" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("waivers:\n  - rule: column.empty\n", encoding="utf-8")
    result = check(db, crawl(db, 0), "--waivers", str(bad))
    assert result.exit_code == 2 and "缺少必填字段" in result.output
