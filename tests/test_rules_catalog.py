"""The rule catalogue: site packs merged over the national pack, `govaudit rules list|explain`,
`--rules FILE` on check, and docs/rules.md kept in step with the pack."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from checks import docs
from checks.pack import PackError, load_pack, load_site_pack
from govaudit.cli import cli
from tests.store_builder import SiteBuilder, by_rule, days_ago


def write(tmp_path, text, name="local.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- merging ------------------------------------------------------------------------------------


def test_site_pack_overrides_thresholds_severity_and_switches_off(tmp_path):
    pack = load_site_pack(write(tmp_path, """
version: 示例省-2026
rules:
  disclosure.late:
    severity: major
    thresholds:
      license_penalty: {value: 5, status: CORROBORATED, note: 本省要求5个工作日}
  link.broken: {enabled: false}
"""))
    late = pack.rules["disclosure.late"]
    assert late.severity == "major" and late.thresholds["license_penalty"].value == 5
    assert late.thresholds["license_penalty"].unit == "workdays"  # kept from the national pack
    assert late.thresholds["general"].value == 20
    assert not pack.rules["link.broken"].enabled
    assert pack.version == "national-2026.1+示例省-2026"


def test_yaml_anchors_are_not_mutated_across_rules(tmp_path):
    pack = load_site_pack(write(tmp_path, """
rules:
  annual-report.late:
    thresholds: {deadline_department: "02-28"}
"""))
    assert pack.rules["annual-report.late"].thresholds["deadline_department"].value == "02-28"
    assert pack.rules["annual-report.missing"].thresholds["deadline_department"].value == "01-31"


def test_new_rule_reuses_an_existing_function(tmp_path):
    pack = load_site_pack(write(tmp_path, """
rules:
  local.reply-7wd:
    function: disclosure.late
    title: 本地7个工作日公开要求
    thresholds: {general: 7}
"""))
    meta = pack.rules["local.reply-7wd"]
    assert meta.function_id == "disclosure.late" and meta.thresholds["general"].value == 7
    assert meta.basis.document  # inherited


@pytest.mark.parametrize("text, message", [
    ("rules:\n  local.x: {title: 新规则}\n", "function"),
    ("rules:\n  local.x: {function: nope.none}\n", "function"),
    ("rules:\n  link.broken: {thresold: 1}\n", "不能覆盖"),
    ("rules:\n  link.broken: {severity: huge}\n", "严重程度"),
    ("rules:\n  link.broken: {applies_from: 2019-13-01}\n", "无效的值"),
    ("rules:\n  link.broken: {applies_from: '2019-5-1x'}\n", "有效日期"),
    ("rules:\n  link.broken: {enabled: 'no'}\n", "enabled"),
    ("rules: [1, 2]\n", "映射"),
    ("foo: 1\n", "顶层字段"),
    ("rules:\n  link.broken: {a: 1\n", "无法读取"),
])
def test_bad_site_packs_are_refused_in_chinese(tmp_path, text, message):
    with pytest.raises(PackError) as exc:
        load_site_pack(write(tmp_path, text))
    assert message in str(exc.value)


def test_applies_window_is_inclusive():
    meta = load_pack().rules["disclosure.late"]
    assert meta.applies_from == dt.date(2019, 5, 15)
    assert not meta.applies_on(dt.date(2019, 5, 14)) and meta.applies_on(dt.date(2019, 5, 15))


# -- CLI ----------------------------------------------------------------------------------------


def test_rules_list_shows_every_rule():
    result = CliRunner().invoke(cli, ["rules", "list"])
    assert result.exit_code == 0, result.output
    for rule_id, meta in load_pack().rules.items():
        assert rule_id in result.output and meta.title in result.output
    assert "RECALLED 数值" in result.output and "适用期 2019-05-15 起" in result.output


def test_rules_explain_shows_everything():
    result = CliRunner().invoke(cli, ["rules", "explain", "disclosure.late"])
    assert result.exit_code == 0, result.output
    for text in ("整改建议", "第二十六条", "http://credit.shiyan.gov.cn/", "[CONFIRMED]",
                 "license_penalty = 7 workdays", "适用期：2019-05-15 起"):
        assert text in result.output
    recalled = CliRunner().invoke(cli, ["rules", "explain", "column.stale"])
    assert "[RECALLED]" in recalled.output


def test_rules_explain_unknown_id_exits_2():
    result = CliRunner().invoke(cli, ["rules", "explain", "no.such"])
    assert result.exit_code == 2 and "没有编号为" in result.output


def test_rules_list_with_a_local_pack_marks_switched_off_rules(tmp_path):
    path = write(tmp_path, "rules:\n  link.broken: {enabled: false}\n")
    result = CliRunner().invoke(cli, ["rules", "list", "--rules", str(path)])
    assert result.exit_code == 0 and "已停用" in result.output


def test_check_with_bad_rules_file_exits_2(tmp_path):
    path = write(tmp_path, "rules:\n  local.x: {title: 新规则}\n")
    result = CliRunner().invoke(cli, ["check", "--db", str(tmp_path / "x.db"), "--rules", str(path)])
    assert result.exit_code == 2 and "规则包有误" in result.output
    missing = CliRunner().invoke(cli, ["check", "--rules", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2 and "规则包文件不存在" in missing.output


def test_check_with_rules_file_switches_a_rule_off(tmp_path):
    b = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(1))
    b.unit("/xxgk/scj/", "县市场监管局")
    b.column("/xxgk/scj/", "行政处罚", category="penalty",
             items=[{"title": "决定书", "written_date": "2026-09-30", "pub_date": "2026-10-20"}])
    b.finish()
    path = write(tmp_path, "rules:\n  disclosure.late: {enabled: false}\n")
    runner = CliRunner()
    base = ["check", "--db", str(tmp_path / "g.db"), "--as-of", "2026-11-27"]
    assert runner.invoke(cli, base).exit_code == 0
    assert len(by_rule(b.store.findings(b.store.latest_audit_id()), "disclosure.late")) == 1
    result = runner.invoke(cli, base + ["--rules", str(path)])
    assert result.exit_code == 0, result.output
    assert by_rule(b.store.findings(b.store.latest_audit_id()), "disclosure.late") == []


# -- generated docs -----------------------------------------------------------------------------


def test_committed_rules_page_matches_the_generator():
    expected = docs.render(load_pack())
    assert docs.DOCS_PAGE.read_text(encoding="utf-8") == expected, (
        "docs/rules.md 与规则包不一致：运行 .venv/bin/python -m checks.docs 重新生成")


def test_rules_page_marks_every_recalled_number():
    page = docs.render(load_pack())
    pack = load_pack()
    for meta in pack.rules.values():
        assert f"`{meta.id}`" in page and meta.basis.text.split()[0] in page
        for name, t in meta.thresholds.items():
            if t.status == "RECALLED":
                assert f"| `{name}` | {docs.threshold_value(t)} | **RECALLED（未核实）** |" in page
