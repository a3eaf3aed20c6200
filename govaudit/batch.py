"""Auditing a list of portals (`govaudit batch sites.csv`): crawl, check and report each site,
then hand the per-site outcomes to the roll-up report (reports/rollup.py).

Sites are audited one after another, each crawl in its own interpreter (govaudit/batch_crawl.py)
with the polite settings for its own host, all into one store so the next batch compares each
site with its previous audit. One site failing (unreachable, crashed crawl) never stops the
batch: it is recorded as 未能检查 with the reason, and it is left out of the 合格率, because a
site we could not read has not been shown to fail.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from govaudit.cli_runs import home_failure
from govaudit.sites_csv import SiteEntry
from ground.store import Store

# Outcome of one site.
QUALIFIED, FAILED, UNCHECKED = "qualified", "failed", "unchecked"


@dataclass
class SiteResult:
    site: SiteEntry
    status: str  # qualified | failed | unchecked
    reasons: list[str] = field(default_factory=list)  # why 不合格 / 未能检查, in Chinese
    report: str | None = None  # the site's index.html, relative to the batch folder
    crawl_id: int | None = None
    audit_id: int | None = None
    pages: int = 0
    problems: dict[str, int] = field(default_factory=dict)  # severity -> fail findings
    unverified: int = 0
    site_title: str | None = None  # the name the portal gives itself
    verdict_text: str = ""  # checks.verdict.verdict_statement: the same words as the site report

    def as_dict(self) -> dict:
        out = asdict(self)
        out["site"] = asdict(self.site)
        return out


def site_folder(site: SiteEntry) -> str:
    return f"sites/{site.number:03d}"


def _crawl(site: SiteEntry, db: str, fast: bool, timeout: float | None,
           incremental: bool = False) -> tuple[int | None, str]:
    cmd = [sys.executable, "-m", "govaudit.batch_crawl", site.url, db]
    if fast:
        cmd.append("--fast")
    if incremental:
        cmd.append("--incremental")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"抓取超时（超过 {int(timeout or 0)} 秒）"
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    try:
        return int(json.loads(last)["crawl_id"]), ""
    except (ValueError, KeyError, TypeError):
        tail = (proc.stderr.strip().splitlines() or ["未知错误"])[-1]
        return None, f"抓取进程异常结束：{tail[:200]}"


def _home_problem(store: Store, crawl_id: int) -> str | None:
    """Why the site could not be checked (homepage not readable), or None."""
    crawl = store.crawl(crawl_id)
    reason = home_failure(store, crawl_id)
    if reason:
        return f"首页无法访问（{reason}）"
    if crawl["status"] not in ("complete", "interrupted"):
        return f"抓取未完成（{crawl.get('error') or crawl['status']}）"
    return None


def audit_site(site: SiteEntry, *, db: str, out: Path, as_of: dt.date, pack=None,
               formats: tuple[str, ...] = ("html", "json"), fast: bool = False,
               timeout: float | None = None, incremental: bool = False) -> SiteResult:
    """Crawl, check and report one site; never raises for a site-level problem."""
    from checks.runner import run_checks
    from checks.verdict import verdict_statement
    from reports.formats import write_formats

    crawl_id, error = _crawl(site, db, fast, timeout, incremental)
    if crawl_id is None:
        return SiteResult(site, UNCHECKED, [error],
                          verdict_text=verdict_statement(None, (), unreadable=error)["text"])
    store = Store(db)
    try:
        problem = _home_problem(store, crawl_id)
        crawl = store.crawl(crawl_id)
        result = SiteResult(site, UNCHECKED, crawl_id=crawl_id,
                            pages=crawl.get("pages_fetched") or 0,
                            site_title=crawl.get("site_name"))
        if problem:
            result.reasons = [problem]
            result.verdict_text = verdict_statement(None, (), unreadable=problem)["text"]
            return result
        audit_id = run_checks(store, crawl_id, as_of, pack=pack)
        folder = out / site_folder(site)
        paths = write_formats(store, audit_id, folder, formats)
        index = paths.get("html") or next(iter(paths.values()))
        result.audit_id, result.report = audit_id, index.relative_to(out).as_posix()
        verdict = store.audit(audit_id).get("verdict") or {}
        findings = store.findings(audit_id)
        result.verdict_text = verdict_statement(verdict, findings)["text"]
        for f in findings:
            if f["status"] == "fail":
                result.problems[f["severity"]] = result.problems.get(f["severity"], 0) + 1
            elif f["status"] == "unverified":
                result.unverified += 1
    finally:
        store.close()
    if verdict.get("qualified"):
        result.status = QUALIFIED
    else:
        result.status = FAILED
        result.reasons = [r.get("text") or r.get("indicator") for r in verdict.get("reasons") or []]
        result.reasons = [r for r in result.reasons if r] or list(verdict.get("vetoes") or [])
    return result


def run_batch(sites: list[SiteEntry], *, db: str, out: Path, as_of: dt.date, pack=None,
              formats: tuple[str, ...] = ("html", "json"), fast: bool = False,
              timeout: float | None = None, incremental: bool = False,
              progress: Callable[[SiteResult], None] | None = None) -> list[SiteResult]:
    results = []
    for site in sites:
        result = audit_site(site, db=db, out=out, as_of=as_of, pack=pack, formats=formats,
                            fast=fast, timeout=timeout, incremental=incremental)
        results.append(result)
        if progress:
            progress(result)
    return results
