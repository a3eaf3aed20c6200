"""The figures of one benchmark run (bench/run.py's results), each with its target and whether
it is met: what docs/benchmarks.md and README.md's figures block state (bench/markdown.py).

A verdict is None when the run could not judge it (a step skipped, a replica smaller than the
target's size); the document then says so instead of claiming it met."""

from __future__ import annotations

import statistics

TARGETS = {
    "vs_scrapy": 0.7,             # govaudit pages / CPU-s ÷ scrapy bench pages / CPU-s
    "vs_linkchecker": 1.3,        # govaudit pages / CPU-s ÷ LinkChecker requests / CPU-s
    "memory_mb": 500, "memory_pages": 50_000,
    "million_s": 10, "million_items": 1_000_000,
    "report_s": 10, "report_units": 200,
    "reaudit_requests": 0.15, "reaudit_cpu": 0.25,
    "portal_pages": 20_000, "polite_audit_h": 3.0, "polite_reaudit_min": 20.0,
}


def spread(values: list[float]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


def _rate(work, cpu) -> float | None:
    return work / cpu if work and cpu else None


def rounds(results: dict) -> list[dict]:
    """Per round: each tool's work per CPU-second and govaudit's ratios to the peers."""
    out = []
    for r in results["throughput"]["rounds"]:
        g, c = r["govaudit"], r["govaudit_checks"]
        s, lc = r.get("scrapy_bench", {}), r.get("linkchecker", {})
        row = {"govaudit": _rate(g["requests"], g["cpu_s"]),
               "govaudit_audit": _rate(g["requests"], g["cpu_s"] + c["cpu_s"]),
               "scrapy": None if "error" in s else _rate(s["pages"], s["cpu_s"]),
               "linkchecker": None if "error" in lc else _rate(lc["requests"], lc["cpu_s"])}
        for peer in ("scrapy", "linkchecker"):
            for mine in ("govaudit", "govaudit_audit"):
                row[f"{mine}/{peer}"] = (row[mine] / row[peer]) if row[peer] else None
        out.append(row)
    return out


def _verdict(value, target, higher_is_better: bool) -> bool | None:
    if value is None:
        return None
    return value >= target if higher_is_better else value <= target


def figures(results: dict) -> dict:
    t = TARGETS
    per_round = rounds(results)
    f: dict = {"rounds": per_round}
    for key in ("govaudit", "govaudit_audit", "scrapy", "linkchecker", "govaudit/scrapy",
                "govaudit/linkchecker", "govaudit_audit/scrapy", "govaudit_audit/linkchecker"):
        f[key] = spread([r[key] for r in per_round])
    # A spread meets its target only if every round does: the minimum decides.
    for key, target in (("govaudit/scrapy", "vs_scrapy"), ("govaudit/linkchecker",
                                                           "vs_linkchecker")):
        f[key + " met"] = _verdict(f[key] and f[key]["min"], t[target], True)

    large = results["large"]
    first, second = large["first"], large["second"]
    pages = large["replica"]["pages"]
    f["memory_mb"] = first["peak_rss_mb"]
    f["memory met"] = (None if pages < t["memory_pages"]
                       else _verdict(first["peak_rss_mb"], t["memory_mb"] - 1e-9, False))
    million = large.get("million")
    if million:
        f["million_s"] = million["check_seconds"]
        f["million met"] = (None if million["items"] < t["million_items"]
                            else million["check_seconds"] < t["million_s"])
    audit1 = large["audit1"]
    f["report_s"] = audit1["report_seconds"]
    f["report met"] = (None if audit1["units"] < t["report_units"]
                       else audit1["report_seconds"] < t["report_s"])
    f["reaudit_requests"] = second["requests"] / first["requests"]
    f["reaudit_cpu"] = second["cpu_s"] / first["cpu_s"]
    f["reaudit_audit_cpu"] = ((second["cpu_s"] + large["audit2"]["cpu_s"])
                              / (first["cpu_s"] + audit1["cpu_s"]))
    f["reaudit_requests met"] = _verdict(f["reaudit_requests"], t["reaudit_requests"], False)
    f["reaudit_cpu met"] = _verdict(f["reaudit_cpu"], t["reaudit_cpu"], False)
    f["same_findings"] = large["same_findings"]

    polite = results["polite"]
    if "error" not in polite:
        scale = t["portal_pages"] / polite["replica"]["pages"]
        f["polite_audit_h"] = polite["first"]["wall_s"] * scale / 3600
        f["polite_reaudit_min"] = polite["second"]["wall_s"] * scale / 60
        f["polite_audit met"] = f["polite_audit_h"] < t["polite_audit_h"]
        f["polite_reaudit met"] = f["polite_reaudit_min"] < t["polite_reaudit_min"]
    return f
