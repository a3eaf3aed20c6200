"""govaudit's own measured steps, each in its own process (bench/procs.py `run_tool`): a crawl
(bench/crawl_probe.py), the checks and the report (bench/check_probe.py), copying a crawl's
items to a million (`python -m bench.steps inflate …`), and the crawler's polite defaults read
from crawler/settings.py (`python -m bench.steps politeness`)."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from bench.procs import Replica, counted, must, public, run_tool

# The settings that make the crawl polite, as crawler/settings.py declares them.
POLITENESS_SETTINGS = ("DOWNLOAD_DELAY", "RANDOMIZE_DOWNLOAD_DELAY", "CONCURRENT_REQUESTS",
                       "CONCURRENT_REQUESTS_PER_DOMAIN", "AUTOTHROTTLE_ENABLED",
                       "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_TARGET_CONCURRENCY",
                       "AUTOTHROTTLE_MAX_DELAY", "ROBOTSTXT_OBEY")


def crawl(replica: Replica, db: Path, stats_file: Path, *, incremental: bool = False,
          polite: bool = False) -> dict:
    """One crawl of the replica; the requests are the ones the replica served meanwhile."""
    target = ["-m", "bench.crawl_probe", replica.url, str(db), str(stats_file)]
    target += ["--incremental"] * incremental + ["--polite"] * polite
    result, served = counted(replica, lambda: run_tool(target))
    must(result, f"crawl {db.name}")
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    return {**public(result), "requests": served["requests"],
            "not_modified": served["not_modified"], "crawl_id": stats["probe/crawl_id"],
            "responses": stats.get("response_received_count", 0),
            # the crawl proper (spider opened to closed), without start-up and the store's end
            "crawl_s": stats.get("elapsed_time_seconds"),
            "cache_hits": stats.get("httpcache/hit", 0)}


def checks(db: Path, crawl_id: int, as_of: str, report_dir: Path | None = None) -> dict:
    """The checks of one crawl (and its report, with `report_dir`): check_probe's own timings
    and the fingerprints of the findings, plus the process's measurements."""
    target = ["-m", "bench.check_probe", str(db), str(crawl_id), as_of]
    if report_dir:
        target.append(str(report_dir))
    result = must(run_tool(target), "checks")
    data = json.loads(result["stdout"].strip().splitlines()[-1])
    return {**public(result), **{k: v for k, v in data.items() if k != "peak_rss_mb"}}


def inflate(db: Path, target_db: Path, crawl_id: int, at_least: int) -> dict:
    """Copy the store to `target_db` and repeat the crawl's items (URL made unique) until it
    holds at least `at_least`; in its own process, so the benchmark stays small."""
    result = must(run_tool(["-m", "bench.steps", "inflate", str(db), str(target_db),
                            str(crawl_id), str(at_least)]), "copying the items")
    return {**public(result), "items": int(result["stdout"].split()[-1])}


def politeness() -> dict:
    result = must(run_tool(["-m", "bench.steps", "politeness"]), "reading crawler/settings.py")
    return json.loads(result["stdout"].strip().splitlines()[-1])


def _inflate(db: str, target_db: str, crawl_id: int, at_least: int) -> int:
    src = sqlite3.connect(db)
    dst = sqlite3.connect(target_db)
    src.backup(dst)
    src.close()
    have = dst.execute("select count(*) from items where crawl_id = ?", [crawl_id]).fetchone()[0]
    copies = max(0, -(-at_least // max(have, 1)) - 1)
    cols = [r[1] for r in dst.execute("pragma table_info(items)") if r[1] != "id"]
    select = ", ".join("url || '?copy=' || n" if c == "url" else c for c in cols)
    dst.execute(
        f"with recursive k(n) as (select 1 union all select n + 1 from k where n < ?) "
        f"insert into items ({', '.join(cols)}) select {select} from items, k "
        f"where crawl_id = ?", [copies, crawl_id])
    dst.commit()
    total = dst.execute("select count(*) from items where crawl_id = ?", [crawl_id]).fetchone()[0]
    dst.close()
    return total


def _politeness() -> dict:
    from crawler import settings

    return {name: getattr(settings, name) for name in POLITENESS_SETTINGS
            if hasattr(settings, name)}


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "inflate":
        print(_inflate(rest[0], rest[1], int(rest[2]), int(rest[3])))
    elif command == "politeness":
        print(json.dumps(_politeness()))
    else:
        raise SystemExit(f"unknown command {command!r}")
