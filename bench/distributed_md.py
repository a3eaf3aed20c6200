"""The "Distributed mode" section of docs/benchmarks.md, from bench/distributed.py's results
(bench/distributed-results.json), with the national estimate drawn from its per-process
figures."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "distributed-results.json"

# Assumptions of the national estimate (the same as bench/markdown.py's).
SITES = 14_000
PAGES_PER_SITE = 10_928  # the main benchmark's replica (150 units)
POLITE_PAGES_PER_S = 2.0
WINDOW_DAYS = 7


def load() -> dict | None:
    try:
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def section(d: dict | None) -> str:
    lines = [
        "## Distributed mode (`--redis`)",
        "",
        "`govaudit crawl URL --redis redis://… [--workers N]` coordinates one crawl: it creates "
        "the crawl row, seeds the shared queue with the homepage, is the only writer of the "
        "SQLite store (workers push their facts onto a Redis list) and ends the crawl when the "
        "queue is empty and every worker idle. `govaudit worker --redis redis://…` on any "
        "machine joins it; the queue and duplicate filter are scrapy-redis's, the site "
        "structure (units, columns, counters, requested URLs) lives in Redis "
        "(docs/distributed.md; design in docs/architecture.md). "
        "tests/test_distributed.py checks that two workers give the findings of one process.",
        "",
    ]
    if d is None:
        return "\n".join(lines + ["Not measured yet: run `.venv/bin/python -m "
                                  "bench.distributed`.", ""])
    s, dist = d["single"], d["distributed"]
    m = d["machine"]
    pages = dist["pages"]
    n = len(dist["workers"])
    worker_cpu = sum(w["cpu_seconds"] for w in dist["workers"])
    coord_cpu = dist["coordinator"]["cpu_seconds"]
    per_core_worker = pages / worker_cpu  # pages per CPU second of worker
    per_core_single = pages / s["cpu_seconds"]
    coord_ceiling = pages / coord_cpu  # pages per CPU second of the one writer
    worker_peak = max(w["peak_rss_mb"] for w in dist["workers"])
    lines += [
        f"Measured {d['date']} with `{d['command']}` on {m['cpu']}, {m['cores']} cores "
        f"(load average before {', '.join(f'{x:.1f}' for x in m['load_before'])}; every process "
        f"below, the replica server and redis-server share those cores). Replica: "
        f"{d['units']} units, {d['replica_pages']:,} pages, politeness off (loopback).",
        *([f"Note: {d['note']}", ""] if d.get("note") else [""]),
        "| Crawl | Wall time | Pages/s | CPU time | Peak memory |",
        "|---|---|---|---|---|",
        f"| One process | {s['seconds']:.0f} s | {pages / s['seconds']:.1f} | "
        f"{s['cpu_seconds']:.0f} s | {s['peak_rss_mb']:.0f} MB |",
        f"| {n} workers + coordinator | {dist['seconds']:.0f} s | "
        f"{pages / dist['seconds']:.1f} | workers {worker_cpu:.0f} s, coordinator "
        f"{coord_cpu:.0f} s | each worker ≤ {worker_peak:.0f} MB, coordinator "
        f"{dist['coordinator']['peak_rss_mb']:.0f} MB |",
        "",
        f"- Requests that reached the replica: {s['requests']:,} alone, {dist['requests']:,} "
        f"distributed (each worker reads robots.txt once), split "
        f"{' / '.join(str(x) for x in dist['requests_per_worker'])} between the workers.",
        f"- Same findings as the single-process crawl: "
        f"{'**yes**' if d['same_findings'] else '**no**'}.",
        f"- Per worker: {per_core_worker:.0f} pages per CPU second (one process alone: "
        f"{per_core_single:.0f}); the difference is the cost of sharing: Redis round trips for "
        f"the requested-URL set, the structure lock and the pickled facts. Coordinator: "
        f"{coord_ceiling:.0f} pages per CPU second applied to SQLite, so one distributed crawl "
        f"tops out near that rate however many workers it has.",
        f"- Wall time: {s['seconds'] / dist['seconds']:.2f}× faster with {n} workers than one "
        f"process on this machine. One process alone used {s['cpu_seconds'] / s['seconds']:.0%} "
        f"of a core (it also waits for answers and for SQLite), so workers overlap that waiting; "
        f"here every process shares the same {m['cores']} cores, on several machines each worker "
        f"brings its own.",
        "",
    ]
    total_pages = SITES * PAGES_PER_SITE
    window_s = WINDOW_DAYS * 24 * 3600
    rate = total_pages / window_s
    worker_cores = rate / per_core_worker
    coord_cores = rate / coord_ceiling
    concurrent = SITES * (PAGES_PER_SITE / POLITE_PAGES_PER_S) / window_s
    lines += [
        "### A national run in distributed mode (estimate)",
        "",
        f"Same assumptions as above: {SITES:,} sites × {PAGES_PER_SITE:,} pages = "
        f"{total_pages / 1e6:.0f} million pages in {WINDOW_DAYS} days, i.e. {rate:.0f} pages/s "
        f"for the whole country, each site at ≤ {POLITE_PAGES_PER_S:g} pages/s.",
        "",
        f"- CPU: {rate:.0f} ÷ {per_core_worker:.0f} pages per CPU second of worker ≈ "
        f"**{max(1, round(worker_cores + 0.5)):,} cores** busy all the time, plus "
        f"{rate:.0f} ÷ {coord_ceiling:.0f} ≈ {max(1, round(coord_cores + 0.5)):,} core(s) of "
        f"coordinators. This counts CPU seconds; the estimate above divides by the wall-clock "
        f"rate of one process on a loaded machine and is the more conservative of the two.",
        f"- Politeness bounds each site, not CPU: {concurrent:,.0f} sites must be crawled at once "
        f"to finish in {WINDOW_DAYS} days. Workers apply the per-host delay each on their own, "
        f"so N workers on one site send up to N × {POLITE_PAGES_PER_S:g} pages/s: more workers "
        f"speed up one site's crawl only where its owner allows that rate.",
        f"- Memory: {concurrent:,.0f} site crawls × (one worker ≈ {worker_peak:.0f} MB + one "
        f"coordinator ≈ {dist['coordinator']['peak_rss_mb']:.0f} MB, measured on a "
        f"{d['replica_pages']:,}-page site; a worker grows with the site, the structure is "
        f"copied into each) ≈ **{concurrent * (worker_peak + dist['coordinator']['peak_rss_mb']) / 1024:,.0f} GB** "
        f"over the fleet.",
        "- So the national run is split by site (`govaudit batch` per machine, or one "
        "coordinator per site with workers anywhere), and several workers per site are for the "
        "largest portals whose owners accept the higher rate.",
        "- Redis carries the queue, the requested-URL set (≈ 100 bytes per URL) and the "
        "facts in transit: one Redis with a few GB serves many concurrent crawls (each under "
        "its own key prefix).",
        "",
    ]
    return "\n".join(lines)
