"""Distributed crawl of one portal (`--redis URL`): one coordinator, any number of workers.

Roles:
- The coordinator (`govaudit crawl URL --redis R`, `run_coordinator`) creates the crawl row in
  its SQLite store, publishes the crawl in Redis, seeds the shared request queue with the
  homepage, and is the store's only writer: workers push every fact (page, link, column, item …)
  onto a Redis list that it applies in arrival order. It ends the crawl when the queue is empty
  and every worker is idle (see `Termination`), then saves the final columns and closes the row.
- Workers (`govaudit worker --redis R`, `run_worker`), on this or other machines, run
  PortalSpider with scrapy-redis's scheduler and duplicate filter on that queue. What a callback
  needs from earlier callbacks is in the request (cb_kwargs/meta, which scrapy-redis pickles) or
  in Redis (crawler/shared.py), never only in one worker's memory.

Redis keys of one crawl start with `govaudit:<token>:` (token: random, per crawl): `config`,
`requests` (scrapy-redis queue), `dupefilter`, `requested`, `columns`, `units`, `site`,
`changes`, `lock`, `facts`, `workers`, `stats`, `done`. `govaudit:crawls` lists the running
crawls for workers started without `--crawl`. The coordinator deletes the crawl's keys at the end.

Trust: requests and facts are pickled (scrapy-redis's own format), so whoever can write to this
Redis can run code in the workers and the coordinator: use a private Redis with a password.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import socket
import subprocess
import sys
import time
import uuid

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler import settings as default_settings

REGISTRY = "govaudit:crawls"
HEARTBEAT_S = 0.5
STALE_AFTER_S = 60.0  # a worker silent this long is taken for dead (its pages are lost)
# Store methods a worker may ask the coordinator to call (everything PortalSpider writes).
FACT_METHODS = frozenset({
    "record_page", "record_body", "record_links", "upsert_unit", "upsert_column",
    "insert_items", "record_text", "record_document", "record_message", "record_relations",
    "update_item", "update_crawl",
})

log = logging.getLogger(__name__)


class DistributedError(RuntimeError):
    """A distributed crawl cannot start or go on (message in Chinese, for the user)."""


def prefix_of(token: str) -> str:
    return f"govaudit:{token}:"


def connect(redis_url: str, *, decode: bool = True):
    import redis

    server = redis.Redis.from_url(redis_url, decode_responses=decode)
    try:
        server.ping()
    except redis.RedisError as exc:
        raise DistributedError(f"无法连接 Redis（{redis_url}）：{exc}") from exc
    return server


# -- worker side ----------------------------------------------------------------------------------


class RemoteStore:
    """Stands in for ground.store.Store in a worker: each write becomes a record on the
    crawl's `facts` list, applied by the coordinator in arrival order."""

    def __init__(self, server, key: str):
        self._server, self._key = server, key

    def __getattr__(self, name: str):
        if name not in FACT_METHODS:
            raise AttributeError(name)

        def forward(*args, **kwargs):
            self._server.rpush(self._key, pickle.dumps((name, args, kwargs), protocol=4))

        return forward


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, counting the requests this worker took from the queue (the
    coordinator's termination check needs to know that nothing was taken between two looks)."""

    taken = 0

    def next_request(self):
        request = super().next_request()
        if request is not None:
            self.taken += 1
        return request


class WorkerStatus:
    """Extension of a worker: a heartbeat in Redis (busy or idle, requests taken) every half
    second, and the stop rule: an idle worker stays open until the coordinator says `done`."""

    def __init__(self, crawler):
        import redis

        settings = crawler.settings
        self.crawler = crawler
        self.prefix = settings["GOVAUDIT_REDIS_PREFIX"]
        self.name = settings["GOVAUDIT_WORKER_NAME"]
        self.server = redis.Redis.from_url(settings["GOVAUDIT_REDIS_URL"],
                                           decode_responses=True)
        self.seq = 0
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("GOVAUDIT_REDIS_URL"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def _busy(self) -> bool:
        engine = self.crawler.engine
        slot = engine._slot  # noqa: SLF001 - no public view of requests in flight
        return bool(
            engine._start is not None  # noqa: SLF001
            or (slot is not None and slot.inprogress)
            or engine.downloader.active
            or not engine.scraper.slot.is_idle()
        )

    def _report(self, closed: bool = False) -> bool:
        engine = self.crawler.engine
        scheduler = getattr(engine._slot, "scheduler", None)  # noqa: SLF001
        busy = False if closed else self._busy()
        self.seq += 1
        self.server.hset(self.prefix + "workers", self.name, json.dumps({
            "seq": self.seq, "busy": busy, "taken": getattr(scheduler, "taken", 0),
            "closed": closed}))
        return busy

    def opened(self, spider):
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(HEARTBEAT_S, now=True)

    def beat(self):
        try:
            busy = self._report()
            slot = self.crawler.engine._slot  # noqa: SLF001
            if not busy and slot is not None and (
                    self.server.zcard(self.prefix + "requests")
                    or self.server.exists(self.prefix + "done")):
                # Scrapy looks at an idle scheduler only every 5 s: look now.
                slot.nextcall.schedule()
        except Exception:  # a missed beat is harmless; the next one reports again
            log.warning("heartbeat failed", exc_info=True)

    def idle(self, spider):
        if not self.server.exists(self.prefix + "done"):
            raise DontCloseSpider

    def closed(self, spider, reason):
        from crawler.incremental import crawl_counts

        if self.loop and self.loop.running:
            self.loop.stop()
        # What this worker cost the site, summed by the coordinator, then "closed".
        self.server.rpush(self.prefix + "stats", json.dumps({
            "worker": self.name, **crawl_counts(self.crawler.stats.get_stats())}))
        self._report(closed=True)


def worker_settings(redis_url: str, prefix: str, name: str) -> dict:
    return {
        "SCHEDULER": "crawler.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": prefix + "requests",
        "SCHEDULER_DUPEFILTER_KEY": prefix + "dupefilter",
        # Keep the queue when one worker stops: the others (and the coordinator) still need it.
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_URL": redis_url,
        "GOVAUDIT_REDIS_URL": redis_url,
        "GOVAUDIT_REDIS_PREFIX": prefix,
        "GOVAUDIT_WORKER_NAME": name,
        "EXTENSIONS": {**default_settings.EXTENSIONS, "crawler.distributed.WorkerStatus": 600},
    }


def find_crawl(server, wait_s: float) -> str:
    """The token of a running crawl (the oldest one), waiting up to `wait_s` for one."""
    deadline = time.monotonic() + wait_s
    while True:
        tokens = sorted(server.smembers(REGISTRY))
        live = [(server.hget(prefix_of(t) + "config", "started") or "", t) for t in tokens
                if server.exists(prefix_of(t) + "config")]
        if live:
            return min(live)[1]
        if time.monotonic() >= deadline:
            raise DistributedError(f"Redis 中没有正在进行的分布式抓取（等待了 {wait_s:.0f} 秒）")
        time.sleep(0.5)


def run_worker(redis_url: str, token: str | None = None, *, wait_s: float = 60.0,
               progress: bool = True) -> str:
    """Join a distributed crawl (the given one, else the oldest running) until it is done;
    return its token."""
    from scrapy.crawler import CrawlerProcess

    from crawler.run import build_settings
    from crawler.spiders.portal import PortalSpider

    server = connect(redis_url)
    token = token or find_crawl(server, wait_s)
    prefix = prefix_of(token)
    raw = server.hget(prefix + "config", "json")
    if raw is None:
        raise DistributedError(f"Redis 中找不到分布式抓取 {token}（可能已经结束）")
    config = json.loads(raw)
    name = f"{socket.gethostname()}:{os.getpid()}"
    settings = build_settings(config["url"], polite=config["polite"], progress=progress,
                              extra={**config["extra_settings"],
                                     **worker_settings(redis_url, prefix, name)},
                              allow_private=config["allow_private"])
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(PortalSpider)
    store = RemoteStore(connect(redis_url, decode=False), prefix + "facts")
    process.crawl(crawler, url=config["url"], store=store, crawl_id=config["crawl_id"],
                  max_pages=config["max_pages"], hosts=config["hosts"])
    process.start()
    return token


# -- coordinator side -----------------------------------------------------------------------------


class FactWriter:
    """Applies the workers' fact records to the store, in arrival order. Article facts are also
    kept here and joined onto list entries inserted later (an article read by one worker before
    another worker read the list that links it), as PortalSpider does in one process."""

    def __init__(self, store):
        self.store = store
        self.article_facts: dict[str, dict] = {}

    def apply(self, blobs) -> None:
        for blob in blobs:
            name, args, kwargs = pickle.loads(blob)  # noqa: S301 - our workers, private Redis
            if name not in FACT_METHODS:
                raise DistributedError(f"未知的写入请求：{name}")
            if name == "update_item":
                self.article_facts.setdefault(args[1], {}).update(args[2])
            elif name == "insert_items":
                args = (args[0], [{**row, **self.article_facts.get(row["url"], {})}
                                  for row in args[1]])
            getattr(self.store, name)(*args, **kwargs)


class Termination:
    """When is a distributed crawl over? When, at one instant, the queue is empty and no worker
    holds a request: then nobody can ever add one. Workers report (busy, requests taken, a
    sequence number) every half second; queue length and reports are read in one Redis
    transaction. The crawl is over after two such reads, all idle with an empty queue, where
    every worker has reported again in between and taken nothing: each worker was then idle
    throughout, including at the first read, when the queue was empty."""

    def __init__(self):
        self.previous: dict | None = None
        self.last_change: dict[str, tuple[int, float]] = {}

    def over(self, queue_len: int, reports: dict[str, dict]) -> bool:
        now = time.monotonic()
        for name, r in reports.items():
            seq = self.last_change.get(name)
            if seq is None or seq[0] != r["seq"]:
                self.last_change[name] = (r["seq"], now)
        live = {n: r for n, r in reports.items() if not r["closed"]}
        if queue_len or not live or any(r["busy"] for r in live.values()):
            self.previous = None
            return False
        snapshot = {n: (r["seq"], r["taken"]) for n, r in live.items()}
        prev = self.previous
        if prev is None or set(prev) != set(snapshot) or any(
                snapshot[n][1] != prev[n][1] for n in snapshot):
            self.previous = snapshot
            return False
        return all(snapshot[n][0] > prev[n][0] for n in snapshot)

    def silent(self) -> list[str]:
        """Workers whose heartbeat stopped (killed, machine lost)."""
        now = time.monotonic()
        return [n for n, (_, at) in self.last_change.items() if now - at > STALE_AFTER_S]


def _seed(server, raw_server, prefix: str, config: dict) -> None:
    """Put the homepage request on the shared queue (serialised as scrapy-redis does)."""
    from scrapy_redis.queue import PriorityQueue

    from crawler.shared import SharedState
    from crawler.spiders.portal import PortalSpider

    spider = PortalSpider(config["url"], store=None, crawl_id=config["crawl_id"],
                          max_pages=config["max_pages"], hosts=config["hosts"])
    spider.use_shared(SharedState(server, prefix))
    spider.page_maxsize = int(config["extra_settings"].get(
        "GOVAUDIT_PAGE_MAXSIZE", default_settings.GOVAUDIT_PAGE_MAXSIZE))
    PriorityQueue(raw_server, spider, prefix + "requests").push(spider.home_request())


def _spawn_workers(redis_url: str, token: str, count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-m", "govaudit", "worker", "--redis", redis_url,
                              "--crawl", token, "--quiet"])
            for _ in range(count)]


def run_coordinator(url: str, db_path: str, redis_url: str, *, polite: bool = True,
                    progress: bool = True, max_pages: int | None = None,
                    extra_settings: dict | None = None, allow_private: bool = False,
                    hosts: list[str] | None = None, workers: int = 0,
                    token_file: str | None = None) -> int:
    """Run a distributed crawl of `url` into the store at `db_path`; return the crawl id.

    `workers` local worker processes are started here; more can join from any machine with
    `govaudit worker --redis <same URL>`. Blocks until the crawl is over. `token_file`, if
    given, receives the crawl's token once it is published (for scripts and tests)."""
    from crawler.safety import check_start_url
    from crawler.shared import SharedState
    from crawler.spiders.placement import settle
    from crawler.spiders.portal import column_level
    from ground import __version__
    from ground.store import Store

    if "://" not in url:
        url = "http://" + url
    check_start_url(url, allow_private)
    for host in hosts or []:
        check_start_url(host if "://" in host else "http://" + host, allow_private)
    server = connect(redis_url)
    raw = connect(redis_url, decode=False)
    token = uuid.uuid4().hex[:12]
    prefix = prefix_of(token)
    store = Store(db_path)
    store.db.execute("PRAGMA synchronous=NORMAL")
    options = {"polite": polite, "max_pages": max_pages, **(extra_settings or {}),
               "distributed": {"token": token}}
    if hosts:
        options["hosts"] = list(hosts)
    crawl_id = store.start_crawl(url, settings=options, tool_version=__version__)
    spawned: list[subprocess.Popen] = []
    writer = FactWriter(store)
    termination = Termination()
    status, error = "failed", None
    last_line = 0.0
    config = {"url": url, "crawl_id": crawl_id, "polite": polite, "max_pages": max_pages,
              "hosts": list(hosts or []), "allow_private": allow_private,
              "extra_settings": extra_settings or {}}
    try:
        server.hset(prefix + "config", mapping={
            "json": json.dumps(config, ensure_ascii=False),
            "started": f"{time.time():.3f}"})
        _seed(server, raw, prefix, config)
        server.sadd(REGISTRY, token)
        if token_file:
            with open(token_file, "w", encoding="utf-8") as f:
                f.write(token)
        spawned = _spawn_workers(redis_url, token, workers)
        if progress:
            sys.stderr.write(f"分布式抓取 {token} 已开始：其他机器可运行 "
                             f"govaudit worker --redis <同一 Redis> --crawl {token} 加入\n")
        while True:
            blobs = raw.lpop(prefix + "facts", 1000)
            if blobs:
                with store.db.conn:
                    writer.apply(blobs)
                continue
            pipe = raw.pipeline(transaction=True)
            pipe.zcard(prefix + "requests")
            pipe.hgetall(prefix + "workers")
            queue_len, reports = pipe.execute()
            reports = {k.decode(): json.loads(v) for k, v in reports.items()}
            if termination.over(queue_len, reports):
                status = "complete"
                break
            lost = termination.silent() + [n for n, r in reports.items() if r["closed"]]
            if lost:
                status, error = "interrupted", f"工作进程提前退出：{', '.join(sorted(lost))}"
                break
            if progress and time.monotonic() - last_line > 2:
                last_line = time.monotonic()
                sys.stderr.write(f"分布式抓取 {token}：工作进程 {len(reports)} 个，"
                                 f"队列 {queue_len}，已请求 {server.scard(prefix + 'requested')} 个网址\n")
            item = raw.blpop(prefix + "facts", timeout=HEARTBEAT_S)
            if item:
                with store.db.conn:
                    writer.apply([item[1]])
    except KeyboardInterrupt:
        status, error = "stopped", "用户中断（Ctrl-C）"
    except Exception as exc:
        status, error = "failed", f"{type(exc).__name__}: {exc}"
        raise
    finally:
        server.set(prefix + "done", "1")
        _wait_for_workers(raw, prefix, spawned)
        while blobs := raw.lpop(prefix + "facts", 1000):
            with store.db.conn:
                writer.apply(blobs)
        # The final save of every column (as PortalSpider.closed does alone): levels settle
        # only once every parent is known.
        shared = SharedState(server, prefix)
        columns = shared.columns()
        # Every claim is in: each column's place decided once more over all of them
        # (crawler/spiders/placement.py), its list entries moved with it.
        units = shared.units()
        settle(columns, units, next((k for k, u in units.items() if u.kind == "county"), None))
        with store.db.conn:
            for col in columns.values():
                col.level = column_level(col, columns)
                store.upsert_column(crawl_id, col.row())
                if col.item_urls and col.items_unit != col.unit_key:
                    store.move_items(crawl_id, col.key, col.unit_key)
        requested = server.scard(prefix + "requested")
        if status == "complete" and max_pages is not None and requested >= max_pages:
            status, error = "capped", f"已达到页面上限 {max_pages}"
        counts = {"requests": 0, "not_modified": 0, "reused": 0}
        per_worker = {}
        for entry in server.lrange(prefix + "stats", 0, -1):
            data = json.loads(entry)
            per_worker[data.pop("worker")] = data["requests"]
            for k, v in data.items():
                counts[k] = counts.get(k, 0) + v
        # Requests each worker sent to the site: shows the work was shared.
        options["distributed"]["workers"] = per_worker
        store.update_crawl(crawl_id, settings=json.dumps(options, ensure_ascii=False))
        store.finish_crawl(crawl_id, status=status, error=error,
                           site_name=server.hget(prefix + "site", "site_name"))
        store.update_crawl(crawl_id, **counts)
        store.close()
        _forget(server, prefix, token)
    return crawl_id


def _wait_for_workers(raw, prefix: str, spawned: list[subprocess.Popen],
                      timeout_s: float = 30.0) -> None:
    """Give workers time to close (they report `closed` and push their stats)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        reports = [json.loads(v) for v in raw.hgetall(prefix + "workers").values()]
        if all(r["closed"] for r in reports) and all(p.poll() is not None for p in spawned):
            break
        time.sleep(0.2)
    for proc in spawned:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _forget(server, prefix: str, token: str) -> None:
    server.srem(REGISTRY, token)
    keys = list(server.scan_iter(match=prefix + "*", count=1000))
    if keys:
        server.delete(*keys)
