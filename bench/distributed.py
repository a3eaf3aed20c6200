"""Distributed-mode benchmark, one command: `.venv/bin/python -m bench.distributed
[--units 61] [--workers 2]`.

On one replica portal (served in this process on loopback) and a redis-server of its own (free
loopback port, temporary directory, stopped after), it measures, each process on its own:

1. a crawl in one process, politeness off (bench.crawl_probe): wall time, CPU time, peak memory;
2. the same crawl in distributed mode: a coordinator (the SQLite writer) and N workers started
   as separate processes: wall time, and per process CPU time, peak memory and requests sent;
3. the checks of both crawls: whether the findings are the same.

It writes the raw figures to bench/distributed-results.json and the "Distributed mode" section
of docs/benchmarks.md (bench/distributed_md.py; `python -m bench` keeps the section from the
JSON when it regenerates the file). Needs redis-server (Debian package `redis-server`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "distributed-results.json"


def measured(cmd: list[str], out: dict, timeout: float = 3600) -> None:
    """Run the Python arguments `cmd` (cwd = repository) and put into `out` its exit code,
    output, wall time, CPU seconds (wait4) and its own peak memory (bench/hwm.py)."""
    hwm = tempfile.NamedTemporaryFile(suffix=".hwm", delete=False)
    hwm.close()
    cmd = [sys.executable, "-m", "bench.hwm", hwm.name, *cmd]
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile("w+") as o, tempfile.TemporaryFile("w+") as e:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=o, stderr=e)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.1)
        o.seek(0)
        e.seek(0)
        try:
            peak = float(Path(hwm.name).read_text() or 0)
        finally:
            os.unlink(hwm.name)
        out.update(rc=os.waitstatus_to_exitcode(status), stdout=o.read(), stderr=e.read(),
                   seconds=time.perf_counter() - started, peak_rss_mb=peak,
                   cpu_seconds=usage.ru_utime + usage.ru_stime)


def must(result: dict, what: str) -> dict:
    if result.get("rc") != 0:
        raise SystemExit(f"{what} failed (exit {result.get('rc')}):\n"
                         f"{result.get('stderr', '')[-3000:]}")
    return result


def redis_server(folder: Path):
    """A private redis-server on a free loopback port: (process, URL)."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--dir",
                             str(folder), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(200):
        try:
            client.ping()
            return proc, f"redis://127.0.0.1:{port}/0"
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("redis-server did not start")


def findings(db: Path, as_of: str) -> list:
    import sqlite3

    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", "--db", str(db),
                           "--as-of", as_of], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr[-3000:])
    con = sqlite3.connect(db)
    audit = con.execute("select max(id) from audits").fetchone()[0]
    rows = con.execute("select rule, status, unit_key, url, message from findings "
                       "where audit_id = ? order by 1, 2, 3, 4, 5", [audit]).fetchall()
    con.close()
    return rows


def run(args) -> dict:
    import sqlite3

    from bench.run import machine
    from replica.generator import build_site
    from replica.server import start

    work = Path(tempfile.mkdtemp(prefix="govaudit-bench-dist-"))
    site = build_site(seed=args.seed, size=args.units, as_of=dt.date.fromisoformat(args.as_of))
    results: dict = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "machine": machine(), "units": args.units, "replica_pages": len(site.pages),
                     "workers": args.workers, "note": args.note,
                     "command": "python -m bench.distributed " + shlex.join(sys.argv[1:])}
    redis_proc, redis_url = redis_server(work)
    try:
        with start(site) as server:
            single: dict = {}
            measured(["-m", "bench.crawl_probe", server.url,
                      str(work / "single.db"), str(work / "single-stats.json")], single)
            must(single, "single-process crawl")
            single["requests"] = server.counts.requests
            before = server.counts.requests
            token_file = work / "token"
            code = ("import sys; from crawler.distributed import run_coordinator; "
                    "run_coordinator(sys.argv[1], sys.argv[2], sys.argv[3], polite=False, "
                    "progress=False, allow_private=True, token_file=sys.argv[4])")
            coordinator: dict = {}
            threads = [threading.Thread(target=measured, args=(
                ["-c", code, server.url, str(work / "dist.db"), redis_url,
                 str(token_file)], coordinator))]
            threads[0].start()
            while not token_file.exists() and threads[0].is_alive():
                time.sleep(0.05)
            workers = [{} for _ in range(args.workers)]
            for out in workers:
                threads.append(threading.Thread(target=measured, args=(
                    ["-m", "govaudit", "worker", "--redis", redis_url,
                     "--quiet"], out)))
                threads[-1].start()
            for thread in threads:
                thread.join()
            must(coordinator, "coordinator")
            for out in workers:
                must(out, "worker")
            distributed_requests = server.counts.requests - before
    finally:
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
    con = sqlite3.connect(work / "dist.db")
    settings = json.loads(con.execute("select settings from crawls").fetchone()[0])
    pages = con.execute("select count(*) from pages").fetchone()[0]
    con.close()
    keep = ("seconds", "peak_rss_mb", "cpu_seconds")
    results["single"] = {**{k: single[k] for k in keep}, "requests": single["requests"]}
    results["distributed"] = {
        "seconds": coordinator["seconds"], "requests": distributed_requests, "pages": pages,
        "coordinator": {k: coordinator[k] for k in keep},
        "workers": [{k: w[k] for k in keep} for w in workers],
        "requests_per_worker": sorted(settings["distributed"]["workers"].values(), reverse=True),
    }
    results["same_findings"] = findings(work / "single.db", args.as_of) == \
        findings(work / "dist.db", args.as_of)
    results["machine"]["load_after"] = os.getloadavg()
    shutil.rmtree(work, ignore_errors=True)
    return results


def write_section(markdown: Path, section: str) -> None:
    """Replace the "## Distributed mode" section (up to the next "## " or the end)."""
    text = markdown.read_text(encoding="utf-8")
    start = text.find("## Distributed mode")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 3)
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    markdown.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.distributed",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=61, help="replica size in units")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-11-27")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--json", default=str(RESULTS))
    parser.add_argument("--note", default="", help="a remark printed with the machine")
    args = parser.parse_args(argv)
    from bench.distributed_md import section

    results = run(args)
    Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    write_section(Path(args.out), section(results))
    print(f"written {args.json} and the distributed section of {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
