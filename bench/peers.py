"""The peers govaudit is measured against, each at its fastest documented setting and measured
like govaudit (bench/procs.py):

- `scrapy bench` as shipped (its own settings: 10 s, its mock site in a child process started
  by the command). Its pages are its own `response_received_count`; its CPU is the crawler
  process's own, the mock site's (a child) is reported apart, as the replica server's CPU is
  not counted against govaudit.
- LinkChecker, installed with pip into its own venv under the work folder (never a project
  dependency), crawling the same replica. Its per-host limit is lifted as its documentation
  says: `maxrequestspersecond` raised, which it honours above 10 only when the server answers
  with a `LinkChecker` header (bench/replica_serve.py sends one). Its work is the requests the
  replica served, not its "URLs checked" (many of which need no request).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.procs import Replica, counted, public, run_tool

# 1 / maxrequestspersecond is LinkChecker's minimum wait between two requests to one host
# (6 × that the maximum); at 1000 the wait is ≤ 6 ms, negligible next to a request.
LINKCHECKER_MAX_RPS = 1000
LINKCHECKER_THREADS = 10  # its default


def scrapy_bench(work: Path) -> dict:
    scrapy_home = work / "scrapy-bench"  # outside the project: no scrapy.cfg, Scrapy's defaults
    scrapy_home.mkdir(parents=True, exist_ok=True)
    result = run_tool(["-m", "scrapy", "bench"], cwd=scrapy_home, timeout=300)
    text = result["stderr"] + result["stdout"]
    found = re.findall(r"'response_received_count': (\d+)", text)
    elapsed = re.findall(r"'elapsed_time_seconds': ([\d.]+)", text)
    if result["rc"] != 0 or not found:
        return {**public(result), "error": "scrapy bench failed: " + text[-500:]}
    return {**public(result), "pages": int(found[-1]), "elapsed_s": float(elapsed[-1])}


def linkchecker_exe(work: Path) -> tuple[Path, str] | str:
    """LinkChecker's venv python and script (installed on first use), or why it is missing."""
    venv = work / "linkchecker-venv"
    exe = venv / "bin" / "linkchecker"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "linkchecker"],
                             capture_output=True, text=True)
        if pip.returncode != 0 or not exe.exists():
            return "LinkChecker could not be installed: " + (
                pip.stderr.strip().splitlines() or ["?"])[-1]
    return exe, str(venv / "bin" / "python")


def linkchecker_version(work: Path) -> str:
    found = linkchecker_exe(work)
    if isinstance(found, str):
        return found
    out = subprocess.run([str(found[0]), "--version"], capture_output=True, text=True).stdout
    return (out.splitlines() or ["LinkChecker ?"])[0]


def linkchecker(replica: Replica, seconds: int, work: Path) -> dict:
    found = linkchecker_exe(work)
    if isinstance(found, str):
        return {"error": found}
    exe, python = found
    rc = work / "linkcheckerrc"
    rc.write_text(
        "[checking]\n"
        f"threads={LINKCHECKER_THREADS}\n"
        f"maxrequestspersecond={LINKCHECKER_MAX_RPS}\n"
        f"maxrunseconds={seconds}\n"
        "[filtering]\ncheckextern=0\n", encoding="utf-8")
    rc.chmod(0o644)  # readable after it drops root privileges
    # `-o none`: no console output to format (its fastest), the server counts its requests.
    result, served = counted(replica, lambda: run_tool(
        ["-s", str(exe), "--config", str(rc), "-o", "none", "--no-status", replica.url],
        python=python, cwd=work, timeout=seconds + 300))
    out = {**public(result), "requests": served["requests"], "cap_s": seconds}
    if result["rc"] not in (0, 1):  # 1: it found broken links, a normal outcome
        out["error"] = f"exit {result['rc']}: " + (result["stderr"] or result["stdout"])[-500:]
    return out
