"""docs/benchmarks.md from one benchmark run's results (bench/run.py)."""

from __future__ import annotations

from bench.distributed_md import load as distributed_results, section as distributed_section
from bench.million_md import load as million_results, section as million_section

# The crawl's peak memory at ≈ 50,000 pages, measured on its own (a full `python -m bench` at that
# size takes over an hour on this shared machine): the same probe the benchmark runs, against
# `python -m replica serve --size 850 --as-of 2026-11-27` on loopback, both at nice 19.
MEMORY_AT_50K = {
    "command": "python -m bench.crawl_probe URL DB STATS.json",
    "date": "2026-11-27 10:52–11:26 UTC",
    "conditions": "load average 8–13 from other test suites on the 2 cores",
    "units": 851, "pages": 50301, "items": 34438, "peak_mb": 237.46, "wall_min": 34,
}


def report_verdict(a1: dict, targets: dict) -> str:
    if a1["units"] >= 200:
        return _ok(a1["report_seconds"] < targets["report_s"])
    at_200 = a1["report_seconds"] * 200 / a1["units"]  # report work is per unit page
    return f"{_ok(at_200 < targets['report_s'])} (200 units ≈ {at_200:.1f} s, scaled linearly)"


def gaps(r: dict, targets: dict) -> list[str]:
    """What is not met, and why (the causes are known from profiling, see each line)."""
    out = []
    million = r["million"]
    if million["check_seconds"] >= targets["million_check_s"]:
        a1 = r["audit1"]
        out.append(
            f"- **Checks over a million items: {million['check_seconds']:.1f} s, not < "
            f"{targets['million_check_s']} s, on this {r['units']}-unit crawl.** The cost "
            f"follows the portal's documents, not its item count: the checks of the crawl "
            f"itself ({a1['items']:,} items, {a1['units']} units) take "
            f"{a1['check_seconds']:.1f} s, most of it reading each unit's budget and final "
            f"accounts tables, annual reports and attachments for personal numbers; copying "
            f"the items to a million adds list entries, not documents. The same measurement on "
            f"a 40-unit crawl copied to a million items meets the target (\"Checks over a "
            f"million items\" below), and so did a 150-unit one (9.3 s, 2026-11-27 13:33 UTC). "
            f"Closing it at this size needs the document analyses themselves spread over "
            f"processes (today the budget, annual-report and interpretation families share "
            f"one), or cheaper table reading.")
    if not _full_size(r):
        m = MEMORY_AT_50K
        out.append(
            f"- Peak memory at 50,000 pages: this run's replica is smaller, so the crawl's memory "
            f"at that size comes from a separate run of the same probe (`{m['command']}`, "
            f"{m['date']}, {m['conditions']}): **{m['peak_mb']:.0f} MB for {m['pages']:,} pages** "
            f"({m['units']} units, {m['items']:,} items, {m['wall_min']:.0f} min of wall time), "
            f"under the {targets['crawl_peak_mb']} MB target. It grows with the scheduler queue "
            f"and the spider's per-URL sets, about linearly in pages.")
    share = r["second"]["server_requests"] / r["first"]["server_requests"]
    verdict = ("" if share <= targets["incremental_share"] else
               f"**not met at this size ({share:.1%} > {targets['incremental_share']:.0%})**; ")
    out.append(
        f"- Incremental re-audit ({verdict}{share:.1%} here): one conditional request per judged column "
        f"list, unit page and the homepage is the floor (≈ 13% of this replica's pages; a "
        f"portal with more articles per column does better). Columns judged for presence only "
        f"(制度, 依申请公开: no freshness window, no rule reads their entries) are not re-asked "
        f"when the previous complete crawl read them completely and found entries "
        f"(crawler/incremental.py, `REUSE_CATEGORIES`): without that, the 61-unit replica of "
        f"tests/test_incremental.py needed 16.9% (14.0% with it; the test guards 15% and "
        f"identical findings). The cost: a re-audit does not see such a column emptied or "
        f"given new entries, which cannot turn into a new accusation since it existed and was "
        f"not empty.")
    return out


def _full_size(r: dict) -> bool:
    """The run's replica has the issue's 50,000 pages (the crawler fetches fewer: list pages
    past what freshness needs and pages nothing links to are not requested)."""
    return r["replica_pages"] >= 50000


def _ok(good: bool | None) -> str:
    return "—" if good is None else ("met" if good else "**not met**")


def render(r: dict, targets: dict) -> str:
    m = r["machine"]
    first, second, a1 = r["first"], r["second"], r["audit1"]
    ours = first["responses"] / first["seconds"]
    sb = r["scrapy_bench"]
    ratio = ours / sb["pages_per_s"]
    peer = r["peer"]
    share = second["server_requests"] / first["server_requests"]
    mem_per_50k = first["peak_rss_mb"]
    million = r["million"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `.venv/bin/python -m bench` (bench/run.py); rerun it to reproduce every "
        "number below (`--units N` for another replica size, `--help` for the rest). Each "
        "measurement runs in its own process; memory is that process's peak resident set "
        "(`wait4`), times are wall-clock.",
        "",
        "## Machine and run",
        "",
        f"- Date: {r['date']}",
        f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory']}; {m['os']}",
        f"- Python {m['python']}, Scrapy {m['scrapy']}",
        f"- Load average (1/5/15 min) before: {', '.join(f'{x:.1f}' for x in m['load_before'])}; "
        f"after: {', '.join(f'{x:.1f}' for x in m['load_after'])}",
        f"- Replica: seed {r['seed']}, {r['units']} units, {r['replica_pages']} pages, "
        f"as of {r['as_of']}; served on loopback by the benchmark process "
        f"(Python `ThreadingHTTPServer`, sharing the same cores).",
    ]
    if r.get("command"):
        lines.append(f"- Command: `.venv/bin/{r['command']}`")
    if r.get("note"):
        lines.append(f"- Note: {r['note']}")
    lines += [
        "",
        "## Results",
        "",
        "| Measure | Result | Target | |",
        "|---|---|---|---|",
        f"| Crawl throughput, politeness off | {ours:.1f} pages/s ({first['responses']} responses "
        f"in {first['seconds']:.0f} s) | ≥ 0.5 × `scrapy bench` | |",
        f"| `scrapy bench` on this machine (engine ceiling) | {sb['pages_per_s']:.1f} pages/s "
        f"({sb['pages']} pages in {sb['seconds']:.0f} s) | | |",
        f"| **govaudit / scrapy bench** | **{ratio:.2f}** | ≥ {targets['throughput_ratio']} | "
        f"{_ok(ratio >= targets['throughput_ratio'])} |",
    ]
    if "error" in peer:
        error = " ".join(str(peer["error"]).split())[:300].replace("|", "/")
        lines.append(f"| LinkChecker on the same replica | not measured: {error} | | |")
    else:
        lines += [
            f"| LinkChecker {peer['version'].split()[1]} on the same replica (10 threads, "
            f"{peer['seconds']:.0f} s cap) | {peer['urls_per_s']:.1f} URLs/s ({peer['urls']} "
            f"URLs), peak {peer['peak_rss_mb']:.0f} MB | | |",
            f"| **govaudit / LinkChecker** | **{ours / peer['urls_per_s']:.2f}** | | |",
        ]
    separate = (f"met at this size; at {MEMORY_AT_50K['pages']:,} pages "
                f"{MEMORY_AT_50K['peak_mb']:.0f} MB in a separate run (see gaps): met")
    lines += [
        f"| Crawl peak memory | {mem_per_50k:.0f} MB for {first['responses']} responses "
        f"({r['replica_pages']:,}-page replica) | "
        f"< {targets['crawl_peak_mb']} MB for 50,000 | "
        f"{_ok(mem_per_50k < targets['crawl_peak_mb']) if _full_size(r) else separate} |",
        f"| Checks of the crawl | {a1['check_seconds']:.1f} s for {a1['items']} items, "
        f"{a1['units']} units | | |",
        f"| Checks over ≥ 1,000,000 stored items | {million['check_seconds']:.1f} s for "
        f"{million['items']} items"
        + (f" ({million['process_cpu_seconds']:.0f} s CPU)" if million.get("process_cpu_seconds")
           else "")
        + f", peak {million['process_peak_rss_mb']:.0f} MB | "
        f"< {targets['million_check_s']} s | "
        f"{_ok(million['check_seconds'] < targets['million_check_s'])} |",
    ]
    speeds = r.get("test_speeds")
    if speeds:
        lines += [
            f"| Building the large replica (`build_site(size=\"large\")`) | "
            f"{speeds['replica_large_build_s']:.1f} s for {speeds['replica_large_pages']} pages | "
            f"< {targets['replica_large_build_s']} s | "
            f"{_ok(speeds['replica_large_build_s'] < targets['replica_large_build_s'])} |",
            f"| Crawl of the tests' default replica | {speeds['test_replica_crawl_s']:.0f} s for "
            f"{speeds['test_replica_pages']} responses | < {targets['test_replica_crawl_s']} s | "
            f"{_ok(speeds['test_replica_crawl_s'] < targets['test_replica_crawl_s'])} |",
        ]
    lines += [
        f"| Report (html, json, xlsx) | {a1['report_seconds']:.1f} s for {a1['units']} units | "
        f"< {targets['report_s']} s for 200 units | "
        f"{report_verdict(a1, targets)} |",
        f"| Incremental re-audit, unchanged portal | {second['server_requests']} requests vs "
        f"{first['server_requests']} = **{share:.1%}** ({second['revalidated_304']} answered 304, "
        f"{second['cache_hits']} pages reused), {second['seconds']:.0f} s | "
        f"≤ {targets['incremental_share']:.0%} | {_ok(share <= targets['incremental_share'])} |",
        f"| Same findings after the re-audit | {'yes' if r['same_findings'] else '**no**'} "
        f"({r['findings']} findings) | identical | {_ok(r['same_findings'])} |",
        "",
        "Requests are counted by the replica server (what a portal would see); the first crawl "
        "fills the incremental cache, so its throughput includes that cost. `scrapy bench` "
        "crawls Scrapy's own mock site (a tiny page of links per request, no parsing of "
        "content, nothing stored): it is the engine's ceiling on this machine, not a like-for-like "
        "crawler. LinkChecker is given the same replica with its default 10 threads for a "
        "fixed time; its rate is URLs checked per second.",
        "",
    ]
    if speeds:
        lines += [
            "The replica build and default-replica crawl rows were wall-clock limits inside unit "
            "tests (`test_large_size_is_fast_and_big`, "
            "`test_crawl_completes_quickly_with_the_site_name`) that failed whenever the machine "
            "was busy; the tests keep their functional checks and the benchmark measures these "
            "speeds (step 5, `test_speeds` in bench/run.py).",
            "",
        ]
    found = gaps(r, targets)
    if found:
        lines += ["## Gaps, separate measurements and their causes", "", *found, ""]
    # Measured by its own command (bench/million.py), kept when this file is rewritten.
    lines.append(million_section(million_results()))
    lines += national(r, ours)
    # Measured by its own command (bench/distributed.py), kept when this file is rewritten.
    lines.append(distributed_section(distributed_results()))
    return "\n".join(lines) + "\n"


# Assumptions of the national estimate (stated in the output, change them here).
SITES = 14_000
POLITE_PAGES_PER_S = 2.0  # DOWNLOAD_DELAY 0.5 s per host: at most ~2 pages/s, AutoThrottle slower
WINDOW_DAYS = 7


def national(r: dict, ours: float) -> list[str]:
    """What a national run would need, from this run's per-process figures."""
    pages = r["replica_pages"]
    peak = r["first"]["peak_rss_mb"]
    site_hours = pages / POLITE_PAGES_PER_S / 3600
    concurrent = SITES * site_hours / (WINDOW_DAYS * 24)
    cores = concurrent * POLITE_PAGES_PER_S / ours
    ram_gb = concurrent * peak / 1024
    incremental = r["second"]["server_requests"] / r["first"]["server_requests"]
    return [
        "## A national run (estimate)",
        "",
        f"Assumptions: {SITES:,} sites of {pages:,} pages each (this replica; real county "
        f"portals range from a few thousand to about a hundred thousand pages), crawled politely "
        f"at ≤ {POLITE_PAGES_PER_S:g} pages/s per site (crawler/settings.py: 0.5 s delay per "
        f"host, AutoThrottle only slows down), within {WINDOW_DAYS} days.",
        "",
        f"- One site takes {site_hours:.1f} h of wall time; politeness, not CPU, bounds it: a "
        f"crawl process here does {ours:.0f} pages/s unthrottled, so a polite crawl uses "
        f"{POLITE_PAGES_PER_S / ours:.0%} of a core.",
        f"- {SITES:,} sites × {site_hours:.1f} h in {WINDOW_DAYS * 24} h → about "
        f"**{concurrent:,.0f} site crawls at once**.",
        f"- CPU: {concurrent:,.0f} × {POLITE_PAGES_PER_S:g} pages/s ÷ {ours:.0f} pages/s per "
        f"core ≈ **{max(1, round(cores)):,} core(s)** (measured on this machine's cores).",
        f"- Memory: {concurrent:,.0f} × {peak:.0f} MB peak per site crawl ≈ "
        f"**{ram_gb:,.0f} GB** in total, e.g. {max(1, round(ram_gb / 32)):,} machine(s) with "
        f"32 GB running `govaudit batch` on a share of the list each.",
        f"- An incremental re-audit of an unchanged site asks about {incremental:.0%} of the "
        f"first audit's requests, so once the first full run is done the same fleet re-audits "
        f"the country in about {incremental * WINDOW_DAYS * 24:.0f} h (new items add to it).",
        "",
    ]
