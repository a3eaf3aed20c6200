"""Audit one generated portal end to end and score the planted-defect rules (the rules the pack
declares for the defects generated portals plant) against its manifest (and only against its
manifest).

`audit_seed(seed, as_of, workdir)`: build the portal (replica.portalgen), serve it on loopback,
crawl it in a fresh interpreter through `crawler.run.run_crawl` (as the end-to-end tests do:
`polite=False`, `allow_private=True`, no `--hosts`: discovery must find the second host by
itself), run the checks through `checks.runner.run_checks`, read the findings in the
`findings.json` shape and match them with govaudit.groundtruth. Only `fail` findings count
(未能核验 is never an accusation), except for the rules that never fail (`counted`).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from govaudit.groundtruth import location
from replica.declared import rule_of
from replica.portalgen.plan import DEFECTS

# The rules scored: those the rule pack declares for a defect generated portals plant (each
# manifest record names that rule too); other rules have nothing planted to be measured against.
RULES = tuple(dict.fromkeys(rule_of(defect) for defect in DEFECTS))


def counted(rule: str) -> set[str]:
    """The statuses of `rule` that claim a planted defect: `fail`, or for a rule that never
    fails (document.unreadable is 未能核验 by nature, content.serious-error 疑似) the statuses the
    pack declares for it. 未能核验 of a rule that can fail is no accusation and never counts."""
    from replica.declared import pack

    body = {**(pack().get("rules") or {}), **(pack().get("system") or {})}[rule]
    statuses = set(body.get("statuses") or ["fail"])
    return {"fail"} if "fail" in statuses else statuses
CRAWL = ("import sys, json; from crawler.run import run_crawl; "
         "print('CRAWL_ID', run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, "
         "allow_private=True, hosts=json.loads(sys.argv[3]) or None))")


@dataclass
class SeedResult:
    seed: int
    layout: dict
    counts: dict = field(default_factory=dict)      # rule -> {"tp", "fp", "fn"}
    units: tuple = (0, 0)                           # (found, in the manifest)
    columns: tuple = (0, 0)
    crawl_status: str = ""
    pages: int = 0
    seconds: float = 0.0
    missed: list = field(default_factory=list)      # defects no finding matched
    unexpected: list = field(default_factory=list)  # findings matching no defect
    error: str | None = None

    @property
    def exact(self) -> bool:
        return self.error is None and not self.missed and not self.unexpected

    def to_dict(self) -> dict:
        return asdict(self)


def score(findings: list[dict], manifest: dict) -> tuple[dict, list, list]:
    """Per rule true/false positives and false negatives of `fail` findings vs the manifest."""
    from govaudit.groundtruth import compare

    counts, missed, unexpected = {}, [], []
    for rule in RULES:
        got = [f for f in findings if f.get("rule") == rule and f.get("status") in counted(rule)]
        planted = [d for d in manifest["defects"] if d["rule"] == rule]
        result = compare(got, {"defects": planted})
        counts[rule] = {"tp": len(result.found), "fp": len(result.unexpected),
                        "fn": len(result.missed)}
        missed += result.missed
        unexpected += [{"rule": f.get("rule"), "unit": f.get("unit"),
                        "category": f.get("category"),
                        "column_url": (f.get("column") or {}).get("url"), "url": f.get("url")}
                       for f in result.unexpected]
    return counts, missed, unexpected


def discovery(db_path: Path, crawl_id: int, manifest: dict) -> tuple[tuple, tuple, set]:
    """How many manifest units (by landing page) and columns (by list address) the crawl
    recorded, and the names of the manifest units it found."""
    import sqlite_utils

    db = sqlite_utils.Database(db_path)
    units = {location(r["url"]) for r in db["units"].rows_where("crawl_id = ?", [crawl_id])}
    cols = {location(r["url"]) for r in db["columns"].rows_where("crawl_id = ?", [crawl_id])}
    found = {u["name"] for u in manifest["units"] if location(u["url"]) in units}
    want_cols = [location(c["url"]) for c in manifest["columns"] if c["role"] == "column"]
    return ((len(found), len(manifest["units"])),
            (sum(c in cols for c in want_cols), len(want_cols)), found)


def audit_seed(seed: int, as_of: dt.date, workdir: Path, timeout: int = 300,
               overrides: dict | None = None, give_hosts: bool = False) -> SeedResult:
    """`overrides` force layout axes; `give_hosts` passes the second host as `--hosts` (to
    tell what host discovery costs from everything else)."""
    from checks.runner import run_checks
    from ground.store import Store
    from replica.portalgen import build
    from replica.portalgen.serve import start
    from reports.findings_json import build_document
    from reports.load import load_audit

    started = time.monotonic()
    built = build(seed, as_of, overrides)
    result = SeedResult(seed, dict(built.manifest["layout"]))
    db = Path(workdir) / f"portal-{seed}.db"
    db.unlink(missing_ok=True)
    with start(built) as served:
        manifest = served.manifest
        hosts = [b.split("://", 1)[1] for label, b in served.bases.items()
                 if label != "main"] if give_hosts else []
        proc = subprocess.run([sys.executable, "-c", CRAWL, served.url, str(db),
                               json.dumps(hosts)],
                              capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0 or "CRAWL_ID" not in proc.stdout:
        result.error = (proc.stderr or proc.stdout)[-2000:]
        return result
    crawl_id = int(proc.stdout.split("CRAWL_ID")[1].split()[0])
    store = Store(str(db))
    try:
        audit_id = run_checks(store, crawl_id, as_of, processes=1)
        findings = build_document(load_audit(store, audit_id))["findings"]
        crawl = store.db["crawls"].get(crawl_id)
    finally:
        store.close()
    result.crawl_status = crawl["status"]
    result.pages = crawl.get("pages_fetched") or 0
    result.counts, result.missed, result.unexpected = score(findings, manifest)
    result.units, result.columns, found = discovery(db, crawl_id, manifest)
    kinds = {u["name"]: u["kind"] for u in manifest["units"]}
    for defect in result.missed:  # was the unit itself out of sight?
        defect["unit_found"] = defect["unit"] in found
    for finding in result.unexpected:
        finding["unit_kind"] = kinds.get(finding["unit"])
    result.seconds = round(time.monotonic() - started, 1)
    return result
