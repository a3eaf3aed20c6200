"""The annual-report analyser on the project's corpus (bench/documents_corpus.py) meets the
targets of issue 15, and the measurement writes only its own section of docs/accuracy.md."""

import pytest

from bench import documents_measure as m
from bench.documents_corpus import CLASSES_NEW, CLASSES_OLD, FORMS, cases
from checks.annual import analyse
from pathlib import Path

SEED = Path(__file__).parent / "data" / "annual_report_xiji_2016.txt"


@pytest.fixture(scope="module")
def results():
    return m.measure()


def test_corpus_covers_every_class_template_year_and_form():
    found = {(c.cls, c.template, c.form) for c in cases()}
    for cls in CLASSES_NEW:
        for template in ("2019", "2021"):
            forms = ["pdf-text"] if cls == "broken-rows" else FORMS
            assert all((cls, template, f) in found for f in forms), cls
    for cls in CLASSES_OLD:
        assert all((cls, "old", f) in found for f in FORMS)
    assert {c.year for c in cases()} >= {2012, 2016, 2018, 2019, 2020, 2021, 2023, 2025}


def test_template_and_year_always_right(results):
    wrong = [r["id"] for r in results if not (r["template_ok"] and r["year_ok"])]
    assert wrong == []


def test_signature_never_taken_from_the_statistics_sentence(results):
    assert [r["id"] for r in results if r["from_stats"]] == []
    assert [r["id"] for r in results if not r["signed_ok"]] == []


def test_no_incomplete_on_truncated_input_and_no_false_accusation(results):
    truncated = [r for r in results if r["cls"] == "truncated"]
    assert truncated and not any(r["incomplete_on_truncated"] for r in truncated)
    assert all(r["sections_ok"] for r in truncated)  # read as far as it goes, 需人工核查
    assert [(r["id"], r["false"]) for r in results if r["false"]] == []


def test_planted_defects_found_once_each(results):
    assert [(r["id"], r["missed"]) for r in results if r.get("missed")] == []
    assert [r["id"] for r in results if r.get("extra")] == []


def test_figures_read(results):
    total = sum(r["cells"] for r in results)
    right = sum(r["cells_ok"] for r in results)
    assert total > 10000 and right / total >= 0.95


def test_deadline_of_an_unknown_unit_is_never_the_departments(results):
    assert all(r["deadline_ok"] for r in results)


def test_the_seed_is_still_read_with_all_its_figures():
    r = analyse(SEED.read_text(encoding="utf-8"))
    assert (r["year"], r["template"], r["signed"]) == (2016, "old", "2017-01-19")
    f = r["figures"]
    assert (f["applications"]["value"], f["licences"]["value"], f["penalties"]["value"]) == (200, 42, 28)
    assert r["coverage"]["complete"] is True and r["problems"] == []


def test_measurement_writes_only_its_own_section(tmp_path, results):
    doc = tmp_path / "accuracy.md"
    other = "<!-- portals:start -->\nportal rows\n<!-- portals:end -->"
    doc.write_text(f"# Accuracy\n\n{other}\n", encoding="utf-8")
    section = m.markdown(m.summary(results))
    m.write(section, doc)
    text = doc.read_text(encoding="utf-8")
    assert other in text and text.count(m.START) == 1
    assert "| 全部 | 176 |" in text and "false accusations" in text
    m.write(section.replace("| 全部 |", "| all |"), doc)
    text = doc.read_text(encoding="utf-8")
    assert other in text and text.count(m.START) == 1 and "| all |" in text
    fresh = tmp_path / "new.md"
    m.write(section, fresh)
    assert fresh.read_text(encoding="utf-8").startswith("# Accuracy")


def test_article_page_fields_read_in_every_layout():
    rows = m.measure_pages()
    assert set(rows) >= {"table-4col", "label-row", "dl", "span-pairs", "next-line", "meta-only"}
    assert all(right == total for right, total, _ in rows.values()), rows
    section = m.markdown(m.summary(m.measure()), page_rows=rows)
    assert "### Article pages" in section and "| 全部 | 54 | 300/300（100%） |" in section
