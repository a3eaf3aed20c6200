"""docs/benchmarks.md and README.md's benchmark figures come from one recorded run: the committed
document is what the newest results render, README quotes no figure the document does not hold,
and each target is judged as the numbers say (no benchmark runs here)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from bench.figures import figures
from bench.markdown import README_END, README_START, readme_block, render

ROOT = Path(__file__).resolve().parent.parent
# A figure as README would quote one: a number with its unit or as a ratio/share.
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s?(?:%|×|MB|GB|pages/s|CPU-s|/CPU-s)|\s(?:s|min|h)\b)")


def newest_results() -> dict:
    newest = sorted((ROOT / "bench").glob("results-*.json"))[-1]  # python -m bench writes it
    return json.loads(newest.read_text(encoding="utf-8"))


def figures_missing_from(readme: str, document: str) -> list[str]:
    """Figures README quotes about the benchmarks (its generated block, and any paragraph that
    points at the benchmarks) that docs/benchmarks.md does not hold."""
    start, end = readme.find(README_START), readme.find(README_END)
    quoted = FIGURE.findall(readme[start:end]) if 0 <= start < end else []
    outside = readme[:start] + readme[end:] if 0 <= start < end else readme
    for paragraph in re.split(r"\n\s*\n", outside):
        if re.search(r"benchmarks?\b|benchmarks\.md|python -m bench\b", paragraph, re.I):
            quoted += FIGURE.findall(paragraph)
    return [f for f in quoted if f not in document]


def test_the_committed_document_is_what_the_recorded_results_render():
    text = render(newest_results())
    assert text == (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert text.count("## Results") == 1 and "## Distributed mode" in text


def test_readme_quotes_the_figures_of_the_same_run_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    document = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    block = readme[readme.index(README_START):readme.index(README_END) + len(README_END)]
    assert block == readme_block(newest_results())
    assert FIGURE.findall(block), "the block quotes the headline figures"
    assert figures_missing_from(readme, document) == []


def test_a_readme_figure_the_document_lacks_is_caught():
    document = "| govaudit ÷ scrapy bench | 0.82 (0.80–0.90, 3 rounds) | ≥ 0.7 | met |"
    readme = ("## Benchmarks\n\nOur crawl does 1.32× scrapy bench (docs/benchmarks.md).\n\n"
              f"{README_START}\n| x | 0.82 (3 rounds) |\n{README_END}\n\n"
              "## Layout\n\nAttachments up to 20 MB are read.\n")
    assert figures_missing_from(readme, document) == ["1.32×"]


def _results(vs_scrapy: list[float], pages: int = 52_000, items: int = 1_000_000) -> dict:
    """Synthetic results: govaudit does 100 requests per CPU-s; scrapy bench so that the
    rounds' ratios are `vs_scrapy`; LinkChecker 50 requests per CPU-s."""
    rounds = [{"govaudit": {"requests": 1000, "cpu_s": 10.0}, "govaudit_checks": {"cpu_s": 1.0},
               "scrapy_bench": {"pages": round(1000 / ratio), "cpu_s": 10.0},
               "linkchecker": {"requests": 500, "cpu_s": 10.0}} for ratio in vs_scrapy]
    return {
        "throughput": {"rounds": rounds},
        "large": {"replica": {"pages": pages},
                  "first": {"requests": 40_000, "cpu_s": 400.0, "peak_rss_mb": 300.0},
                  "second": {"requests": 5_000, "cpu_s": 80.0, "peak_rss_mb": 200.0},
                  "audit1": {"report_seconds": 3.0, "units": 746, "cpu_s": 20.0},
                  "audit2": {"cpu_s": 20.0}, "same_findings": True,
                  "million": {"check_seconds": 8.0, "items": items}},
        "polite": {"replica": {"pages": 500}, "first": {"wall_s": 250.0},
                   "second": {"wall_s": 20.0}},
    }


def test_a_ratio_is_met_only_if_every_round_meets_it():
    assert figures(_results([0.9, 0.8, 0.75]))["govaudit/scrapy met"] is True
    spread = figures(_results([0.9, 0.8, 0.6]))
    assert spread["govaudit/scrapy met"] is False
    assert spread["govaudit/scrapy"]["median"] == pytest.approx(0.8, abs=0.01)
    assert spread["govaudit/scrapy"]["min"] == pytest.approx(0.6, abs=0.01)
    assert figures(_results([1.0]))["govaudit/linkchecker"]["median"] == pytest.approx(2.0)


def test_targets_are_judged_only_at_their_size():
    f = figures(_results([1.0]))
    assert f["memory met"] is True and f["million met"] is True and f["report met"] is True
    small = figures(_results([1.0], pages=900, items=100_000))
    assert small["memory met"] is None and small["million met"] is None
    assert f["reaudit_requests"] == pytest.approx(0.125) and f["reaudit_requests met"] is True
    assert f["reaudit_cpu"] == pytest.approx(0.2) and f["reaudit_cpu met"] is True
    worse = _results([1.0])
    worse["large"]["second"]["cpu_s"] = 300.0
    worse["large"]["same_findings"] = False
    g = figures(worse)
    assert g["reaudit_cpu met"] is False and g["same_findings"] is False


def test_the_polite_projection_scales_the_measured_time_per_page():
    f = figures(_results([1.0]))
    assert f["polite_audit_h"] == pytest.approx(250 * 40 / 3600)  # 20,000 / 500 pages
    assert f["polite_reaudit_min"] == pytest.approx(20 * 40 / 60)
    assert f["polite_audit met"] is True and f["polite_reaudit met"] is True
    skipped = copy.deepcopy(_results([1.0]))
    skipped["polite"] = {"error": "skipped by option", "settings": {}}
    assert "polite_audit_h" not in figures(skipped)
