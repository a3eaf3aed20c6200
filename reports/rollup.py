"""The roll-up report of a batch, in the form of a published 政府网站检查情况通报: the overall and
per-region 合格率, the failing sites with their reasons (附件: 不合格网站名单), the sites that could
not be checked, and a link to every site's own report.

合格率 = 合格 / (合格 + 不合格) per region: a site that could not be read (未能检查) has not been
shown to fail, so it is listed apart and left out of the rate, never counted as 不合格.
Writes index.html (escaped: site names come from the user's list, titles from crawled pages),
rollup.json (for other tools) and rollup.csv (spreadsheet-safe) into the batch folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ground import __version__

from checks.verdict import VERDICT_SCOPE

from reports.cells import neutralise

STATUS_LABELS = {"qualified": "合格", "failed": "不合格", "unchecked": "未能检查"}


@dataclass
class RegionRow:
    region: str
    total: int
    qualified: int
    failed: int
    unchecked: int

    @property
    def checked(self) -> int:
        return self.qualified + self.failed

    @property
    def rate(self) -> float | None:
        return self.qualified / self.checked if self.checked else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def region_rows(results: list[dict]) -> tuple[list[RegionRow], RegionRow]:
    """One row per region in the order regions first appear in the list, and the total."""
    order: list[str] = []
    counts: dict[str, dict[str, int]] = {}
    for r in results:
        region = r["site"]["region"]
        if region not in counts:
            order.append(region)
            counts[region] = {"qualified": 0, "failed": 0, "unchecked": 0}
        counts[region][r["status"]] += 1
    rows = [RegionRow(region, sum(counts[region].values()), **counts[region]) for region in order]
    total = RegionRow("合计", sum(r.total for r in rows), sum(r.qualified for r in rows),
                      sum(r.failed for r in rows), sum(r.unchecked for r in rows))
    return rows, total


def rollup_data(results: Iterable[dict], as_of: dt.date, title: str | None = None,
                skipped: Iterable[str] | None = None) -> dict:
    """`skipped`: messages about rows of the site list that could not be used (not audited)."""
    results = list(results)
    regions, total = region_rows(results)
    return {
        "title": title or "政府网站信息公开检查情况通报",
        "as_of": as_of.isoformat(),
        "tool_version": __version__,
        "total": total,
        "regions": regions,
        "failed": [r for r in results if r["status"] == "failed"],
        "unchecked": [r for r in results if r["status"] == "unchecked"],
        "sites": results,
        "labels": STATUS_LABELS,
        "scope": VERDICT_SCOPE,
        "skipped": list(skipped or []),
    }


def _json_ready(data: dict) -> dict:
    def region(row: RegionRow) -> dict:
        return {"region": row.region, "total": row.total, "qualified": row.qualified,
                "failed": row.failed, "unchecked": row.unchecked, "rate": row.rate}

    return {"title": data["title"], "as_of": data["as_of"], "tool_version": data["tool_version"],
            "total": region(data["total"]), "regions": [region(r) for r in data["regions"]],
            "sites": data["sites"], "skipped": data["skipped"]}


def _write_csv(path: Path, results: list[dict]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["序号", "地区", "级别", "网站名称", "网站标识码", "网址", "结论", "结论依据", "原因",
                      "报告"])
        for r in results:
            site = r["site"]
            row = [site["number"], site["region"], site["level"], site["name"], site["code"],
                   site["url"], STATUS_LABELS[r["status"]], r.get("verdict_text") or "",
                   "；".join(r["reasons"]),
                   r["report"] or ""]
            out.writerow([neutralise(v) for v in row])


def write_rollup(results: Iterable[dict], out_dir: str | Path, as_of: dt.date,
                 title: str | None = None, skipped: Iterable[str] | None = None) -> Path:
    """Write the roll-up of `results` (SiteResult.as_dict() rows) and return index.html."""
    from reports.render import environment

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = rollup_data(results, as_of, title, skipped)
    index = out / "index.html"
    html = environment().get_template("rollup.html").render(**data)
    index.write_text(html, encoding="utf-8")
    (out / "rollup.json").write_text(
        json.dumps(_json_ready(data), ensure_ascii=False, indent=2), encoding="utf-8")
    _write_csv(out / "rollup.csv", data["sites"])
    return index
