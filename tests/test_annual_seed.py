"""The seed: a real 2016 county annual report (old format) extracted from a PDF with broken
lines and page numbers. The analyzer must classify, date and read it like a person would."""

from pathlib import Path

from checks.annual import analyse
from checks.annual.text import lines, split_sections

SEED = Path(__file__).parent / "data" / "annual_report_xiji_2016.txt"


def report():
    return analyse(SEED.read_text(encoding="utf-8"))


def test_seed_is_a_2016_old_format_report_signed_on_time():
    r = report()
    assert r["year"] == 2016
    assert r["template"] == "old" and r["expected_template"] == "old"
    assert r["unit_name"] == "西吉县" and r["signed_by"] == "西吉县人民政府"
    assert r["signed"] == "2017-01-19"
    # Under the 2007 条例 every agency had until 31 March.
    assert r["deadline"] == "2017-03-31" and r["on_time"] is True


def test_seed_sections_with_the_broken_heading_joined():
    r = report()
    assert [(s["numeral"], s["key"]) for s in r["sections"]] == [
        ("一", "overview"), ("二", "proactive"), ("三", "requests"), ("四", "problems")]
    assert r["sections"][2]["heading"] == "办理政府信息依申请公开情况"
    assert all(s["chars"] > 100 for s in r["sections"])
    # Fees and reconsideration/litigation have no sections of their own: section 三 covers them.
    assert r["covered_in"] == {"fees": "三", "review": "三"}


def test_seed_key_figures():
    f = report()["figures"]
    assert f["applications"]["value"] == 200 and f["applications"]["approx"] is True
    assert f["applications"]["text"] == "200余条"
    assert f["penalties"]["value"] == 28 and f["licences"]["value"] == 42
    assert f["interactions"] == {"received": 966, "answered": 960}
    assert f["fees"]["charged"] is False
    assert f["review"]["reconsideration"] == 0 and f["review"]["litigation"] == 0


def test_seed_old_format_is_never_flagged():
    r = report()
    assert r["problems"] == []
    assert r["tables"] == {"t2": {}, "t3": {}, "t4": {}}


def test_page_numbers_do_not_leak_into_sections():
    text = SEED.read_text(encoding="utf-8")
    assert "- 7 -" in text
    _, sections = split_sections(lines(text))
    body = "".join(sections[1].body)
    assert "-7-" not in body.replace(" ", "") and "四类" not in body  # section 二 only
    assert "是开通书记、县长信箱栏目" in body  # the text after the page break stays in 二
