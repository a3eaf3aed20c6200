"""Crawl settings: polite by default, relaxed only for loopback hosts."""

from crawler import settings
from crawler.run import build_settings


def test_polite_defaults():
    s = build_settings("https://www.example.gov.cn/", polite=True, progress=False, extra=None)
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert s.get("USER_AGENT").startswith("govaudit/") and "compliance audit" in s.get("USER_AGENT")
    assert s.getint("DOWNLOAD_TIMEOUT") == 20 and s.getbool("RETRY_ENABLED")
    assert s.getint("DOWNLOAD_MAXSIZE") > 0 and s.get("LOG_LEVEL") == "WARNING"


def test_impolite_only_on_loopback():
    real = settings.settings_for("https://www.example.gov.cn/", polite=False)
    assert "AUTOTHROTTLE_ENABLED" not in real
    local = build_settings("http://127.0.0.1:8000/", polite=False, progress=False, extra=None)
    assert not local.getbool("AUTOTHROTTLE_ENABLED") and local.getfloat("DOWNLOAD_DELAY") == 0
    assert local.getint("CONCURRENT_REQUESTS_PER_DOMAIN") > 2
    assert local.getbool("ROBOTSTXT_OBEY")  # robots.txt is obeyed everywhere


def test_extra_settings_win():
    s = build_settings("http://127.0.0.1:8000/", polite=False, progress=False,
                       extra={"DOWNLOAD_TIMEOUT": 3})
    assert s.getint("DOWNLOAD_TIMEOUT") == 3


def test_crawl_collects_garbage_less_often_and_restores_the_collector():
    import gc

    from crawler.run import GC_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold() == GC_THRESHOLD
        assert gc.get_freeze_count() > frozen_before  # start-up objects are never walked again
        cycle = []
        cycle.append(cycle)  # garbage in a cycle is still collected
        del cycle
        assert gc.collect() >= 1
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before
