"""What a reader sees on the report pages: every evidence key under the label its rule declares
in the pack, no raw JSON anywhere, the overview grid of units × problem types, and evidence
pages with a rendered (sandboxed) view, the quoted text marked and links back to the findings."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from checks.pack import load_pack
from reports.labels import evidence_rows

RULES_DIR = Path(__file__).resolve().parent.parent / "checks" / "rules"
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def literal_evidence_keys() -> dict[str, set[str]]:
    """rule id → the evidence keys its function writes as dict literals (checks/rules/*.py)."""
    out: dict[str, set[str]] = {}
    for path in sorted(RULES_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            rule = next((d.args[0].value for d in fn.decorator_list if isinstance(d, ast.Call)
                         and getattr(d.func, "id", "") == "rule" and d.args), None)
            if rule is None:
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.keyword) and node.arg == "evidence" and \
                        isinstance(node.value, ast.Dict):
                    out.setdefault(rule, set()).update(
                        k.value for k in node.value.keys if isinstance(k, ast.Constant))
    return out


def test_every_evidence_key_a_rule_writes_has_a_label_declared_with_the_rule(demo_run):
    pack = load_pack()
    written = literal_evidence_keys()
    out, _ = demo_run
    for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]:
        written.setdefault(f["rule"], set()).update(
            k for k in f["evidence"] if not k.startswith("waiver_"))
    assert len(written) >= 20
    missing = {rule: sorted(keys - set(pack.meta(rule).evidence_labels))
               for rule, keys in written.items()}
    assert {r: k for r, k in missing.items() if k} == {}


def test_lists_of_records_become_tables_and_nothing_is_json():
    rows = evidence_rows("guide.incomplete", {
        "missing": [{"id": "fax", "label": "传真号码"}], "present": ["办公地址"],
        "attachments_unread": []})
    assert [(r.label, r.values) for r in rows] == [("缺少的内容", ["传真号码"]),
                                                   ("已有的内容", ["办公地址"])]
    [hits] = evidence_rows("content.serious-error", {"hits": [
        {"wrong": "中华人民共合国", "correct": "中华人民共和国", "kind": "country-name",
         "quote": "根据《中华人民共合国统计法》", "where": "text"}]})
    assert hits.headers == ["错误写法", "正确写法", "原文"]
    assert hits.rows == [["中华人民共合国", "中华人民共和国", "根据《中华人民共合国统计法》"]]
    [amounts] = evidence_rows("privacy.exposed", {"counts": {"id": 2}})
    assert amounts.values == ["身份证号码：2"]
    [source] = evidence_rows("disclosure.late", {"published_source": "list_date"})
    assert source.values == ["栏目列表中的日期"]
    [flag] = evidence_rows("link.broken", {"on_homepage": False})
    assert (flag.label, flag.values) == ("首页上的链接", ["否"])


def test_no_page_shows_an_internal_key_or_raw_json(demo_run):
    out, _ = demo_run
    # Every page of the report but the saved pages themselves (whose source may hold anything).
    pages = [p for p in out.rglob("*.html") if "evidence" not in p.parts]
    assert len(pages) > 40
    for page in pages:
        doc = soup(page)
        for th in doc.select("table.evidence th, table.records th"):
            assert not IDENTIFIER.match(th.get_text(strip=True)), (page.name, th.get_text())
        text = doc.get_text(" ")
        assert '{"' not in text and "[{" not in text and "': " not in text, page.name


def test_overview_grid_shows_who_has_which_gap_with_the_worst_severity(demo_run):
    out, _ = demo_run
    doc = soup(out / "index.html")
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    grid = doc.select_one("table.grid")
    titles = [th.get_text(strip=True) for th in grid.select("thead th.rule-col")]
    units = {u["name"]: u for u in findings["units"]}
    for tr in grid.select("tbody tr"):
        cells = tr.find_all("td")
        name = cells[0].get_text(strip=True)
        if name not in units:  # the site-level row
            continue
        assert int(cells[2].get_text()) == units[name]["gaps"]
        worst = units[name]["worst_severity"]
        assert (cells[1].select_one(f".sev-{worst}") is not None) if worst else True
        per_cell = sum(int(c["data-value"]) for c in cells[3:])
        assert per_cell == units[name]["gaps"]
    assert len(titles) == len(set(titles)) and titles
    # The bars beside the trend: one per unit with gaps, one per problem type.
    bars = doc.select(".charts svg.bars")
    assert len(bars) == 2
    # No unit with a gap shows 合规率 100%.
    for row in doc.select("table.units tbody tr"):
        cells = [c.get_text(strip=True) for c in row.find_all("td")]
        if cells[3] != "0":
            assert cells[6] != "100%", cells


def test_evidence_page_renders_the_page_sandboxed_marks_the_quote_and_links_back(demo_run):
    out, _ = demo_run
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    quoted = next(f for f in findings if f["rule"] == "disclosure.late")
    marked = []
    for view in (out / "evidence").glob("*.html"):
        doc = soup(view)
        frame = doc.select_one("iframe.rendered")
        assert frame is not None and frame.has_attr("sandbox") and not frame["sandbox"]  # empty: all off
        assert "default-src 'none'" in doc.find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        for a in doc.select("a.back"):
            target, _, anchor = a["href"].partition("#")
            page = soup((view.parent / target).resolve())
            assert page.find(id=anchor) is not None, a["href"]
        if quoted["evidence"]["title"] in [m.get_text() for m in
                                           BeautifulSoup(frame["srcdoc"], "html.parser")("mark")]:
            marked.append(view)
    assert marked, "the late disclosure's title is marked on its page"
    assert any(m.get_text() == quoted["evidence"]["title"] for m in soup(marked[0]).select("pre mark"))
