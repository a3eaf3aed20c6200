"""The benchmark, one command: `.venv/bin/python -m bench [--quick] [options]` (`--help`).

Every tool is measured the same way (bench/procs.py): its own process started from a small
launcher, wall time, its own CPU time and peak memory, the load average before and after; the
replica portal runs in its own process with every page rendered before any tool runs, and
counts the requests it serves. In one run, in this order:

1. Crawl throughput, interleaved and repeated (`--repeats`): on one replica (`--ab-units`),
   each round runs govaudit's crawl (politeness off; then its checks), `scrapy bench` as shipped
   and LinkChecker at its fastest documented setting (bench/peers.py), the order rotating from
   round to round. Headline: pages per CPU-second, govaudit against each peer, per round.
   Right after govaudit's crawl, a null Scrapy spider asks for the same URLs with govaudit's
   settings and does nothing with the answers (bench/ceiling.py): the engine's ceiling.
2. A large audit (`--units`, 745 ≈ 50,000 pages): the crawl's peak memory, the checks and the
   report, then an incremental re-audit of the unchanged portal (requests and CPU against the
   first audit's, same findings), then the checks over the crawl's items copied to `--items`.
3. At the crawler's polite defaults (read from crawler/settings.py), an incremental audit and
   re-audit of a small replica (`--polite-units`), projected to a 20,000-page portal.

Then it writes the raw results to bench/results-DATE.json and renders docs/benchmarks.md and
the figures block of README.md from them (bench/markdown.py). The default sizes fit in about
35 minutes on an idle 2-core machine; `--quick` is a few-minute run for development.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shlex
import shutil
import sys
import time
from pathlib import Path

from bench import ceiling, peers, steps
from bench.procs import ROOT, Replica

FULL = {"repeats": 3, "ab_units": 80, "units": 745, "items": 1_000_000,
        "linkchecker_seconds": 45, "polite_units": 2}
QUICK = {"repeats": 1, "ab_units": 4, "units": 12, "items": 100_000,
         "linkchecker_seconds": 15, "polite_units": 0}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def machine() -> dict:
    cpu, mem = "unknown", "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip()
                   for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        mem = f"{int(Path('/proc/meminfo').read_text().split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError, StopIteration):
        pass
    from importlib.metadata import version

    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "scrapy": version("scrapy"),
            "load_before": [round(x, 2) for x in os.getloadavg()]}


def fresh(path: Path) -> Path:
    for old in path.parent.glob(path.name + "*"):  # the store, its WAL and its httpcache
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    return path


def throughput(args, work: Path) -> dict:
    """Step 1: the interleaved rounds."""
    rounds = []
    with Replica(args.ab_units, args.seed, args.as_of) as replica:
        log(f"A/B replica: {replica.info['pages']} pages, rendered in "
            f"{replica.info['render_s']:.0f} s")
        tools = ["govaudit", "scrapy bench", "linkchecker"]
        for n in range(args.repeats):
            order = tools[n % 3:] + tools[:n % 3]  # rotate, so no tool always runs first
            one: dict = {"order": order}
            for tool in order:
                if tool == "govaudit":
                    db = fresh(work / "ab.db")
                    one["govaudit"] = steps.crawl(replica, db, work / "ab-stats.json")
                    one["govaudit_checks"] = steps.checks(db, one["govaudit"]["crawl_id"],
                                                          args.as_of)
                    # The engine ceiling: a null spider asking for the same URLs (bench/ceiling.py)
                    urls = work / "ab-urls.txt"
                    ceiling.url_list(db, one["govaudit"]["crawl_id"], urls, replica.url)
                    one["null_spider"] = ceiling.measure(replica, urls, work / "null-stats.json")
                elif tool == "scrapy bench":
                    one["scrapy_bench"] = steps_or_skip(args.scrapy,
                                                        lambda: peers.scrapy_bench(work))
                else:
                    one["linkchecker"] = steps_or_skip(args.linkchecker_seconds, lambda: (
                        peers.linkchecker(replica, args.linkchecker_seconds, work)))
            log(f"round {n + 1}: " + "; ".join(
                f"{k} {v.get('requests', v.get('pages', ''))} in {v['cpu_s']} CPU-s"
                for k, v in one.items() if isinstance(v, dict) and "cpu_s" in v))
            rounds.append(one)
    return {"replica": replica.info, "server": replica.final, "rounds": rounds,
            "linkchecker_version": peers.linkchecker_version(work) if args.linkchecker_seconds
            else None}


def steps_or_skip(enabled, run) -> dict:
    return run() if enabled else {"error": "skipped by option"}


def large_audit(args, work: Path) -> dict:
    """Step 2: first audit, checks and report, incremental re-audit, a million items."""
    out: dict = {}
    db = fresh(work / "large.db")
    with Replica(args.units, args.seed, args.as_of) as replica:
        log(f"large replica: {replica.info['pages']} pages, {replica.info['units']} units, "
            f"rendered in {replica.info['render_s']:.0f} s")
        out["first"] = steps.crawl(replica, db, work / "first-stats.json", incremental=True)
        log(f"first audit: {out['first']['requests']} requests, {out['first']['wall_s']:.0f} s, "
            f"peak {out['first']['peak_rss_mb']} MB")
        report = work / "report"
        shutil.rmtree(report, ignore_errors=True)
        out["audit1"] = steps.checks(db, out["first"]["crawl_id"], args.as_of, report)
        out["second"] = steps.crawl(replica, db, work / "second-stats.json", incremental=True)
        log(f"re-audit: {out['second']['requests']} requests, {out['second']['cpu_s']} CPU-s")
        out["audit2"] = steps.checks(db, out["second"]["crawl_id"], args.as_of)
    out["replica"], out["server"] = replica.info, replica.final
    out["same_findings"] = out["audit1"]["findings"] == out["audit2"]["findings"]
    out["findings"] = len(out["audit1"].pop("findings"))
    out["audit2"].pop("findings")
    if args.items:
        million_db = fresh(work / "million.db")
        copied = steps.inflate(db, million_db, out["first"]["crawl_id"], args.items)
        out["million"] = steps.checks(million_db, out["first"]["crawl_id"], args.as_of)
        out["million"]["items"] = copied["items"]
        out["million"].pop("findings")
        log(f"checks over {copied['items']} items: {out['million']['check_seconds']:.1f} s")
        fresh(million_db)
    return out


def polite(args, work: Path) -> dict:
    """Step 3: an audit and a re-audit at the polite defaults, for the projection."""
    out: dict = {"settings": steps.politeness()}
    if not args.polite_units:
        return {**out, "error": "skipped by option"}
    db = fresh(work / "polite.db")
    with Replica(args.polite_units, args.seed, args.as_of) as replica:
        out["first"] = steps.crawl(replica, db, work / "polite1.json", incremental=True,
                                   polite=True)
        log(f"polite audit: {out['first']['requests']} requests in "
            f"{out['first']['wall_s']:.0f} s")
        out["second"] = steps.crawl(replica, db, work / "polite2.json", incremental=True,
                                    polite=True)
        log(f"polite re-audit: {out['second']['requests']} requests in "
            f"{out['second']['wall_s']:.0f} s")
    out["replica"] = replica.info
    return out


def run(args) -> dict:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(), "note": args.note,
        "command": shlex.join(["python", "-m", "bench",
                               *(sys.argv[1:] if args.argv is None else args.argv)]),
        "options": {k: getattr(args, k) for k in (*FULL, "seed", "as_of", "quick")}}
    results["throughput"] = throughput(args, work)
    results["large"] = large_audit(args, work)
    results["polite"] = polite(args, work)
    results["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    results["minutes"] = round((time.perf_counter() - started) / 60, 1)
    # the benchmark process itself stays small, so nothing it spawns inherits a large peak
    results["bench_process_peak_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if not args.keep:
        for name in ("ab.db", "large.db", "polite.db", "report"):
            fresh(work / name)
    return results


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for development: " + json.dumps(QUICK))
    parser.add_argument("--repeats", type=int, help=f"interleaved rounds ({FULL['repeats']})")
    parser.add_argument("--ab-units", type=int,
                        help=f"replica units for the throughput rounds ({FULL['ab_units']})")
    parser.add_argument("--units", type=int,
                        help=f"replica units of the large audit ({FULL['units']} ≈ 50,000 pages)")
    parser.add_argument("--items", type=int,
                        help=f"stored items for the check-time measurement ({FULL['items']}; 0 skips)")
    parser.add_argument("--linkchecker-seconds", type=int,
                        help=f"LinkChecker's time cap per round ({FULL['linkchecker_seconds']}; "
                             "0 skips it)")
    parser.add_argument("--polite-units", type=int,
                        help=f"replica units of the polite run ({FULL['polite_units']}; 0 skips)")
    parser.add_argument("--no-scrapy", dest="scrapy", action="store_false",
                        help="skip scrapy bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", "/tmp"))
                                              / "govaudit-bench"),
                        help="work folder: stores, LinkChecker's venv (kept between runs)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--readme", default=str(ROOT / "README.md"),
                        help="README whose benchmark figures block is rewritten ('' leaves it)")
    parser.add_argument("--json", default=None,
                        help="raw results (default bench/results-DATE.json)")
    parser.add_argument("--note", default="", help="a remark on the run's conditions")
    parser.add_argument("--keep", action="store_true", help="keep the stores and the report")
    args = parser.parse_args(argv)
    args.argv = argv
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def main(argv: list[str] | None = None) -> int:
    from bench.markdown import render, write_readme_block

    args = parse(argv)
    results = run(args)
    out_json = Path(args.json or ROOT / "bench" / f"results-{results['date'][:10]}.json")
    out_json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    Path(args.out).write_text(render(results), encoding="utf-8")
    if args.readme:
        write_readme_block(Path(args.readme), results)
    log(f"written {out_json}, {args.out} in {results['minutes']} min")
    return 0
