"""Evidence (留痕) in the report folder: the saved pages each finding rests on.

For every finding the pages it rests on (the finding's own URL, its column, the pages named in
its evidence, the referrers of a broken link, the pages searched for a missing column) are
looked up in the crawl; each one that has a saved body is written once into `evidence/`:

* `<sha256>.html.gz`: the body exactly as received, gzip-compressed (check it with
  `gunzip -c <sha256>.html.gz | sha256sum`);
* `<sha256>.html`: a safe view (reports/evidence_page.py): the page rendered in a sandboxed
  frame with scripts off, its source escaped inside `<pre>`, the quoted text highlighted and a
  link back to each finding resting on it, all under a Content Security Policy that forbids
  every script, so a hostile page can never run when opened from the report.

The raw HTML is never written as an `.html` file: opened from disk it would run with the
report's own origin.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ground.store import Store

from reports.load import AuditData

EVIDENCE_DIR = "evidence"
# Evidence keys whose value is (or lists) a page the finding rests on, in display order.
PAGE_KEYS = ("page_url", "article_url", "report_url", "column_url", "unit_url", "homepage_url",
             "searched_pages", "referrers")
EMBED_LIMIT = 2 * 1024 * 1024  # compressed bytes a single-file report may carry
MAX_PAGES = 6  # per finding: a broken link on 200 pages keeps the first few as evidence
# Nothing from the page may run or load: no script, no frame, no image, no form.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"


@dataclass(frozen=True)
class Snapshot:
    url: str
    title: str | None
    fetched_at: str | None
    status: int | None
    sha256: str
    bytes: int
    view: str  # path of the safe view, relative to the report root
    download: str  # path of the .html.gz, relative to the report root


def finding_pages(finding: dict) -> list[str]:
    """URLs of the pages a finding rests on, most direct first, without repeats."""
    urls = [finding.get("url"), finding.get("column_url")]
    evidence = finding.get("evidence") or {}
    for key in PAGE_KEYS:
        value = evidence.get(key)
        urls += value if isinstance(value, list) else [value]
    out = []
    for url in urls:
        if isinstance(url, str) and url and url not in out:
            out.append(url)
    return out


def write_evidence(store: Store, data: AuditData,
                   out_dir: str | Path | None) -> dict[int, list[Snapshot]]:
    """Write the saved pages of every finding into `out_dir/evidence`; return finding id →
    its snapshots (empty when nothing was saved, e.g. a crawl made before m004). With
    `out_dir` None nothing is written (a single-file report embeds what it needs).

    Each safe view lists the findings resting on the page (with a link back to each) and
    highlights the text they quote; so the pages are written once every finding is known."""
    folder = Path(out_dir) / EVIDENCE_DIR if out_dir is not None else None
    crawl_id = data.crawl["id"]
    cache: dict[str, tuple[Snapshot, dict] | None] = {}
    citing: dict[str, list[dict]] = {}  # sha256 -> findings resting on that page
    result: dict[int, list[Snapshot]] = {}
    for finding in data.findings:
        snaps: list[Snapshot] = []
        for url in finding_pages(finding):
            if url not in cache:
                cache[url] = _snapshot(store, crawl_id, url)
            if cache[url] is not None and cache[url][0] not in snaps:
                snaps.append(cache[url][0])
                citing.setdefault(cache[url][0].sha256, []).append(finding)
            if len(snaps) >= MAX_PAGES:
                break
        result[finding["id"]] = snaps
    if folder is not None:
        from reports.evidence_page import finding_links, safe_view

        links = finding_links(data)
        pages = {entry[0].sha256: entry[1] for entry in cache.values() if entry is not None}
        for sha, page in pages.items():
            body = store.body(sha)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{sha}.html.gz").write_bytes(body["gzip"])
            (folder / f"{sha}.html").write_text(
                safe_view(page, body, citing.get(sha, []), links), encoding="utf-8")
    return result


def _snapshot(store: Store, crawl_id: int, url: str) -> tuple[Snapshot, dict] | None:
    page = store.page(crawl_id, url)
    if not page or not page.get("sha256"):
        return None
    sha = page["sha256"]
    if store.body(sha) is None:
        return None
    return Snapshot(url=page["url"], title=page.get("title"), fetched_at=page.get("fetched_at"),
                    status=page.get("status"), sha256=sha, bytes=page.get("bytes") or 0,
                    view=f"{EVIDENCE_DIR}/{sha}.html",
                    download=f"{EVIDENCE_DIR}/{sha}.html.gz"), page


def embedded_downloads(store: Store, snapshots: Iterable[Snapshot],
                       limit: int = EMBED_LIMIT) -> dict[str, str]:
    """sha256 → `data:application/gzip;base64,…` for a single-file report, as long as the total
    stays under `limit` bytes. Offered only as a download (`download` attribute), never shown
    as a page."""
    out: dict[str, str] = {}
    total = 0
    for snap in snapshots:
        if snap.sha256 in out:
            continue
        body = store.body(snap.sha256)
        if body is None or total + len(body["gzip"]) > limit:
            continue
        total += len(body["gzip"])
        out[snap.sha256] = "data:application/gzip;base64," + base64.b64encode(body["gzip"]).decode()
    return out
