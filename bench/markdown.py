"""docs/benchmarks.md and README.md's figures block, rendered from one benchmark run's results
(bench/run.py; the figures and verdicts from bench/figures.py). tests/test_bench_docs.py checks
that the committed document is what the newest results render, and that README quotes no
figure the document does not hold."""

from __future__ import annotations

import re
from pathlib import Path

from bench.distributed_md import load as distributed_results, section as distributed_section
from bench.figures import TARGETS, figures

README_START = "<!-- bench-figures: written by `python -m bench`, do not edit -->"
README_END = "<!-- /bench-figures -->"


def _ok(good: bool | None) -> str:
    return "not judged" if good is None else ("met" if good else "**not met**")


def _x(s: dict | None, digits: int = 2) -> str:
    """A spread over rounds: median (min–max, n rounds)."""
    if not s:
        return "not measured"
    if s["n"] == 1:
        return f"{s['median']:.{digits}f} (1 round)"
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f}, {s['n']} rounds)"


def _load(x: list) -> str:
    return ", ".join(f"{v:.1f}" for v in x)


def headline(r: dict) -> list[tuple[str, str, str, str]]:
    """(measure, result, target, verdict) rows, shared by the document and the README."""
    f, t, large = figures(r), TARGETS, r["large"]
    first, second = large["first"], large["second"]
    rows = [
        ("govaudit ÷ `scrapy bench`, pages per CPU-second",
         _x(f["govaudit/scrapy"]), f"≥ {t['vs_scrapy']}", _ok(f["govaudit/scrapy met"])),
        ("govaudit ÷ LinkChecker, pages ÷ requests per CPU-second",
         _x(f["govaudit/linkchecker"]), f"≥ {t['vs_linkchecker']}",
         _ok(f["govaudit/linkchecker met"])),
        (f"Crawl peak memory ({large['replica']['pages']:,}-page replica, "
         f"{first['requests']:,} requests)", f"{f['memory_mb']:.0f} MB",
         f"< {t['memory_mb']} MB at {t['memory_pages']:,} pages", _ok(f["memory met"])),
    ]
    if "million_s" in f:
        m = large["million"]
        rows.append((f"Checks over {m['items']:,} stored items",
                     f"{f['million_s']:.1f} s (the check call; whole process {m['wall_s']:.0f} s)",
                     f"< {t['million_s']} s for {t['million_items']:,}", _ok(f["million met"])))
    rows += [
        (f"Report (html, json, xlsx) for {large['audit1']['units']} units",
         f"{f['report_s']:.1f} s", f"< {t['report_s']} s for {t['report_units']} units",
         _ok(f["report met"])),
        ("Incremental re-audit, unchanged portal: requests",
         f"{f['reaudit_requests']:.1%} ({second['requests']:,} of {first['requests']:,})",
         f"≤ {t['reaudit_requests']:.0%}", _ok(f["reaudit_requests met"])),
        ("Incremental re-audit: crawl CPU", f"{f['reaudit_cpu']:.1%} ({second['cpu_s']:.0f} s "
         f"of {first['cpu_s']:.0f} s)", f"≤ {t['reaudit_cpu']:.0%}", _ok(f["reaudit_cpu met"])),
        ("Same findings after the re-audit", "yes" if f["same_findings"] else "**no**",
         "identical", _ok(f["same_findings"])),
    ]
    if "polite_audit_h" in f:
        rows += [
            (f"Polite default, {t['portal_pages']:,}-page portal: audit (projected)",
             f"{f['polite_audit_h']:.2f} h", f"< {t['polite_audit_h']:g} h",
             _ok(f["polite_audit met"])),
            (f"Polite default, {t['portal_pages']:,}-page portal: re-audit (projected)",
             f"{f['polite_reaudit_min']:.0f} min", f"< {t['polite_reaudit_min']:g} min",
             _ok(f["polite_reaudit met"])),
        ]
    else:
        rows.append(("Polite default projections", "not measured in this run (--polite-units 0)",
                     f"< {t['polite_audit_h']:g} h / < {t['polite_reaudit_min']:g} min",
                     _ok(None)))
    return rows


def _table(rows) -> list[str]:
    return ["| Measure | Result | Target | |", "|---|---|---|---|",
            *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)]


def _rounds(r: dict) -> list[str]:
    per = figures(r)["rounds"]
    out = ["| Round (order) | govaudit crawl | + its checks | scrapy bench | LinkChecker |",
           "|---|---|---|---|---|"]
    for n, (raw, rates) in enumerate(zip(r["throughput"]["rounds"], per), 1):
        g, c = raw["govaudit"], raw["govaudit_checks"]
        s, lc = raw.get("scrapy_bench", {}), raw.get("linkchecker", {})
        cells = [f"{n} ({' → '.join(raw['order'])})",
                 f"{g['requests']:,} pages, {g['wall_s']:.0f} s, {g['cpu_s']:.1f} CPU-s → "
                 f"**{rates['govaudit']:.1f}**/CPU-s; {g['peak_rss_mb']:.0f} MB; load "
                 f"{g['load_before'][0]:.1f}",
                 f"{c['cpu_s']:.1f} CPU-s → {rates['govaudit_audit']:.1f}/CPU-s"]
        cells.append(f"error: {s['error'][:120]}" if "error" in s else
                     f"{s['pages']:,} pages, {s['wall_s']:.0f} s, {s['cpu_s']:.1f} CPU-s (+ "
                     f"{s['children_cpu_s']:.1f} its mock site) → **{rates['scrapy']:.1f}**"
                     f"/CPU-s; {s['peak_rss_mb']:.0f} MB; load {s['load_before'][0]:.1f}")
        cells.append(f"error: {lc['error'][:120]}" if "error" in lc else
                     f"{lc['requests']:,} requests, {lc['wall_s']:.0f} s ({lc['cap_s']} s cap), "
                     f"{lc['cpu_s']:.1f} CPU-s → **{rates['linkchecker']:.1f}**/CPU-s; "
                     f"{lc['peak_rss_mb'] or lc['wait4_maxrss_mb']:.0f} MB; load "
                     f"{lc['load_before'][0]:.1f}")
        out.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    nulls = [raw["null_spider"] for raw in r["throughput"]["rounds"] if "null_spider" in raw]
    if nulls:
        out += ["", "Engine ceiling (bench/ceiling.py): a null Scrapy spider with govaudit's "
                "settings asking for the URLs govaudit's crawl of the round asked for, doing "
                "nothing with the answers: " + "; ".join(
                    f"{n['requests']:,} requests, {n['cpu_s']:.1f} CPU-s → "
                    f"**{n['requests'] / n['cpu_s']:.1f}**/CPU-s" for n in nulls) + "."]
    return out


def _large(r: dict) -> list[str]:
    large = r["large"]
    rep, first, second = large["replica"], large["first"], large["second"]
    a1, a2 = large["audit1"], large["audit2"]
    f = figures(r)
    lines = [
        f"- Replica: {rep['units']} units, {rep['pages']:,} pages ({rep['body_mb']:.0f} MB), "
        f"built in {rep['build_s']:.1f} s and every page rendered in {rep['render_s']:.0f} s "
        f"before the first crawl; the server process peaked at "
        f"{large['server'].get('hwm_mb', 0):.0f} MB and used {large['server'].get('cpu_s', 0):.0f} "
        f"CPU-s serving.",
        f"- First audit (`--incremental`, so it also fills the cache; politeness off): "
        f"{first['requests']:,} requests ({first['responses']:,} responses), {first['wall_s']:.0f} s "
        f"wall, {first['cpu_s']:.0f} CPU-s, peak {first['peak_rss_mb']:.0f} MB "
        f"(wait4 would say {first['wait4_maxrss_mb']:.0f} MB).",
        f"- Its checks: {a1['check_seconds']:.1f} s for {a1['items']:,} items, {a1['units']} units "
        f"({a1['cpu_s']:.1f} CPU-s for the process); report {a1['report_seconds']:.1f} s; "
        f"{large['findings']} findings.",
        f"- Re-audit of the unchanged portal (`--incremental`): {second['requests']:,} requests "
        f"({second['not_modified']:,} answered 304, {second['cache_hits']:,} pages reused), "
        f"{second['wall_s']:.0f} s wall, {second['cpu_s']:.0f} CPU-s; its checks "
        f"{a2['cpu_s']:.1f} CPU-s. Crawl and checks together: {f['reaudit_audit_cpu']:.0%} of "
        f"the first audit's CPU.",
    ]
    m = large.get("million")
    if m:
        lines.append(
            f"- Checks over {m['items']:,} items (the crawl's items copied, URLs made unique): "
            f"{m['check_seconds']:.1f} s for the check call, {m['wall_s']:.0f} s for the process "
            f"(imports and loading included), {m['cpu_total_s']:.0f} CPU-s with its second check "
            f"process, peak {m['peak_rss_mb']:.0f} MB (second process "
            f"{m.get('second_process_peak_rss_mb', 0):.0f} MB).")
    return lines


def _polite(r: dict) -> list[str]:
    p = r["polite"]
    settings = ", ".join(f"`{k}={v}`" for k, v in p["settings"].items())
    lines = [f"The crawler's polite defaults, read from crawler/settings.py in this run: "
             f"{settings}."]
    if "error" in p:
        return lines + ["", "Not measured in this run (`--polite-units 0`)."]
    f, t, pages = figures(r), TARGETS, p["replica"]["pages"]
    a, b = p["first"], p["second"]
    lines += [
        "",
        f"Measured: an incremental audit of a {p['replica']['units']}-unit replica "
        f"({pages:,} pages) at those settings: {a['requests']:,} requests in {a['wall_s']:.0f} s "
        f"({a['wall_s'] / a['requests']:.2f} s per request, delays included); the re-audit of "
        f"the unchanged replica: {b['requests']:,} requests ({b['not_modified']:,} answered "
        f"304) in {b['wall_s']:.0f} s."
        + (f" Of these wall times the crawl proper (Scrapy's spider open to close) took "
           f"{a['crawl_s']:.0f} s and {b['crawl_s']:.0f} s; the rest is the process starting, "
           f"and finishing the store." if a.get("crawl_s") and b.get("crawl_s") else ""),
        "",
        f"Projection: time per replica page × {t['portal_pages']:,} pages, i.e. "
        f"{a['wall_s']:.0f} s × {t['portal_pages']:,} / {pages:,} = "
        f"**{f['polite_audit_h']:.2f} h** for the audit and {b['wall_s']:.0f} s × "
        f"{t['portal_pages']:,} / {pages:,} = **{f['polite_reaudit_min']:.0f} min** for the "
        f"re-audit, from the whole command's wall time (what a user waits). Linear because at "
        f"these settings the per-host delay, paid per request, dominates and a portal's requests "
        f"grow with its pages; the small replica's fixed costs (start-up, robots.txt, "
        f"AutoThrottle's start delay, the county-level pages) weigh more on it than on a large "
        f"portal, most of all in the short re-audit, so on that count the projection errs "
        f"long; a real portal answers slower than loopback, which AutoThrottle turns into "
        f"longer delays, so on that count it errs short.",
    ]
    return lines


METHOD = [
    "## How it is measured",
    "",
    "- Every tool runs in its own process, started by a small launcher (bench/measure.py) from "
    "a benchmark process that imports neither the replica nor Scrapy. Peak memory is the "
    "tool process's own VmHWM, written at exit; CPU is that process's user + system time "
    "(all threads). wait4's ru_maxrss is recorded too but not used: Linux carries the parent's "
    "peak into it at exec.",
    "- The replica runs in its own process (bench/replica_serve.py) with every page rendered "
    "before any tool runs, and counts the requests it serves; the benchmark reads the count "
    "before and after each tool. govaudit's and LinkChecker's work is the requests the replica "
    "served; `scrapy bench` crawls its own mock site, so its work is its own "
    "`response_received_count`, and the mock site's CPU (a child process of the command) is "
    "listed apart, as the replica server's CPU is not counted against govaudit.",
    "- Peers at their fastest documented settings: `scrapy bench` as shipped (Scrapy's own "
    "settings for it, 10 s); LinkChecker with its default 10 threads, only internal links, "
    "`maxrequestspersecond=1000` and the replica answering with the `LinkChecker` header, "
    "which is how its documentation lets a site lift the per-host limit (otherwise it waits "
    "0.1–0.6 s between two requests to one host), console output off (`-o none`), stopped "
    "by its own `maxrunseconds`.",
    "- The throughput rounds interleave the tools and rotate their order; each ratio is "
    "computed within a round and reported as median (min–max). A ratio meets its target only "
    "if every round does. govaudit's crawl parses every page, reads the attachments and stores "
    "the facts; the peers do neither. The \"+ its checks\" column adds the CPU of the checks of "
    "that crawl (the whole audit but the report).",
    "- Load average is read before every tool (the rounds table) and for the whole run above: "
    "on a shared machine wall times move with it, CPU times much less.",
]


def render(r: dict) -> str:
    m = r["machine"]
    thr = r["throughput"]
    o = r["options"]
    lines = [
        "# Benchmarks",
        "",
        "Written in one run by `.venv/bin/python -m bench` (bench/run.py); rerun it to reproduce "
        "every figure below but the last section's (distributed mode, measured by its own "
        "command, `python -m bench.distributed`, and kept when this file is rewritten). "
        "`--help` for the sizes, `--quick` for a development run; the raw results are in "
        "`bench/results-DATE.json`.",
        "",
        "## Machine and run",
        "",
        f"- Date: {r['date']}; the run took {r['minutes']:.0f} min.",
        f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory']}; {m['os']}",
        f"- Python {m['python']}, Scrapy {m['scrapy']}, {thr.get('linkchecker_version') or 'LinkChecker not run'}",
        f"- Load average (1/5/15 min) before: {_load(m['load_before'])}; after: "
        f"{_load(m['load_after'])}",
        f"- The benchmark process itself peaked at {r.get('bench_process_peak_mb', 0):.0f} MB "
        f"(it spawns every tool and the replica servers; it builds and crawls nothing).",
        f"- Command: `.venv/bin/{r['command']}`",
        f"- Sizes: throughput replica {o['ab_units']} units ({thr['replica']['pages']:,} pages), "
        f"{o['repeats']} round(s); large replica {o['units']} units; {o['items']:,} items for "
        f"the checks; polite replica {o['polite_units']} units; seed {o['seed']}, as of "
        f"{o['as_of']}" + (" (`--quick`: not the targets' sizes)" if o["quick"] else "") + ".",
    ]
    if r.get("note"):
        lines.append(f"- Note: {r['note']}")
    lines += ["", "## Results", "", *_table(headline(r)), "",
              "## Crawl throughput, round by round", "",
              f"Replica of {thr['replica']['pages']:,} pages, rendered before the rounds in "
              f"{thr['replica']['render_s']:.0f} s. Rates are work per CPU-second of the tool's "
              f"own process.", "", *_rounds(r), "",
              "## The large audit", "", *_large(r), "",
              "## At the polite default", "", *_polite(r), "", *METHOD, ""]
    # Measured by its own command (bench/distributed.py) and kept when this file is rewritten.
    lines.append(distributed_section(distributed_results()))
    return "\n".join(lines) + "\n"


def readme_block(r: dict) -> str:
    rows = headline(r)
    quick = (" A `--quick` development run: sizes below the targets', so most targets are not "
             "judged." if r["options"]["quick"] else "")
    return "\n".join([README_START, "", f"Measured {r['date']} (`{r['command']}`; "
                      f"load average {_load(r['machine']['load_before'])} before; method and "
                      f"details: docs/benchmarks.md).{quick}", "",
                      *_table(rows), "", README_END])


def write_readme_block(readme: Path, r: dict) -> None:
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{readme} has no benchmark figures block ({README_START!r})")
    readme.write_text(pattern.sub(lambda _: readme_block(r), text), encoding="utf-8")
