"""One measured crawl, in its own interpreter:
`python -m bench.crawl_probe URL DB STATS.json [--incremental] [--polite]`.

Runs the real crawl (crawler.run.run_crawl; politeness off unless `--polite`, which keeps the
crawler's polite defaults even on loopback, crawler/settings.py) and
adds to the Scrapy stats its own wall time and peak resident memory, so the parent measures
exactly one crawl process (not the replica server, not itself)."""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> int:
    flags = {"--incremental", "--polite"}
    args = [a for a in sys.argv[1:] if a not in flags]
    incremental = "--incremental" in sys.argv[1:]
    polite = "--polite" in sys.argv[1:]
    url, db, stats_path = args[:3]
    from crawler import settings as defaults
    from crawler.run import run_crawl

    extensions = {**defaults.EXTENSIONS, "bench.stats_dump.StatsDump": 900}
    started = time.perf_counter()
    crawl_id = run_crawl(url, db, polite=polite, progress=False, incremental=incremental,
                         allow_private=True,  # the benchmark replica is on loopback
                         extra_settings={"EXTENSIONS": extensions,
                                         "BENCH_STATS_FILE": stats_path})
    elapsed = time.perf_counter() - started
    with open(stats_path, encoding="utf-8") as fh:
        stats = json.load(fh)
    stats["probe/wall_seconds"] = elapsed
    stats["probe/peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats["probe/crawl_id"] = crawl_id
    with open(stats_path, "w", encoding="utf-8") as fh:
        json.dump(stats, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
