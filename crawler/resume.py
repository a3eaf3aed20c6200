"""Resuming a crawl that was killed: every answer is kept on disk as it arrives (Scrapy's
HttpCacheMiddleware), so `--resume` replays what was already fetched and asks the portal only
for the rest.

Why not JOBDIR alone: Scrapy writes the JOBDIR queue state and `spider.state` only on a clean
shutdown, so after SIGKILL (OOM killer, a lost CI runner) there is nothing consistent to resume
from; and the spider's own bookkeeping (columns, units, list counters) is rebuilt from the
pages, which a replay does exactly. The answers go to one append-only log per crawl
(`ReplayLogStorage`): a kill in the middle of a write tears at most the last record, which the
next open cuts off.

The cache lives next to the database (`<db>.resume/<site>/`); it is wiped when a fresh crawl of
the same site starts and deleted when a crawl completes. Errors worth retrying (5xx, 429, WAF
challenges) are never cached: a resumed crawl asks again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import struct
import time
import zlib
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
        "HTTPCACHE_STORAGE": "crawler.resume.ReplayLogStorage",
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


class ReplayLogStorage:
    """HttpCache storage in one append-only file per crawl (`replay.log`): each answer is one
    record appended with a single write as it arrives. A kill in the middle of a write can only
    tear the last record; opening the log keeps the whole records before it and cuts the rest
    off, so a resumed crawl replays every answer that was written whole and asks again for the
    others.

    Why not a file per answer (Scrapy's FilesystemCacheStorage writes a directory of seven, this
    module once wrote one renamed into place): creating, renaming and finally deleting a file
    per answer cost 1.4 ms of CPU per page, 15 % of the whole crawl (docs/crawl-performance.md);
    an append costs a write. Lookups use an index of the log built at open, so a fresh crawl,
    whose log is empty, never touches the disk to learn that an answer is not there.

    Record: `GVR1`, the request fingerprint (20 bytes), the payload's length and CRC-32 (4 bytes
    each, big-endian), then the payload (a pickled dict, as `response_from_dict` reads it).
    """

    NAME = "replay.log"

    def __init__(self, settings):
        self.cachedir = Path(settings["HTTPCACHE_DIR"])
        self._fingerprinter = None
        self._fd: int | None = None
        self._index: dict[bytes, tuple[int, int, int]] = {}  # key -> (offset, length, crc)
        self._end = 0

    def open_spider(self, spider) -> None:
        self._fingerprinter = spider.crawler.request_fingerprinter
        self.cachedir.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.cachedir / self.NAME, os.O_RDWR | os.O_CREAT, 0o600)
        self._index, self._end = read_index(self._fd)
        os.ftruncate(self._fd, self._end)  # a torn last record goes; appends follow whole ones

    def close_spider(self, spider) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _key(self, request) -> bytes:
        return self._fingerprinter.fingerprint(request)

    def retrieve_response(self, spider, request):
        found = self._index.get(self._key(request))
        if found is None:
            return None
        offset, length, crc = found
        payload = os.pread(self._fd, length, offset)
        if len(payload) != length or zlib.crc32(payload) != crc:
            return None  # unreadable: ask the portal again
        try:
            data = pickle.loads(payload)  # noqa: S301 - our own file, written by store_response
        except (pickle.UnpicklingError, EOFError, ValueError):
            return None
        request.meta["cache_timestamp"] = data.pop("timestamp", 0)
        return response_from_dict(data)

    def store_response(self, spider, request, response) -> None:
        key = self._key(request)
        if key in self._index:
            return
        payload = pickle.dumps({"url": response.url, "status": response.status,
                                "headers": dict(response.headers), "body": response.body,
                                "flags": list(response.flags), "timestamp": time.time()},
                               protocol=4)
        crc = zlib.crc32(payload)
        header = _HEADER.pack(_MAGIC, key, len(payload), crc)
        _write_all(self._fd, [header, payload], self._end)
        self._index[key] = (self._end + _HEADER.size, len(payload), crc)
        self._end += _HEADER.size + len(payload)


_MAGIC = b"GVR1"
_HEADER = struct.Struct(">4s20sII")


def read_index(fd: int) -> tuple[dict[bytes, tuple[int, int, int]], int]:
    """The whole records of a replay log (first record of a key wins) and where they end."""
    index: dict[bytes, tuple[int, int, int]] = {}
    size = os.fstat(fd).st_size
    end = 0
    while end + _HEADER.size <= size:
        magic, key, length, crc = _HEADER.unpack(os.pread(fd, _HEADER.size, end))
        if magic != _MAGIC or end + _HEADER.size + length > size:
            break
        index.setdefault(key, (end + _HEADER.size, length, crc))
        end += _HEADER.size + length
    return index, end


def _write_all(fd: int, parts: list[bytes], offset: int) -> None:
    """Write `parts` at `offset` (the log's end); a short write is continued, never left."""
    total = sum(len(part) for part in parts)
    written = os.pwritev(fd, parts, offset) if hasattr(os, "pwritev") else 0
    rest = memoryview(b"".join(parts))[written:] if written < total else memoryview(b"")
    offset += written
    while rest:
        step = os.pwrite(fd, rest, offset)
        rest, offset = rest[step:], offset + step
