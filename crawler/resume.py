"""Resuming a crawl that was killed: every answer is kept on disk as it arrives (Scrapy's
HttpCacheMiddleware), so `--resume` replays what was already fetched and asks the portal only
for the rest.

Why not JOBDIR alone: Scrapy writes the JOBDIR queue state and `spider.state` only on a clean
shutdown, so after SIGKILL (OOM killer, a lost CI runner) there is nothing consistent to resume
from; and the spider's own bookkeeping (columns, units, list counters) is rebuilt from the
pages, which a replay does exactly. Each cache entry is written to a side directory and renamed
into place, so a kill in the middle of a write leaves no half entry.

The cache lives next to the database (`<db>.resume/<site>/`); it is wiped when a fresh crawl of
the same site starts and deleted when a crawl completes. Errors worth retrying (5xx, 429, WAF
challenges) are never cached: a resumed crawl asks again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from scrapy.extensions.httpcache import FilesystemCacheStorage

from crawler.extract.urls import netloc

NOT_CACHED = [403, 408, 412, 429, 500, 502, 503, 504, 521, 522, 524]


def state_dir(db_path: str, url: str) -> Path:
    """Where the resumable state of crawls of `url` into `db_path` is kept."""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    label = netloc(url).replace(":", "_")
    return Path(f"{db_path}.resume") / f"{label}-{digest}"


def cache_settings(directory: Path) -> dict:
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_DIR": str(directory.resolve()),
        "HTTPCACHE_STORAGE": "crawler.resume.AtomicFilesystemCacheStorage",
        "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.DummyPolicy",
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "HTTPCACHE_IGNORE_HTTP_CODES": NOT_CACHED,
    }


def discard(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    parent = directory.parent
    if parent.exists() and not any(parent.iterdir()):
        parent.rmdir()


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    """FilesystemCacheStorage whose entries appear whole or not at all."""

    _target: Path | None = None

    def _get_request_path(self, spider, request) -> str:
        if self._target is not None:
            return str(self._target)
        return super()._get_request_path(spider, request)

    def store_response(self, spider, request, response) -> None:
        final = Path(self._get_request_path(spider, request))
        if final.exists():
            return
        part = final.with_name(final.name + f".part{os.getpid()}")
        shutil.rmtree(part, ignore_errors=True)
        # The reactor is single-threaded: nothing else reads _target meanwhile.
        self._target = part
        try:
            super().store_response(spider, request, response)
        finally:
            self._target = None
        os.replace(part, final)
