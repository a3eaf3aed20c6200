"""The comparison between findings and the replica's planted defects (used by demo and tests)."""

from govaudit.groundtruth import compare, matches

DEFECT = {"id": "D1", "rule": "column.empty", "unit": "示例县财政局", "category": "budget",
          "column_path": "/xxgk_13648/bmxxgk/czj/czyjs/", "url_path": None}


def finding(**overrides):
    base = {"rule": "column.empty", "unit": "示例县财政局", "category": "budget",
            "column": {"name": "财政预决算", "url": "http://127.0.0.1:5555/xxgk_13648/bmxxgk/czj/czyjs/"},
            "url": "http://127.0.0.1:5555/xxgk_13648/bmxxgk/czj/czyjs/"}
    base.update(overrides)
    return base


def test_match_needs_rule_unit_and_every_given_locator():
    assert matches(finding(), DEFECT)
    assert not matches(finding(rule="column.stale"), DEFECT)
    assert not matches(finding(unit="示例县教育局"), DEFECT)
    assert not matches(finding(column={"name": "x", "url": "http://h/other/"}), DEFECT)
    assert not matches(finding(category="guide"), DEFECT)


def test_external_url_locators_compare_whole_urls():
    defect = {"rule": "link.broken", "unit": None, "url_path": "http://127.0.0.1:1/qzqd/"}
    assert matches(finding(rule="link.broken", url="http://127.0.0.1:1/qzqd/"), defect)
    assert not matches(finding(rule="link.broken", url="http://127.0.0.1:2/qzqd/"), defect)


def test_compare_reports_missed_and_unexpected():
    extra = finding(rule="link.broken", url="http://127.0.0.1:5555/x.html")
    result = compare([finding(), extra], {"defects": [DEFECT, {**DEFECT, "id": "D2", "rule": "column.stale"}]})
    assert [d["id"] for d in result.found] == ["D1"]
    assert [d["id"] for d in result.missed] == ["D2"]
    assert result.unexpected == [extra]
    assert not result.exact


def test_column_url_locators_compare_locations_with_host_and_query():
    """Generated portals give full column URLs: columns may differ only in the query string or
    the host, while `index.html` and parameter order do not matter."""
    defect = {"rule": "column.empty", "unit": "示例县财政局",
              "column_url": "http://127.0.0.2:7000/list.jsp?wbtreeid=3004&page=1"}

    def at(url):
        return finding(column={"name": "财政预决算", "url": url})

    assert matches(at("http://127.0.0.2:7000/list.jsp?page=1&wbtreeid=3004"), defect)
    assert not matches(at("http://127.0.0.2:7000/list.jsp?page=1&wbtreeid=3005"), defect)
    assert not matches(at("http://127.0.0.1:7000/list.jsp?page=1&wbtreeid=3004"), defect)
    nested = {**defect, "column_url": "http://127.0.0.1:7000/bm/czj/xxgk/czyjs/index.html"}
    assert matches(at("http://127.0.0.1:7000/bm/czj/xxgk/czyjs/"), nested)
    assert not matches(finding(column=None), nested)


def test_evidence_locators_tell_accusations_at_the_same_place_apart():
    """A budget column is the place of a missing budget and of missing final accounts: the
    defect's evidence values must agree too."""
    column = {"name": "财政预决算", "url": "http://127.0.0.1:7000/list.jsp?wbtreeid=3004"}
    defect = {"rule": "budget.missing", "unit": "示例县财政局", "column_url": column["url"],
              "evidence": {"disclosure": "final-accounts", "year": 2025}}

    def said(**evidence):
        return finding(rule="budget.missing", column=column, evidence=evidence)

    assert matches(said(disclosure="final-accounts", year=2025, due="2026-09-30"), defect)
    assert not matches(said(disclosure="budget", year=2026), defect)
    assert not matches(said(disclosure="final-accounts", year=2024), defect)
    assert not matches(finding(rule="budget.missing", column=column), defect)
