"""The "Checks over a million items" section of docs/benchmarks.md, from `python -m bench.million
--json bench/million-results.json` (kept when the file is rewritten by `python -m bench`)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "million-results.json"
TARGET_S = 10

# What each step changed, oldest first (the measured numbers are in the table).
HISTORY = [
    "Session 3 (e9dd0a5 → df5b90c): the snapshot read with plain sqlite3 and frozen by C-level "
    "`map`/`zip`, lookups built lazily without a Python step per row, one title prefilter "
    "shared by the rules that scan titles, `content.serious-error` searching all titles joined "
    "into one string, findings written with one `executemany`: 28 s → 19 s of CPU.",
    "Items on demand (checks/facts.py): items are no longer held in memory; rules ask the "
    "store for one column's items (index), the items at a URL (new index `items(crawl_id, "
    "url)`), titles holding given characters (SQLite `instr`), per-column counts, and SQL "
    "gives `disclosure.late` a necessary condition of lateness (published more than the "
    "shorter limit's days after writing, or dates SQL cannot compare), so the million timely "
    "items never reach Python; `column.stale` reads a column only up to its first fresh "
    "item; stored dates are parsed once per distinct string.",
    "Budget and annual-report analyses (checks/documents/, checks/rules/annual_*.py): each "
    "distinct listed title classified and attributed to a unit once, each document read once "
    "per kind, the unit a title names found in one scan of the title, cheaper table and 三公 "
    "matching (about 1.5 s of that gain is due only to the copied titles: on a real crawl "
    "titles are distinct).",
    "Items per unit counted by a walk of the table, not through the crawl's index (1.5 s → "
    "0.4 s); the cyclic garbage collector paused while rules run (it walked the lookups' "
    "long-lived rows at each oldest-generation pass, ≈ 0.7 s).",
    "Two processes (checks/parallel.py): on two CPUs, the rules that work from no stored "
    "analysis run in a second process over its own snapshot while the runner evaluates the "
    "budget, annual-report and interpretation families and stores the analyses; findings are "
    "merged in pack order. The interpretation rules and their coverage analyser share one "
    "list of documents per snapshot (`Facts.derived`); evidence is encoded by one reused JSON "
    "encoder.",
]


# Where the time goes now (profiled on this machine, 2026-11-27, CPU seconds; update with the
# code): what is left is each rule's own work over what it must read.
PROFILE = (
    "Where the time goes now (CPU seconds, profiled 2026-11-27 on this store and on the "
    "150-unit one of `python -m bench`): the runner's process is the longer one: the budget, "
    "annual-report and interpretation families ≈ 4–6 (their analyses included; "
    "`interpretation.missing` alone writes 41,000–61,000 findings, one per copied policy "
    "document), storing the analyses ≈ 0.7, then writing the findings once both processes are "
    "done ≈ 1.1–1.8. The second process meanwhile: start-up and snapshot ≈ 1, "
    "`content.serious-error` ≈ 1.8 (every title read and searched), `disclosure.late` ≈ 1.5 "
    "(SQL's lateness condition over every item), the other rules ≈ 1."
)


def load() -> dict | None:
    try:
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _runs(values: list[float], unit: str) -> str:
    return ", ".join(f"{v:.1f} {unit}" for v in values)


def _row(name: str, v: dict, findings_note: str) -> str:
    memory = f"{v['check_peak_rss_mb']:,} MB"
    if v.get("second_process_peak_rss_mb"):
        memory += f" + {v['second_process_peak_rss_mb']:,} MB (second process)"
    return (f"| {name} | {_runs(v['check_seconds'], 's')} | {_runs(v['process_cpu_s'], 's')} | "
            f"{memory} | {v['findings']:,}{findings_note} |")


def section(d: dict | None) -> str:
    lines = ["## Checks over a million items", ""]
    if d is None:
        return "\n".join(lines + ["Not measured yet: run `python -m bench.million --json "
                                  "bench/million-results.json`.", ""])
    current = d["current"]
    met = current["median_s"] < TARGET_S
    load = ", ".join(f"{x:.1f}" for x in d["machine"]["load_before"])
    baseline = d.get("baseline_name") or "the baseline"
    same = "identical fingerprints" if d.get("same_findings") else "**findings differ**"
    lines += [
        f"Measured {d['date']} with `{d['command']}`"
        + (f" (the baseline tree made by `git archive {d['baseline_name']} | tar -x -C DIR`)"
           if d.get("baseline_name") else "")
        + f" on {d['machine']['cpus']} CPUs (load "
        f"average before: {load}). It crawls a {d['units']}-unit replica ({d['pages']:,} pages), "
        f"copies the crawl's items until the store holds {d['items']:,} (as `python -m bench` "
        f"does), then runs the checks over fresh copies of that store in fresh interpreters, "
        f"alternating the versions so that load hits them alike. Wall time is the check call; "
        f"CPU time is the whole probe process and its second check process, imports included."
        + (f" {d['note']}" if d.get("note") else ""),
        "",
        "| Version | Check wall time | CPU time | Peak memory | Findings |",
        "|---|---|---|---|---|",
    ]
    if d.get("baseline"):
        lines.append(_row(f"Before ({baseline})", d["baseline"], ""))
    lines.append(_row("Now, one process (forced)", d["current_one_process"], f", {same}"))
    lines.append(_row("Now, as the runner chooses (two processes)", current, f", {same}"))
    lines += [
        "",
        f"Target < {TARGET_S} s: **{'met' if met else 'not met'}** (median "
        f"{current['median_s']:.1f} s).",
        "",
        "The store is artificial: the crawl's items copied about a thousand times (same titles, "
        "columns and units; URLs made unique), so 12% of its titles are budget disclosures with "
        "~1,000 member items each and one column holds thousands of copies of the same "
        "articles. The budget and annual-report analyses are heavier here than on any real "
        "portal, and 43,000 findings (one per copied policy document without 解读) are written.",
        "",
        PROFILE,
        "",
        "What changed, step by step:",
        "",
        *[f"- {step}" for step in HISTORY],
        "",
    ]
    return "\n".join(lines)
