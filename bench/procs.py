"""Running and measuring the benchmark's processes, all the same way.

`run_tool` starts one tool through bench/measure.py and waits for it with `wait4`: wall time,
the tool process's own CPU time and peak resident memory (its own VmHWM, written by the
launcher at exit; wait4's ru_maxrss would carry the benchmark's size into the child at exec,
bench/measure.py), the CPU of its children, and the load average before and after.
`Replica` is the replica portal in its own process (bench/replica_serve.py), pages rendered
before any tool runs, with the requests it served counted at the server.

This module and bench/run.py import nothing heavy (no replica, no Scrapy), so the benchmark
process stays small.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURE = Path(__file__).resolve().with_name("measure.py")


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}


def run_tool(target: list[str], *, python: str = sys.executable, cwd: str | Path = ROOT,
             timeout: float | None = None, env: dict | None = None) -> dict:
    """Run `python bench/measure.py OUT <target…>` (target: `-m MODULE args` or `-s SCRIPT
    args`) and measure it. A run past `timeout` is killed (`timed_out` says so)."""
    load_before = os.getloadavg()
    fd, usage_path = tempfile.mkstemp(prefix="bench-usage-", suffix=".json")
    os.close(fd)
    os.chmod(usage_path, 0o666)  # LinkChecker started as root drops to `nobody`
    started = time.perf_counter()
    timed_out = False
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([python, str(MEASURE), usage_path, *target], cwd=cwd,
                                stdout=out, stderr=err, env=env or _env())
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                proc.kill()
                timed_out = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.1)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    try:
        own = json.loads(Path(usage_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        own = {}
    Path(usage_path).unlink(missing_ok=True)
    total_cpu = usage.ru_utime + usage.ru_stime
    return {
        "rc": proc.returncode, "timed_out": timed_out, "stdout": stdout, "stderr": stderr,
        "wall_s": round(wall, 2),
        # the tool's own process (all threads); without the launcher's file (killed), wait4's
        # total, which then includes its children
        "cpu_s": round(own.get("self_cpu_s", total_cpu), 2),
        "children_cpu_s": round(own.get("children_cpu_s", 0.0), 2),
        "cpu_total_s": round(total_cpu, 2),
        "peak_rss_mb": own.get("hwm_mb"),
        "wait4_maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def must(result: dict, what: str) -> dict:
    if result["rc"] != 0:
        raise SystemExit(f"{what} failed (exit {result['rc']}):\n{result['stderr'][-3000:]}")
    return result


def public(result: dict) -> dict:
    """A measurement without its captured output, for the results file."""
    return {k: v for k, v in result.items() if k not in ("stdout", "stderr")}


class Replica:
    """The replica portal in its own process; `with Replica(units=…) as r: r.url, r.stats()`."""

    def __init__(self, units: int, seed: int = 7, as_of: str = "2026-11-27"):
        self.units, self.seed, self.as_of = units, seed, as_of

    def __enter__(self) -> "Replica":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.replica_serve", "--units", str(self.units),
             "--seed", str(self.seed), "--as-of", self.as_of],
            cwd=ROOT, env=_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            raise SystemExit(f"the replica server did not start (exit {self.proc.returncode})")
        self.info = json.loads(line)
        self.url, self.control = self.info["url"], self.info["control"]
        return self

    def stats(self) -> dict:
        with urllib.request.urlopen(self.control + "/stats", timeout=30) as answer:
            return json.loads(answer.read())

    def __exit__(self, *exc) -> None:
        self.final = self.stats() if self.proc.poll() is None else {}
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


def counted(replica: Replica, run) -> tuple[dict, dict]:
    """Run `run()` and return its result with the requests the replica served meanwhile."""
    before = replica.stats()
    result = run()
    after = replica.stats()
    return result, {"requests": after["requests"] - before["requests"],
                    "not_modified": after["not_modified"] - before["not_modified"]}
