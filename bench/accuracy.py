"""`python -m bench.accuracy --seeds 50`: audit generated portals (replica.portalgen, seeds
0..N-1) and write recall and precision of the planted-defect rules, overall and per layout-axis
value, with how much of each portal the crawl found, into `docs/accuracy.md` between the
`<!-- portals:start -->` / `<!-- portals:end -->` markers (the rest of the file is left alone).

Results are also saved as JSON (`--results`), so the table can be rendered again
(`--render-only`) without crawling.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench.accuracy_run import RULES, audit_seed

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "accuracy.md"
RESULTS = ROOT / "bench" / "accuracy-results.json"
START, END = "<!-- portals:start -->", "<!-- portals:end -->"
AS_OF = "2026-11-27"


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.0f}%" if den else "–"


def _sum(results: list[dict], rule: str) -> tuple[int, int, int]:
    tp = sum(r["counts"].get(rule, {}).get("tp", 0) for r in results)
    fp = sum(r["counts"].get(rule, {}).get("fp", 0) for r in results)
    fn = sum(r["counts"].get(rule, {}).get("fn", 0) for r in results)
    return tp, fp, fn


def _found(results: list[dict], what: str) -> str:
    got = sum(r[what][0] for r in results)
    total = sum(r[what][1] for r in results)
    return f"{got}/{total} ({_pct(got, total)})"


def scored_rules(run: dict) -> tuple[str, ...]:
    """The rules scored in `run` (a run recorded before a rule was planted does not show it)."""
    seen = {rule for r in run["results"] + run.get("holdout", []) for rule in r.get("counts", {})}
    return tuple(rule for rule in RULES if rule in seen)


def render(run: dict) -> str:
    rules = scored_rules(run)
    results = [r for r in run["results"] if not r.get("error")]
    failed = [r for r in run["results"] if r.get("error")]
    lines = [
        START,
        "## Generated portals (issue 13, part 5)",
        "",
        f"Produced by `python -m bench.accuracy --seeds {run['seeds']}"
        + (f" --holdout {len(run['holdout'])}" if run.get("holdout") else "")
        + f"` on {run['date']} "
        f"(audit date {run['as_of']}), {len(run['results'])} seeds "
        f"({run['first']}..{run['first'] + run['seeds'] - 1}) in {run['seconds']:.0f} s, code at "
        f"commit `{run.get('commit', '?')}`. "
        f"Machine: {run['machine']}; load average {run['load_before']} before and "
        f"{run['load_after']} after. The machine was shared with other agents' crawls and test "
        "runs while this ran, so the times are not benchmarks; the counts do not depend on load.",
        "",
        "Each seed is a small county portal (replica/portalgen: the county government, 3–5 "
        "departments, 2 towns) whose layout is drawn along independent axes, with defects planted "
        "at random and recorded in its manifest. "
        + ("The crawl was given the second host with `--hosts`. " if run.get("give_hosts") else
           "The crawl runs without `--hosts`, so units on the second host (127.0.0.2) count "
           "only when discovery finds them. ")
        + "A finding is a true "
        "positive when it names the planted rule, unit and location (govaudit/groundtruth.py); "
        "only `fail` findings count (未能核验 is no accusation), except for the two rules that "
        "never fail: `content.serious-error` (疑似) and `document.unreadable` (未能核验 by nature) "
        "count the status they are declared with.",
        "",
        "To look at one portal: `python -m replica.portalgen show --seed N` (layout, units, "
        "planted defects); `python -m replica.portalgen serve --seed N --manifest m.json "
        "[--set nav_form=a-href …]` serves it and writes its manifest with real URLs. "
        "`tests/test_portalgen_e2e.py` audits seeds 0–7 and two portals of the built-in "
        "replica's layout; every one must be exact, and no `column.missing` may rest on a unit "
        "whose navigation was not fully read.",
        "",
        "### Per rule, all seeds",
        "",
        "| rule | planted | found | missed | wrong findings | recall | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in rules:
        tp, fp, fn = _sum(results, rule)
        lines.append(f"| `{rule}` | {tp + fn} | {tp} | {fn} | {fp} | {_pct(tp, tp + fn)} | "
                     f"{_pct(tp, tp + fp)} |")
    exact = sum(1 for r in results if not r["missed"] and not r["unexpected"])
    held = [r for r in run.get("holdout") or [] if not r.get("error")]
    if held:
        first = held[0]["seed"]
        lines += ["", f"Hold-out seeds {first}..{held[-1]['seed']} (not looked at while the "
                  "crawler was tuned on the seeds above):", "",
                  "| rule | planted | found | missed | wrong findings | recall | precision |",
                  "|---|---|---|---|---|---|---|"]
        for rule in rules:
            tp, fp, fn = _sum(held, rule)
            lines.append(f"| `{rule}` | {tp + fn} | {tp} | {fn} | {fp} | {_pct(tp, tp + fn)} "
                         f"| {_pct(tp, tp + fp)} |")
        held_exact = sum(1 for r in held if not r["missed"] and not r["unexpected"])
        lines += ["", f"Hold-out: units found {_found(held, 'units')}; columns found "
                  f"{_found(held, 'columns')}; seeds audited exactly {held_exact}/{len(held)}."]
    lines += ["", f"Units found: {_found(results, 'units')}; columns found: "
              f"{_found(results, 'columns')}; seeds audited exactly (nothing missed, nothing "
              f"wrong): {exact}/{len(results)}."
              + (f" Seeds that failed to run: {', '.join(str(r['seed']) for r in failed)}."
                 if failed else ""), ""]
    missed = [d for r in results for d in r["missed"]]
    unseen = sum(1 for d in missed if d.get("unit_found") is False)
    wrong = [f for r in results for f in r["unexpected"]]
    by_kind: dict = {}
    for f in wrong:
        k = (f["rule"], f.get("unit_kind") or "unit not in the manifest")
        by_kind[k] = by_kind.get(k, 0) + 1
    missed_by: dict = {}
    for d in missed:
        missed_by[d["rule"]] = missed_by.get(d["rule"], 0) + 1
    lines += ["### Where it goes wrong", "",
              f"- {len(missed)} planted defects missed; {unseen} of them lie in a unit the crawl "
              "never found (its landing page is not among the crawled units)"
              + (": " + ", ".join(f"{n} `{rule}`" for rule, n in
                                  sorted(missed_by.items(), key=lambda kv: -kv[1]))
                 if missed_by else "") + ".",
              f"- {len(wrong)} wrong findings"
              + (": " + ", ".join(f"{n} `{rule}` on {kind}" for (rule, kind), n in
                                  sorted(by_kind.items(), key=lambda kv: -kv[1]))
                 if by_kind else "") + ".", ""]
    lines += ["### Per layout-axis value", "",
              "Recall / precision per rule for the seeds having that value (– where nothing was "
              "planted or found).", ""]
    short = {"column.missing": "missing", "column.empty": "empty", "column.stale": "stale",
             "annual-report.missing": "report missing", "annual-report.late": "report late",
             "link.broken": "broken link", "privacy.exposed": "privacy",
             "disclosure.late": "late item", "budget.missing": "budget", "guide.incomplete":
             "guide incomplete", "guide.outdated": "guide outdated", "homepage.stale": "homepage",
             "budget.tables-missing": "budget tables", "budget.sangong-incomplete": "三公",
             "budget.narrative-incomplete": "budget narrative",
             "interpretation.missing": "no 解读", "interpretation.late": "late 解读",
             "content.serious-error": "serious error", "document.unreadable": "unreadable",
             "annual-report.incomplete": "report incomplete",
             "annual-report.outdated-template": "report template",
             "annual-report.residue": "report residue"}
    for axis in results[0]["layout"] if results else []:
        lines += [f"**{axis}**", "",
                  "| value | seeds | units | columns | " + " | ".join(short.get(r, r) for r in rules) + " |",
                  "|---|---|---|---|" + "---|" * len(rules)]
        values = sorted({r["layout"][axis] for r in results})
        for value in values:
            group = [r for r in results if r["layout"][axis] == value]
            cells = []
            for rule in rules:
                tp, fp, fn = _sum(group, rule)
                cells.append(f"{_pct(tp, tp + fn)} / {_pct(tp, tp + fp)}")
            lines.append(f"| {value} | {len(group)} | {_found(group, 'units')} | "
                         f"{_found(group, 'columns')} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["### Per seed", "",
              "| seed | layout | units | columns | found | missed | wrong | pages | s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in run["results"]:
        if r.get("error"):
            lines.append(f"| {r['seed']} | failed: {r['error'][-80:]!r} | | | | | | | |")
            continue
        tp = sum(c["tp"] for c in r["counts"].values())
        fp = sum(c["fp"] for c in r["counts"].values())
        fn = sum(c["fn"] for c in r["counts"].values())
        layout = " ".join(r["layout"].values())
        lines.append(f"| {r['seed']} | {layout} | {r['units'][0]}/{r['units'][1]} | "
                     f"{r['columns'][0]}/{r['columns'][1]} | {tp} | {fn} | {fp} | {r['pages']} | "
                     f"{r['seconds']} |")
    lines += ["", END]
    return "\n".join(lines)


def compact(result: dict) -> dict:
    """What the table needs of one seed's result (the full lists stay in memory only)."""
    out = dict(result)
    out["missed"] = [{k: d.get(k) for k in ("rule", "unit", "category", "unit_found")}
                     for d in result["missed"]]
    out["unexpected"] = [{k: f.get(k) for k in ("rule", "unit", "category", "unit_kind")}
                         for f in result["unexpected"]]
    return out


def write_section(text: str, doc: Path = DOC) -> None:
    """Replace the portals section of `doc` (or add it), leaving everything else as it is."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Accuracy\n\n"
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + text + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(new, encoding="utf-8")


def commit() -> str:
    """The code audited: the worktree's commit (and whether it had local changes)."""
    import subprocess

    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip() or "?"
    except OSError:
        return "?"


def machine() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__)
    ap.add_argument("--seeds", type=int, default=50, help="how many seeds (from --first)")
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--doc", type=Path, default=DOC)
    ap.add_argument("--results", type=Path, default=RESULTS)
    ap.add_argument("--render-only", action="store_true", help="re-render saved results")
    ap.add_argument("--holdout", type=int, default=0,
                    help="also audit this many further seeds, after the others, and show them "
                         "apart: seeds nobody looked at while the crawler was tuned")
    ap.add_argument("--give-hosts", action="store_true",
                    help="pass the second host as --hosts (not for the committed table)")
    args = ap.parse_args(argv)
    if args.render_only:
        write_section(render(json.loads(args.results.read_text(encoding="utf-8"))), args.doc)
        return 0
    as_of = dt.date.fromisoformat(args.as_of)
    run = {"seeds": args.seeds, "first": args.first, "as_of": args.as_of,
           "give_hosts": args.give_hosts, "commit": commit(),
           "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": machine(), "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
           "results": []}
    started = time.monotonic()
    held = range(args.first + args.seeds, args.first + args.seeds + args.holdout)
    run["holdout"] = []
    with tempfile.TemporaryDirectory(prefix="accuracy-") as work:
        for seed in [*range(args.first, args.first + args.seeds), *held]:
            result = audit_seed(seed, as_of, Path(work), give_hosts=args.give_hosts)
            (run["holdout"] if seed in held else run["results"]).append(
                compact(result.to_dict()))
            tp = sum(c["tp"] for c in result.counts.values())
            print(f"seed {seed}: found {tp}, missed {len(result.missed)}, "
                  f"wrong {len(result.unexpected)}, units {result.units}, "
                  f"{result.seconds}s{' ERROR' if result.error else ''}", flush=True)
    run["seconds"] = time.monotonic() - started
    run["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    args.results.write_text(json.dumps(run, ensure_ascii=False) + "\n", encoding="utf-8")
    write_section(render(run), args.doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
