"""Distributed mode (`--redis`): two worker processes sharing one Redis crawl the replica portal
and the checks find exactly what they find after a crawl in one process.

Starts its own redis-server on a free loopback port in a temporary directory and stops it after.
Skipped when redis-server is not installed, except in CI (CI=true), where that is a failure
(.ci/run installs the Debian package).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
import sqlite_utils
from click.testing import CliRunner

from govaudit.cli import cli
from tests.loopback import replica_process

AS_OF = "2026-11-27"
REDIS_SERVER = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if REDIS_SERVER is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but redis-server is not installed (.ci/run installs it)")
        pytest.skip("redis-server is not installed")
    import redis

    folder = tmp_path_factory.mktemp("redis")
    for _ in range(5):  # another process may take the port between probe and bind
        port = _free_port()
        proc = subprocess.Popen(
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        pytest.fail("redis-server did not start")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    with replica_process(tmp_path_factory.mktemp("replica"), "--as-of", AS_OF) as (url, _):
        yield url


def _check(db_path) -> list[tuple]:
    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", "--db", str(db_path),
                           "--as-of", AS_OF], capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    db = sqlite_utils.Database(db_path)
    audit_id = db.execute("select max(id) from audits").fetchone()[0]
    return sorted(db.execute(
        "select rule, status, severity, unit_key, column_url, url, message, fingerprint "
        "from findings where audit_id = ?", [audit_id]).fetchall())


def _columns(db_path) -> list[tuple]:
    db = sqlite_utils.Database(db_path)
    return sorted(db.execute(
        "select key, unit_key, parent_key, level, role, category, list_status, pages_fetched, "
        "item_count, placeholder from columns").fetchall(), key=repr)


@pytest.fixture(scope="module")
def single(replica, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("single") / "single.db"
    code = ("import sys; from crawler.run import run_crawl; run_crawl(sys.argv[1], sys.argv[2], "
            "polite=False, progress=False, allow_private=True)")
    proc = subprocess.run([sys.executable, "-c", code, replica, str(db_path)],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return db_path


@pytest.fixture(scope="module")
def distributed(replica, redis_url, tmp_path_factory):
    """A coordinator and, started on their own as on other machines, two workers."""
    folder = tmp_path_factory.mktemp("distributed")
    db_path, token_file = folder / "distributed.db", folder / "token"
    code = ("import sys; from crawler.distributed import run_coordinator; "
            "run_coordinator(sys.argv[1], sys.argv[2], sys.argv[3], polite=False, "
            "progress=False, allow_private=True, token_file=sys.argv[4])")
    coordinator = subprocess.Popen(
        [sys.executable, "-c", code, replica, str(db_path), redis_url, str(token_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers = []
    try:
        deadline = time.monotonic() + 60
        while not token_file.exists() and coordinator.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        assert token_file.exists(), coordinator.communicate(timeout=10)
        workers = [subprocess.Popen(
            [sys.executable, "-m", "govaudit", "worker", "--redis", redis_url, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        out, err = coordinator.communicate(timeout=300)
        assert coordinator.returncode == 0, out + err
        for proc in workers:
            w_out, w_err = proc.communicate(timeout=60)
            assert proc.returncode == 0, w_out + w_err
    finally:
        for proc in [coordinator, *workers]:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return db_path


def test_two_workers_find_what_one_process_finds(single, distributed):
    alone, shared = _check(single), _check(distributed)
    assert alone, "the replica has planted defects: findings expected"
    missing = [f for f in alone if f not in shared]
    extra = [f for f in shared if f not in alone]
    assert not missing and not extra, f"only alone: {missing}\nonly distributed: {extra}"


def test_two_workers_build_the_same_site_structure(single, distributed):
    assert _columns(distributed) == _columns(single)
    count = "select count(*) from pages"
    assert sqlite_utils.Database(distributed).execute(count).fetchone() == \
        sqlite_utils.Database(single).execute(count).fetchone()


def test_both_workers_fetched_pages_and_the_crawl_is_complete(distributed):
    db = sqlite_utils.Database(distributed)
    crawl = db.execute("select status, error, settings, site_name from crawls").fetchone()
    assert crawl[0] == "complete", crawl[1]
    assert crawl[3] == "示例县人民政府"
    workers = json.loads(crawl[2])["distributed"]["workers"]
    assert len(workers) == 2 and all(n > 0 for n in workers.values()), workers


def test_redis_keys_of_the_crawl_are_removed(distributed, redis_url):
    import redis

    assert list(redis.Redis.from_url(redis_url).scan_iter(match="govaudit:*")) == []


def test_a_worker_without_a_running_crawl_says_so(redis_url):
    result = CliRunner().invoke(cli, ["worker", "--redis", redis_url, "--wait", "0"])
    assert result.exit_code == 2
    assert "没有正在进行的分布式抓取" in result.output


def test_options_the_distributed_mode_lacks_are_refused(tmp_path):
    result = CliRunner().invoke(cli, [
        "crawl", "http://127.0.0.1:9/", "--allow-private", "--db", str(tmp_path / "a.db"),
        "--redis", "redis://127.0.0.1:9/0", "--resume"])
    assert result.exit_code == 2
    assert "暂不支持" in result.output


def test_an_unreachable_redis_is_a_clear_error_and_stores_no_crawl(tmp_path):
    db_path = tmp_path / "a.db"
    result = CliRunner().invoke(cli, [
        "crawl", "http://127.0.0.1:9/", "--allow-private", "--db", str(db_path), "--quiet",
        "--redis", f"redis://127.0.0.1:{_free_port()}/0"])
    assert result.exit_code == 2
    assert "无法连接 Redis" in result.output
    assert sqlite_utils.Database(db_path).execute("select count(*) from crawls").fetchone() == (0,)


def _coordinate(replica, db_path, redis_url, **options) -> subprocess.Popen:
    code = ("import json, sys; from crawler.distributed import run_coordinator; "
            "run_coordinator(sys.argv[1], sys.argv[2], sys.argv[3], polite=False, "
            "allow_private=True, **json.loads(sys.argv[4]))")
    return subprocess.Popen(
        [sys.executable, "-c", code, replica, str(db_path), redis_url, json.dumps(options)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_local_workers_and_the_page_cap(replica, redis_url, tmp_path):
    """`--workers 1` starts its worker itself; `--max-pages` caps the shared crawl and the crawl
    says it stopped there."""
    db_path = tmp_path / "capped.db"
    proc = _coordinate(replica, db_path, redis_url, workers=1, max_pages=40, progress=False)
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, out + err
    db = sqlite_utils.Database(db_path)
    status, error, settings = db.execute("select status, error, settings from crawls").fetchone()
    assert status == "capped" and "40" in error
    assert len(json.loads(settings)["distributed"]["workers"]) == 1
    assert 0 < db.execute("select count(*) from pages").fetchone()[0] <= 40


def test_a_worker_stopped_early_leaves_the_crawl_interrupted(replica, redis_url, tmp_path):
    """Ctrl-C on a worker in the middle: pages it had taken are lost, so the crawl must not
    claim to be complete; what was stored stays."""
    import signal

    db_path, token_file = tmp_path / "stopped.db", tmp_path / "token"
    proc = _coordinate(replica, db_path, redis_url, progress=False, token_file=str(token_file))
    deadline = time.monotonic() + 60
    while not token_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    worker = subprocess.Popen(
        [sys.executable, "-m", "govaudit", "worker", "--redis", redis_url, "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if db_path.exists() and sqlite_utils.Database(db_path).execute(
                    "select count(*) from pages").fetchone()[0] >= 20:
                break
            time.sleep(0.2)
        worker.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, out + err
    finally:
        for p in (proc, worker):
            if p.poll() is None:
                p.kill()
            p.wait()
    db = sqlite_utils.Database(db_path)
    status, error = db.execute("select status, error from crawls").fetchone()
    assert status == "interrupted" and "工作进程提前退出" in error
    assert db.execute("select count(*) from pages").fetchone()[0] >= 20
