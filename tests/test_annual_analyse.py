"""The annual-report analyzer on planned replica reports of every format and defect: each
table cell is read back exactly and each planted fault gives its problem, nothing else."""

import random

import pytest

from checks.annual import analyse
from replica import annual_reports as ar


def plan(year, defect=None, previous=None, unit="示例县教育局", seed=1):
    return ar.build(unit, "department", year, random.Random(seed), licences=7, penalties=3,
                    defect=defect, previous=previous)


def as_text(rep):
    """The report as a reader prints it: table rows become lines of space-separated cells."""
    out = [rep.title]
    for kind, value in rep.blocks:
        if kind == "table":
            out.extend("  ".join(row) for row in rep.grid_rows(value))
        else:
            out.append(value)
    return "\n".join(out)


def read(rep, with_tables=True):
    text = as_text(rep)
    tables = [rep.grid_rows(v) for k, v in rep.blocks if k == "table"]
    return analyse(text, [{"rows": t} for t in tables] if with_tables else None)


@pytest.mark.parametrize("year,template", [(2016, "old"), (2019, "2019"), (2020, "2019"),
                                           (2021, "2021"), (2025, "2021")])
def test_clean_report_of_each_format_reads_back_cell_by_cell(year, template):
    rep = plan(year)
    got = read(rep)
    assert got["year"] == year and got["template"] == template == rep.template
    assert got["signed"] == rep.signed.isoformat() and got["on_time"] is True
    assert got["problems"] == []
    if template == "old":
        assert got["tables"] == {"t2": {}, "t3": {}, "t4": {}}
        assert got["figures"]["licences"]["value"] == 7 and got["figures"]["penalties"]["value"] == 3
        assert got["figures"]["applications"]["value"] == rep.figures["applications"]
        assert got["figures"]["interactions"] == rep.figures["interactions"]
        assert got["figures"]["fees"]["charged"] is False
        assert [s["key"] for s in got["sections"]] == [
            "overview", "proactive", "requests", "fees", "review", "problems", "other"]
    else:
        assert got["tables"] == rep.cells
        assert [s["key"] for s in got["sections"]] == [
            "overview", "proactive", "requests", "review", "problems", "other"]
        assert got["figures"]["licences"]["value"] == 7


def test_missing_section_is_incomplete():
    got = read(plan(2025, "missing-section"))
    assert [p["check"] for p in got["problems"]] == ["annual-report.incomplete"]
    assert "存在的主要问题及改进情况" in got["problems"][0]["message"]


def test_broken_identity_shows_the_cells():
    rep = plan(2025, "broken-identity")
    got = read(rep)
    checks = {p["check"] for p in got["problems"]}
    assert checks == {"annual-report.inconsistent"}
    columns = {c["column"] for p in got["problems"] for c in p["cells"]}
    assert columns == {"自然人", "总计"}
    cell = next(c for p in got["problems"] for c in p["cells"]
                if c["row"] == "一" and c["column"] == "自然人")
    assert cell["value"] == rep.cells["t3"]["一"]["自然人"]


def test_old_table_in_a_2025_report_is_outdated():
    got = read(plan(2025, "old-template"))
    [p] = got["problems"]
    assert p["check"] == "annual-report.outdated-template"
    assert "本年新制作数量" in p["words"] and "政府集中采购" in p["words"]
    # The same table is right in a 2020 report.
    assert read(plan(2020))["problems"] == []


def test_placeholder_residue():
    got = read(plan(2025, "placeholder"))
    assert {p["check"] for p in got["problems"]} == {"annual-report.residue"}
    texts = {p.get("text") for p in got["problems"]}
    assert "XXXX年" in texts


def test_text_only_source_does_not_report_absent_tables():
    got = read(plan(2025), with_tables=False)
    assert got["problems"] == []
    got = read(plan(2025))
    assert got["problems"] == []


def test_report_without_tables_is_incomplete_when_tables_are_known():
    rep = plan(2025)
    text = "\n".join([rep.title] + [v for k, v in rep.blocks if k != "table"])
    got = analyse(text, [])
    missing = [p["message"] for p in got["problems"]]
    assert any("表三" in m for m in missing) and any("表二" in m for m in missing)


@pytest.mark.parametrize("year,defect", [(2020, None), (2025, None), (2025, "old-template")])
def test_tables_are_read_from_the_page_text_when_no_grid_was_stored(year, defect):
    """The crawler's visible text of the article prints each table row as one line, spanning
    cells once: every cell still reads back."""
    from lxml import html as lhtml

    from crawler.extract.html import visible_text

    rep = plan(year, defect)
    body = lhtml.fromstring("<div>" + "".join([f"<p>{rep.title}</p>"] + ar.html(rep)) + "</div>")
    got = analyse(visible_text(body), None)
    assert got["tables"] == rep.cells
    expected = ["annual-report.outdated-template"] if defect else []
    assert [p["check"] for p in got["problems"]] == expected


def test_the_sum_of_table_three_takes_its_leaf_rows_only():
    # (三)(七) is checked against the rows of 三 that no other row extends ("三.三" is the sum
    # of "三.三.1" and "三.三.2", so only those two count); over made-up sets of row keys the
    # rows taken are those the pairwise definition takes
    from checks.annual import problems

    keys = ["一", "二", "三", "三.一", "三.二", "三.三", "三.三.1", "三.三.2", "三.七", "三.四.1.a",
            "四", "三.", "三..x", "三.五.", "x.三.一"]
    rnd = random.Random(3)
    checked = 0
    for _ in range(3000):
        t3 = {k: {"总计": rnd.randint(0, 3)} for k in rnd.sample(keys, rnd.randint(0, len(keys)))}
        leaves = [k for k in t3 if k.startswith("三.") and k != "三.七"
                  and not any(o.startswith(k + ".") for o in t3)]
        report = {"tables": {"t3": t3, "t4": {}}}
        found = [p for p in problems.inconsistent(report) if "各项办理结果之和" in p["message"]
                 and "总计" in p["message"] and p["cells"][0]["column"] == "总计"]
        if "三.七" in t3 and leaves:
            total = sum(t3[k]["总计"] for k in leaves)
            assert bool(found) == (total != t3["三.七"]["总计"]), (t3, leaves)
            checked += 1
    assert checked > 500
