"""The million-item check measurement alone, with an optional before/after comparison in the
same run: `python -m bench.million [--units 40] [--baseline SRC_DIR] [--repeat 2] [--json F]`.

Builds a replica of `--units` units, crawls it once (politeness off, loopback), copies the
crawl's items until the store holds `--items` (as `python -m bench` does), then runs the checks
over it in a fresh interpreter (bench/check_probe.py), `--repeat` times. With `--baseline`, a
source tree of another version (e.g. `git archive <commit> | tar -x -C DIR`) is measured on a
copy of the same store, alternating with this tree, so a noisy shared machine affects both
alike; the findings of both must be the same. This tree is measured as the runner chooses
(two processes on two CPUs, checks/parallel.py) and forced to one process, so the two effects
show apart. Prints one JSON object; `--json` also writes it. (`python -m bench` measures the
checks over a million items of the current tree in its own run, docs/benchmarks.md.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import steps
from bench.procs import ROOT, Replica, must, run_tool


def probe(src: Path, db: Path, crawl_id: int, as_of: str, processes: int | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("GOVAUDIT_CHECK_PROCESSES", None)
    if processes:
        env["GOVAUDIT_CHECK_PROCESSES"] = str(processes)
    result = must(run_tool(["-m", "bench.check_probe", str(db), str(crawl_id), as_of],
                           cwd=src, env=env), f"checks ({src})")
    data = json.loads(result["stdout"].strip().splitlines()[-1])
    data["process_peak_rss_mb"] = result["peak_rss_mb"]
    # whole interpreter and its second check process, imports included
    data["process_cpu_seconds"] = result["cpu_total_s"]
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.million",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--baseline", default=None, help="source tree of the version to compare")
    parser.add_argument("--work", default=None)
    parser.add_argument("--json", default=None, help="also write the results to this file")
    parser.add_argument("--baseline-name", default=None,
                        help="what the baseline is (e.g. its commit), for the record")
    parser.add_argument("--note", default="", help="a remark on the conditions of the run")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    work = Path(args.work or tempfile.mkdtemp(prefix="govaudit-million-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base.db"
    base.unlink(missing_ok=True)
    with Replica(args.units, args.seed, args.as_of) as replica:
        first = steps.crawl(replica, base, work / "million-base-stats.json")
    million = work / "million.db"
    million.unlink(missing_ok=True)
    total = steps.inflate(base, million, first["crawl_id"], args.items)["items"]
    trees = {"current": (ROOT, None), "current_one_process": (ROOT, 1)}
    if args.baseline:
        trees["baseline"] = (Path(args.baseline).resolve(), None)
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    load_before = os.getloadavg()
    for _ in range(args.repeat):
        for name, (src, processes) in trees.items():  # alternate, so load hits all alike
            db = work / f"{name}.db"
            shutil.copyfile(million, db)  # each run writes its audit: start from the same store
            runs[name].append(probe(src, db, first["crawl_id"], args.as_of, processes))
            db.unlink()
    out: dict = {"date": started,
                 "command": "python -m bench.million " + " ".join(sys.argv[1:] if argv is None
                                                                 else argv),
                 "baseline_name": args.baseline_name, "note": args.note,
                 "machine": {"cpus": os.cpu_count(), "load_before": load_before},
                 "units": args.units, "pages": replica.info["pages"], "items": total,
                 "load_average": os.getloadavg()}
    for name, results in runs.items():
        out[name] = {"check_seconds": [round(r["check_seconds"], 2) for r in results],
                     "median_s": round(statistics.median(r["check_seconds"] for r in results), 2),
                     "process_cpu_s": [round(r["process_cpu_seconds"], 2) for r in results],
                     "median_cpu_s": round(statistics.median(r["process_cpu_seconds"]
                                                             for r in results), 2),
                     "peak_rss_mb": round(max(r["process_peak_rss_mb"] for r in results)),
                     "check_peak_rss_mb": round(max(r["check_peak_rss_mb"] for r in results)),
                     "second_process_peak_rss_mb": round(max(
                         r.get("second_process_peak_rss_mb", 0) for r in results)),
                     "findings": len(results[0]["findings"])}
    if args.baseline:
        out["speedup"] = round(out["baseline"]["median_s"] / out["current"]["median_s"], 2)
        out["cpu_speedup"] = round(out["baseline"]["median_cpu_s"]
                                   / out["current"]["median_cpu_s"], 2)

    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    else:
        million.unlink()
    # every version and run, one process or two, must find exactly the same
    out["same_findings"] = all(r["findings"] == runs["current"][0]["findings"]
                               for rs in runs.values() for r in rs)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
