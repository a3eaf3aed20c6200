"""The rule catalogue as text, generated from a rule pack: `docs/rules.md` and the
`govaudit rules list|explain` output share these helpers, so the page, the CLI and the pack
can never tell different stories.

    python -m checks.docs            # rewrite docs/rules.md from the national pack
    python -m checks.docs --check    # exit 1 when docs/rules.md is out of date

Every RECALLED number is marked as such: it has not been verified in any source and must be
checked before it is enforced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.fixtures import fixture_path
from checks.model import RuleMeta, Threshold
from checks.pack import Pack, load_pack

DOCS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

SEVERITY_LABELS = {"veto": "单项否决", "major": "严重", "minor": "一般", "info": "提示"}
STATUS_LABELS = {"CONFIRMED": "已在原文或官方转载中核对", "CORROBORATED": "仅见于转述", "RECALLED": "未核实（凭记忆）"}


def threshold_value(t: Threshold) -> str:
    if isinstance(t.value, (list, tuple)):
        # An empty list is a slot a site pack fills (e.g. local dictionary entries).
        value = "、".join(map(str, t.value)) or "（空，由站点规则包填写）"
    else:
        value = str(t.value)
    return f"{value} {t.unit}" if t.unit else value


def window_text(meta: RuleMeta) -> str:
    """适用期 in words; empty when the rule has no window."""
    if meta.applies_from and meta.applies_until:
        return f"{meta.applies_from.isoformat()} 至 {meta.applies_until.isoformat()}"
    if meta.applies_from:
        return f"{meta.applies_from.isoformat()} 起"
    if meta.applies_until:
        return f"至 {meta.applies_until.isoformat()}"
    return ""


def status_marks(meta: RuleMeta) -> list[str]:
    """Short marks for a one-line listing: switched off, validity window, unverified sources."""
    marks = []
    if not meta.enabled:
        marks.append("已停用")
    if window_text(meta):
        marks.append(f"适用期 {window_text(meta)}")
    if meta.basis.status != "CONFIRMED":
        marks.append(f"依据{meta.basis.status}")
    recalled = [n for n, t in meta.thresholds.items() if t.status == "RECALLED"]
    if recalled:
        marks.append(f"RECALLED 数值：{', '.join(recalled)}")
    if meta.function:
        marks.append(f"复用 {meta.function}")
    return marks


def explain_lines(meta: RuleMeta) -> list[str]:
    """Everything about one rule, as plain lines (CLI `rules explain`)."""
    b = meta.basis
    lines = [
        f"{meta.id}  {meta.title}",
        f"严重程度：{SEVERITY_LABELS.get(meta.severity, meta.severity)}（{meta.severity}）",
        f"状态：{'启用' if meta.enabled else '已停用'}",
        f"适用期：{window_text(meta) or '不限'}",
        "",
        f"说明：{meta.description}",
        f"整改建议：{meta.advice}",
        "",
        f"依据：{b.text}（{b.status}，{STATUS_LABELS[b.status]}）",
        f"链接：{b.url or '无'}" + (f"（{b.url_note}）" if b.url_note else ""),
    ]
    if meta.function:
        lines.append(f"检查函数：复用 {meta.function}")
    lines.append("")
    if meta.thresholds:
        lines.append("阈值：")
        for name, t in meta.thresholds.items():
            note = f"  {t.note}" if t.note else ""
            lines.append(f"  {name} = {threshold_value(t)}  [{t.status}]{note}")
    else:
        lines.append("阈值：无")
    return lines


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render(pack: Pack) -> str:
    """docs/rules.md for `pack` (deterministic: pack order, no dates of generation)."""
    out = [
        "# 检查规则目录",
        "",
        "<!-- 本页由 `python -m checks.docs` 根据 checks/packs/national.yaml 生成，请勿手工编辑。 -->",
        "",
        f"规则包版本：`{pack.version}`。每个数值都标注来源状态：CONFIRMED（已核对原文或官方转载）、"
        "CORROBORATED（仅见于地方通知、自查报告等转述）、**RECALLED（未在任何来源中核实，启用前须核对）**。",
        "",
        "| 编号 | 名称 | 严重程度 | 依据 | 适用期 | 标记 |",
        "|---|---|---|---|---|---|",
    ]
    for meta in pack.rules.values():
        out.append(f"| `{meta.id}` | {_cell(meta.title)} | {SEVERITY_LABELS[meta.severity]} | "
                   f"{_cell(meta.basis.text)} | {window_text(meta) or '不限'} | "
                   f"{_cell('；'.join(status_marks(meta)))} |")
    for section, rules in (("规则", pack.rules), ("运行时产生的结果", pack.system)):
        out += ["", f"## {section}"]
        for meta in rules.values():
            out += _rule_section(meta)
    if pack.verdict_thresholds:
        out += ["", "## 单项否决计数", "", _cell(pack.verdict_basis), ""]
        out += _threshold_rows(pack.verdict_thresholds)
    return "\n".join(out).rstrip() + "\n"


def _rule_section(meta: RuleMeta) -> list[str]:
    b = meta.basis
    link = f"[{b.url}]({b.url})" if b.url else "无"
    basis_status = f"**{b.status}**" if b.status == "RECALLED" else b.status
    out = [
        "",
        f"### `{meta.id}` {meta.title}",
        "",
        f"- 严重程度：{SEVERITY_LABELS[meta.severity]}（`{meta.severity}`）",
        f"- 适用期：{window_text(meta) or '不限'}",
        f"- 依据：{b.text}（{basis_status}）",
        f"- 链接：{link}" + (f"（{b.url_note}）" if b.url_note else ""),
        "",
        meta.description,
        "",
        f"整改建议：{meta.advice}",
    ]
    if meta.thresholds:
        out += ["", *_threshold_rows(meta.thresholds)]
    return out + example_lines(meta.id)


def example_lines(rule_id: str) -> list[str]:
    """The rule's fixture (checks/fixtures/<id>/fixture.yaml) as its worked example: the facts of
    each case and the findings expected of them, exactly as tests/test_rule_fixtures.py runs
    them. Empty for a rule without a fixture (runtime results)."""
    path = fixture_path(rule_id)
    if not path.exists():
        return []
    where = path.relative_to(DOCS_PAGE.parent.parent).as_posix()
    return ["", "#### 示例", "",
            f"以下为该规则的测试夹具（`{where}`，由 `tests/test_rule_fixtures.py` 逐例运行）："
            "`facts` 为抓取记录的事实（网址为示例网站上的路径，`file` 指夹具目录中的长文本），"
            "`expect` 为应得的结果，空列表表示不应报告；格式见 `checks/fixtures/README.md`。", "",
            "```yaml", path.read_text(encoding="utf-8").rstrip(), "```"]


def _threshold_rows(thresholds) -> list[str]:
    rows = ["| 阈值 | 数值 | 来源状态 | 说明 |", "|---|---|---|---|"]
    for name, t in thresholds.items():
        status = "**RECALLED（未核实）**" if t.status == "RECALLED" else t.status
        rows.append(f"| `{name}` | {_cell(threshold_value(t))} | {status} | {_cell(t.note)} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="根据规则包生成 docs/rules.md")
    parser.add_argument("--check", action="store_true", help="只检查页面是否最新，不写文件")
    parser.add_argument("--out", type=Path, default=DOCS_PAGE)
    args = parser.parse_args(argv)
    text = render(load_pack())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} 与规则包不一致，请运行 python -m checks.docs", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
