"""docs/benchmarks.md is generated from the recorded benchmark results: the generator renders
them, keeps the separately measured sections, and states each target as the numbers say."""

from __future__ import annotations

import json
from pathlib import Path

from bench import million_md
from bench.markdown import render
from bench.run import TARGETS

ROOT = Path(__file__).resolve().parent.parent


def _million(**current) -> dict:
    data = json.loads(million_md.RESULTS.read_text(encoding="utf-8"))
    data["current"] = {**data["current"], **current}
    return data


def test_the_million_item_section_says_met_only_under_the_target():
    assert "**met** (median 6.0 s)" in million_md.section(_million(median_s=6.0))
    assert "**not met** (median 12.0 s)" in million_md.section(_million(median_s=12.0))
    assert "Not measured yet" in million_md.section(None)


def test_the_committed_document_is_what_the_recorded_results_render():
    newest = sorted((ROOT / "bench").glob("results-*.json"))[-1]  # python -m bench writes it
    results = json.loads(newest.read_text(encoding="utf-8"))
    text = render(results, TARGETS)
    assert text == (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert text.count("## Checks over a million items") == 1
    assert "## Distributed mode" in text
