"""The rule catalogue as text, generated from a rule pack: `docs/rules.md`, the "fires when"
tables of `docs/architecture.md`, the rule table of `docs/findings-json.md` and the
`govaudit rules list|explain` output share these helpers, so the pages, the CLI and the pack
can never tell different stories.

    python -m checks.docs            # rewrite the generated pages from the national pack
    python -m checks.docs --check    # exit 1 when one of them is out of date

In the hand-written pages only the blocks between `<!-- fires-when: PATTERNS … -->` (or
`<!-- rule-table … -->`) and `<!-- /fires-when -->` (`<!-- /rule-table -->`) are generated.
PATTERNS are rule ids or `family.*`; a rule goes to the block naming its id, else its family,
else the block with `*`, so a new rule lands in a table without editing the page.

Every RECALLED number is marked as such: it has not been verified in any source and must be
checked before it is enforced.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from checks.fixtures import fixture_path
from checks.model import RuleMeta, Threshold
from checks.pack import Pack, load_pack

DOCS = Path(__file__).resolve().parent.parent / "docs"
DOCS_PAGE = DOCS / "rules.md"
# Hand-written pages holding generated blocks.
BLOCK_PAGES = (DOCS / "architecture.md", DOCS / "findings-json.md")

SEVERITY_LABELS = {"veto": "单项否决", "major": "严重", "minor": "一般", "info": "提示"}
# What a finding of each status means to the reader of docs/rules.md: only `fail` is a problem.
FINDING_STATUS_TEXT = {"fail": "不合格（`fail`，计为问题）",
                       "unverified": "未能核验（`unverified`，不计为问题）",
                       "suspected": "疑似（`suspected`，待人工核实，不计为问题）"}
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
            out += _rule_section(meta, pack)
    if pack.verdict_thresholds:
        out += ["", "## 单项否决计数", "", _cell(pack.verdict_basis), ""]
        out += _threshold_rows(pack.verdict_thresholds)
    return "\n".join(out).rstrip() + "\n"


def counts_toward(meta: RuleMeta, pack: Pack) -> str:
    """What a rule's failing findings count toward in the site verdict, in words."""
    parts = []
    for name in meta.indicators:
        ind = pack.indicators[name]
        kind = "单项否决指标" if ind.veto_at is not None else "报告统计项"
        parts.append(f"{kind} {ind.code + ' ' if ind.code else ''}`{name}`")
    return "、".join(parts) or "不计入单项否决，仅列为问题"


def _rule_section(meta: RuleMeta, pack: Pack) -> list[str]:
    b = meta.basis
    link = f"[{b.url}]({b.url})" if b.url else "无"
    basis_status = f"**{b.status}**" if b.status == "RECALLED" else b.status
    out = [
        "",
        f"### `{meta.id}` {meta.title}",
        "",
        f"- 严重程度：{SEVERITY_LABELS[meta.severity]}（`{meta.severity}`）",
        f"- 适用期：{window_text(meta) or '不限'}",
        f"- 可能的结论：{'、'.join(FINDING_STATUS_TEXT.get(s, s) for s in meta.statuses)}",
        f"- 计入：{counts_toward(meta, pack)}",
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


# <!-- NAME: ARGS (note) --> … <!-- /NAME -->: the note in parentheses is kept as written.
BLOCK = re.compile(r"(<!-- (fires-when|rule-table)(?::([^()]*?))?\s*(?:\([^)]*\))?\s*-->\n)"
                   r"(.*?)(<!-- /\2 -->)", re.S)


def fires_when_table(rules: list[RuleMeta]) -> str:
    rows = ["| id | fires when |", "|---|---|"]
    rows += [f"| `{m.id}` | {_cell(m.fires_when)} |" for m in rules]
    return "\n".join(rows) + "\n"


def rule_table(pack: Pack) -> str:
    """Every rule a findings.json may name, with what its findings can be."""
    rows = ["| rule | title | severity | status | counts toward (verdict) |", "|---|---|---|---|---|"]
    for meta in [*pack.rules.values(), *pack.system.values()]:
        counts = ", ".join(f"`{n}`" + (f" ({pack.indicators[n].code})" if pack.indicators[n].code else "")
                           for n in meta.indicators) or "—"
        rows.append(f"| `{meta.id}` | {_cell(meta.title)} | {meta.severity} | "
                    f"{', '.join(meta.statuses)} | {counts} |")
    return "\n".join(rows) + "\n"


def _claims(patterns: list[str], rule_id: str) -> int:
    """How specifically a block's patterns name a rule: 3 its id, 2 its family, 1 `*`, 0 not."""
    family = rule_id.split(".", 1)[0] + ".*"
    return max((3 if p == rule_id else 2 if p == family else 1 if p == "*" else 0
                for p in patterns), default=0)


def render_blocks(text: str, pack: Pack) -> str:
    """`text` with every generated block rewritten from `pack`."""
    blocks = [(m.group(2), (m.group(3) or "").split()) for m in BLOCK.finditer(text)]
    owner: dict[int, list[RuleMeta]] = {}
    for meta in pack.rules.values():
        ranks = [_claims(args, meta.id) if kind == "fires-when" else 0 for kind, args in blocks]
        if ranks and max(ranks):
            owner.setdefault(ranks.index(max(ranks)), []).append(meta)
    counter = iter(range(len(blocks)))

    def fill(m: re.Match) -> str:
        i = next(counter)
        body = rule_table(pack) if m.group(2) == "rule-table" else fires_when_table(owner.get(i, []))
        return m.group(1) + body + m.group(5)

    return BLOCK.sub(fill, text)


def unplaced(text: str, pack: Pack) -> list[str]:
    """Rules no fires-when block of `text` claims (none when the page has no such block)."""
    blocks = [(m.group(3) or "").split() for m in BLOCK.finditer(text) if m.group(2) == "fires-when"]
    if not blocks:
        return []
    return [rid for rid in pack.rules if not any(_claims(b, rid) for b in blocks)]


def generated_pages(pack: Pack) -> dict[Path, str]:
    """Every generated page and what it should hold now."""
    out = {DOCS_PAGE: render(pack)}
    for page in BLOCK_PAGES:
        if page.exists():
            out[page] = render_blocks(page.read_text(encoding="utf-8"), pack)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="根据规则包生成规则文档（docs/rules.md 及其他页面中的生成部分）")
    parser.add_argument("--check", action="store_true", help="只检查页面是否最新，不写文件")
    parser.add_argument("--out", type=Path, default=None,
                        help="只生成规则目录页，写到此文件（默认 docs/rules.md 及其他页面）")
    args = parser.parse_args(argv)
    pack = load_pack()
    pages = {args.out: render(pack)} if args.out else generated_pages(pack)
    stale = []
    for page, text in pages.items():
        missing = unplaced(text, pack)
        if missing:
            print(f"{page} 中没有容纳这些规则的 fires-when 表：{', '.join(missing)}", file=sys.stderr)
            return 1
        current = page.read_text(encoding="utf-8") if page.exists() else ""
        if current == text:
            continue
        stale.append(page)
        if not args.check:
            page.write_text(text, encoding="utf-8")
            print(page)
    if args.check and stale:
        print(f"{'、'.join(map(str, stale))} 与规则包不一致，请运行 python -m checks.docs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
