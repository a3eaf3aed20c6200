"""Resuming a crawl that was killed: every answer is kept on disk as it arrives (Scrapy's
HttpCacheMiddleware), so `--resume` replays what was already fetched and asks the portal only
for the rest.

Why not JOBDIR alone: Scrapy writes the JOBDIR queue state and `spider.state` only on a clean
shutdown, so after SIGKILL (OOM killer, a lost CI runner) there is nothing consistent to resume
from; and the spider's own bookkeeping (columns, units, list counters) is rebuilt from the
pages, which a replay does exactly. Each cache entry is written to a side directory and renamed
into place, so a kill in the middle of a write leaves no half entry; one file per answer keeps
the cost of recording small.

The cache lives next to the database (`<db>.resume/<site>/`); it is wiped when a fresh crawl of
the same site starts and deleted when a crawl completes. Errors worth retrying (5xx, 429, WAF
challenges) are never cached: a resumed crawl asks again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path

from scrapy.responsetypes import responsetypes

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


def response_from_dict(data: dict):
    """A Response of the right class (HtmlResponse, TextResponse …) from a stored answer."""
    from scrapy.http import Headers

    headers = Headers(data["headers"])
    cls = responsetypes.from_args(headers=headers, url=data["url"], body=data["body"])
    return cls(url=data["url"], status=data["status"], headers=headers, body=data["body"],
               flags=data.get("flags"))


class AtomicFilesystemCacheStorage:
    """HttpCache storage with one file per answer (Scrapy's FilesystemCacheStorage writes a
    directory of seven), written to a side name and renamed into place: an entry appears whole
    or not at all, and a crawl pays one small write per page."""

    def __init__(self, settings):
        self.cachedir = Path(settings["HTTPCACHE_DIR"])
        self._fingerprinter = None

    def open_spider(self, spider) -> None:
        self._fingerprinter = spider.crawler.request_fingerprinter
        self.cachedir.mkdir(parents=True, exist_ok=True)

    def close_spider(self, spider) -> None:
        pass

    def _path(self, request) -> Path:
        key = self._fingerprinter.fingerprint(request).hex()
        return self.cachedir / key[:2] / key

    def retrieve_response(self, spider, request):
        path = self._path(request)
        try:
            with open(path, "rb") as f:
                data = pickle.load(f)  # noqa: S301 - our own file, written by store_response
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        request.meta["cache_timestamp"] = data.pop("timestamp", 0)
        return response_from_dict(data)

    def store_response(self, spider, request, response) -> None:
        path = self._path(request)
        if path.exists():
            return
        path.parent.mkdir(exist_ok=True)
        data = {"url": response.url, "status": response.status,
                "headers": dict(response.headers), "body": response.body,
                "flags": list(response.flags), "timestamp": time.time()}
        part = path.with_name(path.name + f".part{os.getpid()}")
        with open(part, "wb") as f:
            pickle.dump(data, f, protocol=4)
        os.replace(part, path)
