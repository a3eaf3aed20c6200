"""The report in a real browser (headless Chromium): hostile page content never runs.

The replica's privacy.exposed article has a title made of script markup and a real inline script
in its body (replica/defects.py HOSTILE_*); either one running sets `data-pwned` on the document
root. The report pages quoting it and the saved copy of the page are opened from disk (file://)
and their DOM is dumped after load: no element may carry the attribute, the page title must be
the report's own, and the main elements must be there. Screenshots of the overview, a unit page
and an evidence page and the ledger printed to PDF are kept in tests/output/ (ignored by git) as
artefacts, to be looked at.

Skipped when Chromium is absent, except in CI (CI=true), where a missing browser is a failure:
.ci/run installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from replica.defects import PWNED_ATTRIBUTE

ARTEFACTS = Path(__file__).parent / "output"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_binary() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but Chromium is not installed (.ci/run installs the Debian package)")
    pytest.skip("Chromium is not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = chromium_binary()
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(*args: str) -> str:
        proc = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout
    return run


def dump(browser, page: Path) -> BeautifulSoup:
    # Budget for scripts (if any could run) to finish before the DOM is serialised.
    return BeautifulSoup(browser("--virtual-time-budget=3000", "--dump-dom", page.as_uri()),
                         "html.parser")


def assert_nothing_ran(doc: BeautifulSoup, title_part: str) -> None:
    ran = [tag.name for tag in doc.find_all(True) if tag.has_attr(PWNED_ATTRIBUTE)]
    assert ran == [], f"page content ran as script in the report: {ran}"
    assert doc.title is not None and title_part in doc.title.get_text()


@pytest.fixture(scope="module")
def hostile(demo_run):
    out, _ = demo_run
    finding = next(f for f in json.loads(
        (out / "findings.json").read_text(encoding="utf-8"))["findings"]
        if f["rule"] == "privacy.exposed")
    unit_page = next(p for p in (out / "units").iterdir()
                     if "<script>document.documentElement" in BeautifulSoup(
                         p.read_text(encoding="utf-8"), "html.parser").get_text())
    return out, finding, unit_page


def test_hostile_title_is_shown_as_text_not_run(browser, hostile):
    out, finding, unit_page = hostile
    doc = dump(browser, unit_page)
    assert_nothing_ran(doc, finding["unit"])
    assert doc.h1.get_text() == finding["unit"]
    section = doc.find("section", id="privacy.exposed")
    assert section is not None and "个人信息" in section.h3.get_text()
    message = section.select_one(".finding .msg").get_text()
    assert 'setAttribute("data-pwned","title")' in message  # shown, as text
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "report-unit-hostile.png"
    browser("--window-size=1200,1600", f"--screenshot={shot}", unit_page.as_uri())
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_overview_and_rule_page_render_without_running_anything(browser, hostile):
    out, _, _ = hostile
    index = dump(browser, out / "index.html")
    assert_nothing_ran(index, "政府信息公开检查报告")
    assert index.find(id="verdict") is not None and index.select("table.units tr")
    assert index.select_one("svg.trend") is not None
    rule = dump(browser, out / "rules" / "privacy.exposed.html")
    assert_nothing_ran(rule, "个人信息")
    assert rule.select(".finding .msg")


def test_screenshots_of_overview_unit_evidence_and_the_printed_ledger(browser, hostile):
    """The pages a reader opens, looked at in Chromium and kept in tests/output/: the overview
    (verdict with its basis, the unit × problem grid, the bar charts), a unit page, an evidence
    page (rendered view, marked text, links back) and the ledger printed to PDF."""
    import pdfplumber

    out, _, unit_page = hostile
    ARTEFACTS.mkdir(exist_ok=True)
    index = dump(browser, out / "index.html")
    verdict = index.find(id="verdict").get_text()
    assert "单项否决未触发" in verdict or "触发单项否决" in verdict
    # The grid sorter ran: the page's CSP allows exactly the report's own script.
    assert index.select_one("table.grid[data-sort-ready]") is not None
    assert len(index.select(".charts svg.bars")) == 2
    evidence = next(p for p in sorted((out / "evidence").glob("*.html"))
                    if "<mark>" in p.read_text(encoding="utf-8"))
    dumped = dump(browser, evidence)
    assert_nothing_ran(dumped, "页面留存")
    assert dumped.select_one("iframe.rendered") is not None and dumped.select("a.back")
    shots = {"report-overview.png": (out / "index.html", "1400,3600"),
             "report-unit.png": (unit_page, "1200,2400"),
             "report-evidence.png": (evidence, "1200,1600")}
    for name, (page, size) in shots.items():
        browser(f"--window-size={size}", f"--screenshot={ARTEFACTS / name}", page.as_uri())
        assert (ARTEFACTS / name).stat().st_size > 20_000, name
    pdf = ARTEFACTS / "ledger.pdf"
    browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (out / "整改台账.html").as_uri())
    with pdfplumber.open(pdf) as doc:
        first, second = doc.pages[0], doc.pages[1]
        assert first.width > first.height and abs(first.width - 842) < 3  # A4 landscape
        header = unicodedata.normalize("NFKC", "".join((second.extract_text() or "").split()))
    assert "整改措施" in header and "完成情况" in header  # the header row repeats on page 2
    print(f"screenshots and ledger.pdf in {ARTEFACTS}")


def test_saved_copy_of_the_hostile_page_does_not_run(browser, hostile):
    out, finding, unit_page = hostile
    doc = BeautifulSoup(unit_page.read_text(encoding="utf-8"), "html.parser")
    section = doc.find("section", id="privacy.exposed")
    views = [a["href"] for a in section.select("table.snapshots a")
             if a["href"].startswith("../evidence/") and a["href"].endswith(".html")]
    assert views, "the privacy finding links no saved page"
    view = (unit_page.parent / views[0]).resolve()
    dumped = dump(browser, view)
    assert_nothing_ran(dumped, "页面留存")
    # The page's own inline script is there, as text.
    assert 'setAttribute("data-pwned","page")' in dumped.pre.get_text()


def test_print_to_pdf_gives_a_clean_document(browser, hostile):
    """The browser's "Save as PDF" of a unit page: A4 pages with the findings and none of the
    on-screen navigation or evidence-file links."""
    import pdfplumber

    _, finding, unit_page = hostile
    ARTEFACTS.mkdir(exist_ok=True)
    pdf = ARTEFACTS / "report-unit.pdf"
    browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", unit_page.as_uri())
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        first = unicodedata.normalize("NFKC", "".join((doc.pages[0].extract_text() or "").split()))
        width, height = doc.pages[0].width, doc.pages[0].height
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points
    # CJK fonts map some characters to Kangxi radicals in the PDF text layer: NFKC folds most
    # (not the radicals supplement, e.g. 民 → ⺠, so the words checked avoid those).
    squashed = unicodedata.normalize("NFKC", "".join(text.split()))
    assert finding["unit"] in squashed and "发现的问题" in squashed
    # A long rule must not be pushed whole to page 2, leaving page 1 blank.
    assert "发现的问题" in first and "身份号码" in first
    assert "返回总览" not in squashed and "查看源代码" not in squashed
    print(f"pdf: {pdf}")
