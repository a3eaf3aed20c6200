"""Write the static report of one audit: index.html, units/<n>.html and findings.json.

The report is plain HTML with inline CSS: no JavaScript, no CDN, so it opens offline from disk
and prints. Autoescaping is on for every template because titles, anchor texts and URLs come
from crawled pages.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from govaudit.store import Store

from reports.context import index_context, safe_href, unit_context
from reports.evidence import write_evidence
from reports.findings_json import write_findings_json
from reports.load import load_audit


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
    return env


def write_report(store: Store, audit_id: int, out_dir: str | Path) -> Path:
    """Render audit `audit_id` into `out_dir` and return the path of index.html."""
    data = load_audit(store, audit_id)
    out = Path(out_dir)
    (out / "units").mkdir(parents=True, exist_ok=True)
    env = environment()
    snapshots = write_evidence(store, data, out)
    index = out / "index.html"
    index.write_text(env.get_template("index.html").render(**index_context(data, snapshots),
                                                           root="", evidence_links=True),
                     encoding="utf-8")
    unit_template = env.get_template("unit.html")
    for unit in data.units:
        html = unit_template.render(**unit_context(data, unit, snapshots), root="../",
                                    evidence_links=True)
        (out / "units" / f"{unit.number}.html").write_text(html, encoding="utf-8")
    write_findings_json(store, audit_id, out, data=data)
    return index
