"""Write the static report of one audit: index.html, units/<n>.html, rules/<rule>.html,
evidence/ and findings.json; or one self-contained HTML file for a single unit.

The report is plain HTML with inline CSS and inline SVG, no CDN, so it opens offline from disk
and prints; its one script (sorting the overview grid, templates/sort.js) is allowed by hash in
each page's Content Security Policy, so no other script can run. It (the browser's "Save as PDF" uses the @media print rules).
Autoescaping is on for every template because titles, anchor texts and URLs come from crawled
pages.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ground.store import Store

from reports.context import (index_context, rule_context, rule_index, safe_href, site_context,
                             unit_context)
from reports.documents import write_documents
from reports.evidence import embedded_downloads, write_evidence
from reports.findings_json import write_findings_json
from reports.load import AuditData, UnitData, load_audit
from reports.structure import page_context, site_structure
from reports.trend import trend_points, trend_svg


SORT_SCRIPT = (Path(__file__).parent / "templates" / "sort.js").read_text(encoding="utf-8")
REPORT_CSP = ("script-src 'sha256-" + base64.b64encode(hashlib.sha256(
    SORT_SCRIPT.encode("utf-8")).digest()).decode() + "'; object-src 'none'; base-uri 'none'")


class UnknownUnit(ValueError):
    """`report --unit NAME` named no unit of the audit; the message is shown to the user."""


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        # .html and .j2 escaped, and strings rendered from Python too: nothing crawled is trusted.
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_href"] = safe_href
    # The report's only script (sorting the overview grid) and the CSP that allows exactly it:
    # whatever a crawled page might smuggle past escaping still could not run.
    env.globals["sort_script"] = Markup(SORT_SCRIPT)
    env.globals["report_csp"] = REPORT_CSP
    return env


def write_report(store: Store, audit_id: int, out_dir: str | Path) -> Path:
    """Render audit `audit_id` into `out_dir` and return the path of index.html."""
    data = load_audit(store, audit_id)
    out = Path(out_dir)
    (out / "units").mkdir(parents=True, exist_ok=True)
    (out / "rules").mkdir(parents=True, exist_ok=True)
    env = environment()
    snapshots = write_evidence(store, data, out)
    common = {"evidence_links": True, "embedded": {}, "standalone": False}
    # The SVG is built from counts and our own dates, each text escaped (reports/trend.py).
    trend = Markup(trend_svg(trend_points(store, audit_id, data.crawl["site_url"])))
    index = out / "index.html"
    index.write_text(env.get_template("index.html").render(
        **index_context(data, snapshots), trend_svg=trend, root="", **common), encoding="utf-8")
    documents = write_documents(store, audit_id, out, env, {**site_context(data), **common})
    unit_template = env.get_template("unit.html")
    for unit in data.units:
        html = unit_template.render(**unit_context(data, unit, snapshots), root="../", **common,
                                    documents=documents.get(unit.key, []))
        (out / "units" / f"{unit.number}.html").write_text(html, encoding="utf-8")
    rule_template = env.get_template("rule.html")
    for row in rule_index(data):
        html = rule_template.render(**rule_context(data, row["rule"], snapshots), root="../",
                                    **common)
        (out / row["href"]).write_text(html, encoding="utf-8")
    structure = page_context(site_structure(store, data.crawl["id"]))
    (out / "structure.html").write_text(env.get_template("structure.html").render(
        **site_context(data), **structure, root="", **common), encoding="utf-8")
    write_findings_json(store, audit_id, out, data=data)
    return index


def find_unit(data: AuditData, name: str) -> UnitData:
    """The unit called `name` (or whose key is `name`); a Chinese error naming close matches."""
    wanted = name.strip()
    for unit in data.units:
        if wanted in (unit.name, unit.key):
            return unit
    close = [u.name for u in data.units if wanted and (wanted in u.name or u.name in wanted)]
    hint = f"；是否指：{'、'.join(close[:5])}" if close else ""
    raise UnknownUnit(f"本次检查中没有名为“{name}”的单位{hint}")


def unit_file_name(unit: UnitData) -> str:
    """A file name from the unit's name: characters file systems refuse are replaced."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", unit.name).strip(" .") or f"unit-{unit.number}"
    return f"{cleaned[:80]}.html"


def write_unit_report(store: Store, audit_id: int, unit_name: str, out_dir: str | Path) -> Path:
    """One self-contained HTML file for one unit: inline CSS, no link to other report files, the
    saved pages embedded as downloads (within a size limit)."""
    data = load_audit(store, audit_id)
    unit = find_unit(data, unit_name)
    snapshots = write_evidence(store, data, None)
    own = [s for f in unit.findings for s in snapshots.get(f["id"], ())]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / unit_file_name(unit)
    html = environment().get_template("unit.html").render(
        **unit_context(data, unit, snapshots), root="", evidence_links=False,
        embedded=embedded_downloads(store, own), standalone=True)
    path.write_text(html, encoding="utf-8")
    return path
