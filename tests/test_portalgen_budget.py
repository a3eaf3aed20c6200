"""Generated portals' 部门预决算 disclosures (replica/portalgen/budget_docs.py): what they carry,
where the content defects are planted and that an audit finds exactly those.

The manifest is the oracle: these tests check the generator against its own record (the
planted table really is absent from every document of that disclosure, a clean one has every
table it lists), and the audit against the manifest.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from bench.accuracy_run import audit_seed
from replica import budget as replica_budget
from replica.portalgen.budget_docs import FORMS, _due_years
from replica.portalgen.site import build

AS_OF = dt.date(2026, 11, 27)
CONTENT = ("missing_table", "sangong_unexplained", "narrative_missing")


@pytest.fixture(scope="module")
def portals():
    return [build(seed, AS_OF) for seed in range(16)]


def _served_text(built, host: str, path: str) -> str:
    """Everything one disclosure shows: the article's HTML and, for an attachment, its text."""
    pages = built.pages[host]
    status, ctype, body = pages[path]
    codec = "utf-8" if built.portal.layout["encoding"] == "utf-8" else "gbk"
    html = body.decode(codec)
    out = [html]
    for key, (_, kind, data) in pages.items():
        if key.rsplit("/", 1)[0] == path.rsplit("/", 1)[0] and key.startswith(
                path.rsplit("/", 1)[0] + "/W020") and key in html:
            if key.endswith(".xlsx"):
                wb = load_workbook(io.BytesIO(data))
                out += [str(c) for ws in wb for row in ws.iter_rows(values_only=True)
                        for c in row if c is not None] + list(wb.sheetnames)
            elif key.endswith(".docx"):
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    out.append(z.read("word/document.xml").decode("utf-8"))
    return "\n".join(out)


def _disclosures(built):
    for unit in built.portal.units:
        for col in unit.all_columns():
            for item in col.items:
                if item.budget:
                    yield unit, col, item


def test_every_form_is_drawn_and_every_department_disclosure_has_content(portals):
    forms = {item.budget["form"] for b in portals for _, _, item in _disclosures(b)}
    assert forms == set(FORMS)
    for b in portals:
        for unit, _, item in _disclosures(b):
            assert unit.kind == "department"
            text = _served_text(b, unit.host, item.path)
            for d in item.budget["parts"]:
                names = (replica_budget.BUDGET_TABLES if d["kind"] == "budget"
                         else replica_budget.FINAL_TABLES)
                for name in names:
                    # Present exactly when not planted away (in the article or its attachment);
                    # a name inside a longer one (收入支出决算总表 in 财政拨款收入支出决算总表) is not it.
                    shown = re.search(rf"(?<![\u4e00-\u9fff]){re.escape(name)}", text)
                    assert bool(shown) == (name not in d["skip"]), (b.portal.seed, item.title, name)
                assert f"{d['year']}年" in text


def test_content_defects_lie_on_a_single_due_disclosure_and_are_recorded(portals):
    planted = {defect: 0 for defect in CONTENT}
    for b in portals:
        by_url = {item.path: (unit, col, item) for unit, col, item in _disclosures(b)}
        for d in b.manifest["defects"]:
            if d["defect"] not in CONTENT:
                continue
            planted[d["defect"]] += 1
            path = d["url_path"].split("@@", 2)[2]
            unit, col, item = by_url[path]
            assert d["unit"] == unit.name and d["where"]["category"] == "budget"
            assert d["column_url"].endswith(col.path)
            (part,) = item.budget["parts"]  # never on a combined item
            assert d["evidence"] == {"disclosure": part["kind"], "year": part["year"]}
            assert part["year"] == _due_years(AS_OF, d["defect"])[part["kind"]]
            flaw = {"missing_table": bool(part["skip"]),
                    "sangong_unexplained": not part["explained"],
                    "narrative_missing": bool(part["omit"])}
            assert [k for k, v in flaw.items() if v] == [d["defect"]]
        # Every due-year disclosure with a gap is in the manifest; older ones are look-alikes.
        recorded = {d["url_path"].split("@@", 2)[2] for d in b.manifest["defects"]
                    if d["defect"] in CONTENT}
        for _, _, item in _disclosures(b):
            for part in item.budget["parts"]:
                flawed = part["skip"] or not part["explained"] or part["omit"]
                due = _due_years(AS_OF, "missing_table")[part["kind"]]
                if flawed and part["year"] >= due:
                    assert item.path in recorded
    assert all(planted.values()), planted


@pytest.mark.parametrize("seed", [3, 8])
def test_planted_disclosure_content_is_found_exactly(seed, tmp_path):
    """Seed 3 plants a missing table (beside a missing final account, combined titles), seed 8
    an unexplained 三公 change and an incomplete narrative."""
    result = audit_seed(seed, AS_OF, tmp_path)
    assert result.error is None and result.crawl_status == "complete"
    rules = ("budget.tables-missing", "budget.sangong-incomplete", "budget.narrative-incomplete")
    counts = {r: result.counts[r] for r in rules}
    assert sum(c["tp"] for c in counts.values()) >= 1, counts
    assert all(c["fp"] == 0 and c["fn"] == 0 for c in counts.values()), (counts, result.missed,
                                                                         result.unexpected)
    assert result.exact, (result.missed, result.unexpected)
