"""The replica's department budget and final-account disclosures: the right years relative to
as_of, every required table in the article and in its workbook, the planted budget.* defects in
the manifest, and no article of any other range changing its URL."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from checks.documents import budget as analysis
from checks.documents import budget_text
from crawler.dialects import detect
from ground.documents import Document
from replica import budget, defects
from replica.generator import build_site

AS_OF = dt.date(2026, 11, 27)
DOCID = re.compile(r"_(\d+)\.html$")


@pytest.fixture(scope="module")
def site():
    return build_site(seed=7, size="small", as_of=AS_OF)


def budget_columns(site):
    return [c for c in site.manifest["columns"] if c["category"] == "budget" and c["role"] == "column"
            and "/bmxxgk/" in c["path"]]


def article(site, item) -> Document:
    html = site.pages[item["path"]][2].decode()
    facts = detect(html, "http://127.0.0.1" + item["path"]).extract_article(html, item["path"])
    return Document(url=item["path"], kind="html", text=facts.body_text)


def test_due_years_follow_as_of():
    assert budget.latest_due_year("budget", dt.date(2026, 4, 30)) == 2025
    assert budget.latest_due_year("budget", dt.date(2026, 5, 1)) == 2026
    assert budget.latest_due_year("final-accounts", dt.date(2026, 9, 30)) == 2024
    assert budget.latest_due_year("final-accounts", dt.date(2026, 10, 1)) == 2025


def test_every_department_discloses_the_due_years_with_all_tables(site):
    planted = {d["column_path"]: d for d in site.manifest["defects"] if d["rule"].startswith("budget.")}
    checked = 0
    for col in budget_columns(site):
        if not col["items"]:
            continue  # the planted empty column (column.empty)
        kinds = {}
        for item in col["items"]:
            cls = analysis.classify_title(item["title"])
            assert cls and not cls.sangong_only, item["title"]
            kinds[(cls.kind, cls.year)] = item
            assert dt.date.fromisoformat(item["list_date"]) <= budget.due(cls.kind, cls.year)
            assert int(DOCID.search(item["path"]).group(1)) >= defects.BUDGET_DOCID_BASE
            doc = article(site, item)
            missing = {t.title for t in analysis.required_tables(cls.kind) if not t.optional}
            missing -= analysis.tables_found(doc, cls.kind)
            sangong = analysis.sangong(doc)
            if item["path"] in {d["url_path"] for d in planted.values()}:
                continue
            assert not missing, (item["path"], missing)
            assert len(sangong.amounts) == 4 and sangong.explained, item["path"]
            checked += 1
        expected = {("budget", 2026), ("budget", 2025), ("final-accounts", 2025), ("final-accounts", 2024)}
        if planted.get(col["path"], {}).get("rule") == "budget.missing":
            expected.discard(("final-accounts", 2025))
        assert set(kinds) == expected, col["path"]
    assert checked > 40


def test_planted_budget_defects_are_real(site):
    by_rule = {d["rule"]: d for d in site.manifest["defects"] if d["rule"].startswith("budget.")}
    assert {"budget.missing", "budget.tables-missing", "budget.sangong-incomplete"} <= set(by_rule)
    items = {i["path"]: i for c in budget_columns(site) for i in c["items"]}
    gap = items[by_rule["budget.tables-missing"]["url_path"]]
    found = analysis.tables_found(article(site, gap), "budget")
    assert defects.BUDGET_MISSING_TABLE not in found and len(found) == 7
    [xlsx] = gap["attachments"]
    book = load_workbook(io.BytesIO(site.pages[xlsx["path"]][2]))
    assert len(book.sheetnames) == 7 and defects.BUDGET_MISSING_TABLE not in book.sheetnames
    silent = analysis.sangong(article(site, items[by_rule["budget.sangong-incomplete"]["url_path"]]))
    assert len(silent.amounts) == 4 and not silent.explained


def test_planted_mismatches_and_narrative_gaps_are_real(site):
    """The year-mismatched and unit-mismatched budgets never name the listed
    year / unit, and the narrative gap lacks exactly the omitted explanations."""
    full = site
    planted = [d for d in full.manifest["defects"]
               if d["rule"] in ("budget.mismatch", "budget.narrative-incomplete")]
    assert sorted(d["rule"] for d in planted) == ["budget.mismatch", "budget.mismatch",
                                                  "budget.narrative-incomplete"]
    items = {i["path"]: (c, i) for c in budget_columns(full) for i in c["items"]}
    for d in planted:
        _, item = items[d["url_path"]]
        text = article(full, item).text
        cls = analysis.classify_title(item["title"])
        if d["rule"] == "budget.narrative-incomplete":
            given = budget_text.narrative(text)
            assert [k for k, v in given.items() if not v] == ["procurement", "glossary", "assets", "performance"]
        elif f"{cls.year}年" not in text:
            assert analysis.text_years(text)[0] == cls.year - 1
        else:
            assert d["unit"] not in text
            assert defects.BUDGET_MISMATCH_SOURCE and "编制单位" in text


def test_workbooks_carry_every_table_even_the_empty_ones(site):
    col = next(c for c in budget_columns(site) if "/jyj/" in c["path"])
    final = next(i for i in col["items"] if "决算" in i["title"])
    [xlsx] = final["attachments"]
    book = load_workbook(io.BytesIO(site.pages[xlsx["path"]][2]))
    assert book.sheetnames == budget.FINAL_TABLES
    empty = book["国有资本经营预算财政拨款支出决算表"]
    assert empty["A1"].value == "表9 国有资本经营预算财政拨款支出决算表"
    assert empty.max_row == 2  # the title and the header row, no data


def test_budget_columns_of_planted_column_defects_stay_as_they_were(site):
    paths = {c["path"] for c in budget_columns(site)}
    assert not any("/tjj/" in p for p in paths)  # column.missing
    czj = [c for c in budget_columns(site) if "/czj/" in c["path"]]
    assert len(czj) == 1 and czj[0]["items"] == []  # column.empty


def test_the_fixed_variant_fills_the_repaired_column_and_keeps_every_url(site):
    fixed = build_site(seed=7, size="small", as_of=AS_OF, fixed=True)
    czj = next(c for c in budget_columns(fixed) if "/czj/" in c["path"])
    assert len(czj["items"]) == 4
    # Only the column the fixed variant makes stale on purpose (defects.FIXED_NEW) moves.
    moved = [f"/{slug}/fdzdgknr/{spec['stale']}/" for slug, spec in defects.FIXED_NEW.items()]
    before = {i["path"] for c in site.manifest["columns"] for i in c["items"]
              if not any(m in c["path"] for m in moved)}
    after = {i["path"] for c in fixed.manifest["columns"] for i in c["items"]}
    assert before and before - after == set()
