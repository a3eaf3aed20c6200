"""Measured checks and report, in their own interpreter:
`python -m bench.check_probe DB CRAWL_ID AS_OF [REPORT_DIR]` prints one JSON line with the check
time, the report time (when REPORT_DIR is given), peak memory and the findings' fingerprints.
`GOVAUDIT_CHECK_PROCESSES=1` (or 2) forces the number of check processes (default: the runner
decides, checks/parallel.py); a version without that choice ignores it."""

from __future__ import annotations

import inspect
import json
import os
import resource
import sys
import time


def main() -> int:
    db, crawl_id, as_of = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    report_dir = sys.argv[4] if len(sys.argv) > 4 else None
    from checks.runner import run_checks
    from ground.store import Store

    store = Store(db)
    items = store.db.execute("select count(*) from items where crawl_id = ?",
                             [crawl_id]).fetchone()[0]
    units = store.db.execute("select count(*) from units where crawl_id = ?",
                             [crawl_id]).fetchone()[0]
    started = time.perf_counter()
    forced = os.environ.get("GOVAUDIT_CHECK_PROCESSES")
    if forced and "processes" in inspect.signature(run_checks).parameters:
        audit_id = run_checks(store, crawl_id, as_of, processes=int(forced))
    else:
        audit_id = run_checks(store, crawl_id, as_of)
    check_s = time.perf_counter() - started
    out = {"audit_id": audit_id, "items": items, "units": units, "check_seconds": check_s,
           "check_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           # the second check process (checks/parallel.py), when the checks used one
           "second_process_peak_rss_mb":
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
    if report_dir:
        from reports.formats import DEFAULT_FORMATS, write_formats

        started = time.perf_counter()
        write_formats(store, audit_id, report_dir, DEFAULT_FORMATS)
        out["report_seconds"] = time.perf_counter() - started
        out["report_formats"] = list(DEFAULT_FORMATS)
    findings = store.findings(audit_id)
    out["findings"] = sorted({f"{f['rule']}|{f['status']}|{f['fingerprint']}" for f in findings})
    out["verdict"] = store.audit(audit_id)["verdict"].get("qualified")
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
