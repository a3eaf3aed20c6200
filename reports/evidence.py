"""Evidence (留痕) in the report folder: the saved pages each finding rests on.

For every finding the pages it rests on (the finding's own URL, its column, the pages named in
its evidence, the referrers of a broken link, the pages searched for a missing column) are
looked up in the crawl; each one that has a saved body is written once into `evidence/`:

* `<sha256>.html.gz`: the body exactly as received, gzip-compressed (check it with
  `gunzip -c <sha256>.html.gz | sha256sum`);
* `<sha256>.html`: a safe view: the page source escaped inside `<pre>`, under a Content Security
  Policy that forbids every script, so a hostile page can never run when opened from the report.

The raw HTML is never written as an `.html` file: opened from disk it would run with the
report's own origin.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterable

from govaudit.store import Store

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
    `out_dir` None nothing is written (a single-file report embeds what it needs)."""
    folder = Path(out_dir) / EVIDENCE_DIR if out_dir is not None else None
    crawl_id = data.crawl["id"]
    written: dict[str, bool] = {}
    cache: dict[str, Snapshot | None] = {}
    result: dict[int, list[Snapshot]] = {}
    for finding in data.findings:
        snaps = []
        for url in finding_pages(finding):
            if url not in cache:
                cache[url] = _snapshot(store, crawl_id, url, folder, written)
            if cache[url] is not None and cache[url] not in snaps:
                snaps.append(cache[url])
            if len(snaps) >= MAX_PAGES:
                break
        result[finding["id"]] = snaps
    return result


def _snapshot(store: Store, crawl_id: int, url: str, folder: Path | None,
              written: dict[str, bool]) -> Snapshot | None:
    page = store.page(crawl_id, url)
    if not page or not page.get("sha256"):
        return None
    sha = page["sha256"]
    if sha not in written:
        body = store.body(sha)
        written[sha] = body is not None
        if body is not None and folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{sha}.html.gz").write_bytes(body["gzip"])
            (folder / f"{sha}.html").write_text(safe_view(page, body), encoding="utf-8")
    if not written[sha]:
        return None
    return Snapshot(url=page["url"], title=page.get("title"), fetched_at=page.get("fetched_at"),
                    status=page.get("status"), sha256=sha, bytes=page.get("bytes") or 0,
                    view=f"{EVIDENCE_DIR}/{sha}.html", download=f"{EVIDENCE_DIR}/{sha}.html.gz")


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


def decode(body: dict) -> str:
    raw = gzip.decompress(body["gzip"])
    try:
        return raw.decode(body.get("encoding") or "utf-8", "replace")
    except LookupError:  # an encoding name Python does not know
        return raw.decode("utf-8", "replace")


def safe_view(page: dict, body: dict) -> str:
    """The page source as text: every character escaped, no script allowed by the CSP."""
    source = escape(decode(body), quote=True)
    rows = [("网址", page.get("url")), ("页面标题", page.get("title")),
            ("抓取时间（UTC）", page.get("fetched_at")), ("HTTP 状态码", page.get("status")),
            ("SHA-256", body["sha256"]), ("大小（字节）", body.get("bytes"))]
    meta = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v if v is not None else ''))}</td></tr>"
                   for k, v in rows)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>页面留存（源代码）</title>
<style>
  body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1rem; color: #222; }}
  table {{ border-collapse: collapse; margin-bottom: 1rem; }}
  th, td {{ border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; word-break: break-all; }}
  th {{ background: #f3f3f3; white-space: nowrap; }}
  pre {{ white-space: pre-wrap; word-break: break-all; background: #fafafa; border: 1px solid #ddd;
         padding: .75rem; font-size: 12px; }}
  .note {{ background: #fffde7; border: 1px solid #fbc02d; padding: .5rem .75rem; font-size: .9rem; }}
</style>
</head>
<body>
<h1>页面留存</h1>
<table>{meta}</table>
<p class="note">以下为抓取时收到的页面源代码，仅以文本显示，页面中的脚本不会运行。原始文件见同目录下的 {escape(body["sha256"])}.html.gz（gzip 压缩，解压后的 SHA-256 与上表一致）。</p>
<pre>{source}</pre>
</body>
</html>
"""
