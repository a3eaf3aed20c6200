"""Every page and document parser is total: mangled pages and documents (stray closing tags,
bytes cut off, encodings switched halfway, nested forms, damaged zips and PDFs) never raise, and
where nothing could be read the result is 未能核验 / 需人工核查, never a problem. A bounded run
here; `python -m bench.documents_fuzz --cases 200000` is the larger one (docs/accuracy.md)."""

import logging
import random

from bench import documents_fuzz as fuzz
from checks.annual import analyse_document
from crawler.documents.read import read_document

CASES = 400


def test_bounded_fuzz_run_has_no_failure():
    logging.disable(logging.WARNING)
    try:
        failures = fuzz.run(CASES, seed=15)
    finally:
        logging.disable(logging.NOTSET)
    assert failures == [], failures[:3]


def test_mutations_really_mangle_the_seeds():
    rng = random.Random(1)
    base = fuzz.seeds()
    assert {name.rsplit(".", 1)[-1] for name, _ in base} >= {"html", "docx", "txt", "pdf"}
    changed = sum(fuzz.mutate(data, rng) != data for _, data in base * 5)
    assert changed >= len(base) * 4


def test_nothing_readable_is_needs_review_not_a_problem():
    for data, name in ((b"", "a.txt"), (b"\x00\x01\x02", "a.docx"), (b"%PDF-1.4\n%%EOF", "a.pdf"),
                       (b"<html></html>", "a.html")):
        doc = read_document(data, url=name)
        report = analyse_document(doc)
        assert report["problems"] == []
        assert not doc.readable or report["review"], name
    assert fuzz.check("a.html", b"</html></html><form><form>") is None


def test_check_reports_a_parser_that_raises(monkeypatch):
    import crawler.homepage

    def boom(*a, **k):
        raise RuntimeError("parser broke")

    monkeypatch.setattr(crawler.homepage, "blocks", boom)
    assert "parser broke" in fuzz.check("a.html", b"<html></html>")
