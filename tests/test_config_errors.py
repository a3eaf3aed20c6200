"""Configuration a user writes is checked when it is loaded (issue 14, issue 16): rule-pack
thresholds by type, sign and unit; waiver files by rule and unit, naming the line; a waiver
that matches nothing is a warning; a broken YAML file is one line with file, line and column.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checks.pack import PackError, load_site_pack
from govaudit.cli import cli
from tests.test_lifecycle_cli import check, crawl

WAIVER = ("  - rule: {rule}\n    unit: {unit}\n    reason: 已说明\n    approved_by: 办公室\n"
          "    expires: 2027-01-01\n")


def pack(tmp_path, body: str):
    path = tmp_path / "site.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("value,unit,words", [
    (-5, "days", "正整数"), ("十四", "days", "正整数"), (0, "months", "正整数"),
    (14, "weeks", "单位"), (2.5, "days", "正整数")])
def test_bad_thresholds_are_refused_at_load(tmp_path, value, unit, words):
    path = pack(tmp_path, "rules:\n  column.stale:\n    thresholds:\n"
                          f"      dynamic: {{value: {value!r}, unit: {unit}, status: CONFIRMED}}\n")
    with pytest.raises(PackError, match=words):
        load_site_pack(path)


def test_a_negative_threshold_exits_2_with_a_chinese_message(tmp_path):
    db = tmp_path / "g.db"
    path = pack(tmp_path, "rules:\n  homepage.stale:\n    thresholds:\n"
                          "      window: {value: -5, unit: days, status: CONFIRMED}\n")
    result = check(db, crawl(db, 3), "--rules", str(path))
    assert result.exit_code == 2 and "homepage.stale" in result.output
    assert "正整数" in result.output and "-5" in result.output


def test_broken_yaml_is_one_line_with_file_line_and_column(tmp_path):
    db = tmp_path / "g.db"
    path = pack(tmp_path, "rules:\n  column.stale:\n    thresholds: {dynamic: [1, 2\n")
    result = check(db, crawl(db, 3), "--rules", str(path))
    assert result.exit_code == 2
    [line] = [l for l in result.output.splitlines() if l.strip()]
    assert f"{path}:4:1" in line or f"{path}:3:" in line, line
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: column.empty\n    unit: [县财政局\n", encoding="utf-8")
    result = check(db, crawl(db, 3), "--waivers", str(waivers))
    assert result.exit_code == 2
    [line] = [l for l in result.output.splitlines() if l.strip()]
    assert f"{waivers}:" in line and "Traceback" not in result.output, line


@pytest.mark.parametrize("rule,unit,words", [
    ("column.emtpy", "县财政局", "未知的规则 column.emtpy"),
    ("column.empty", "县财政厅", "没有名为“县财政厅”的单位")])
def test_unknown_rule_or_unit_in_a_waiver_is_an_error_naming_the_line(tmp_path, rule, unit,
                                                                       words):
    db = tmp_path / "g.db"
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n" + WAIVER.format(rule="column.stale", unit="县财政局")
                       + WAIVER.format(rule=rule, unit=unit), encoding="utf-8")
    result = check(db, crawl(db, 0), "--waivers", str(waivers))
    assert result.exit_code == 2, result.output
    assert words in result.output and "第 7 行" in result.output, result.output


def test_a_waiver_matching_no_finding_is_a_warning(tmp_path):
    db = tmp_path / "g.db"
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n" + WAIVER.format(rule="column.empty", unit="县财政局")
                       + WAIVER.format(rule="column.stale", unit="县财政局"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--db", str(db), "--crawl", str(crawl(db, 0)), "--as-of", "2026-11-27",
              "--waivers", str(waivers)])
    assert result.exit_code == 0, result.output
    assert "已豁免 1 项" in result.output
    warnings = [l for l in result.stderr.splitlines() if l.startswith("警告")]
    assert len(warnings) == 1 and "第 7 行" in warnings[0] and "column.stale" in warnings[0]
