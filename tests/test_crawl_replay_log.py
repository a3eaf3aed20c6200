"""The resume cache's log (crawler/resume.py ReplayLogStorage): every answer written whole is
replayed after the process is gone, a record torn by a kill in the middle of its write is cut
off (that page is asked for again) and appends after it stay readable."""

from __future__ import annotations

import os
from types import SimpleNamespace

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.request import RequestFingerprinter

from crawler.resume import ReplayLogStorage, cache_settings


def _spider():
    return SimpleNamespace(crawler=SimpleNamespace(request_fingerprinter=RequestFingerprinter()))


def _storage(directory):
    storage = ReplayLogStorage(Settings(cache_settings(directory)))
    storage.open_spider(_spider())
    return storage


def _answer(url: str, text: str) -> HtmlResponse:
    return HtmlResponse(url, status=200, body=text.encode("utf-8"),
                        headers={"Content-Type": "text/html; charset=utf-8"})


def test_answers_survive_the_process_and_a_torn_last_record_is_cut_off(tmp_path):
    spider = _spider()
    storage = _storage(tmp_path / "cache")
    urls = [f"http://127.0.0.1/p{n}.html" for n in range(3)]
    for n, url in enumerate(urls):
        storage.store_response(spider, Request(url), _answer(url, f"<p>第{n}页</p>"))
    # A second answer for the same request does not replace the first.
    storage.store_response(spider, Request(urls[0]), _answer(urls[0], "<p>again</p>"))
    storage.close_spider(spider)

    log = tmp_path / "cache" / ReplayLogStorage.NAME
    whole = log.stat().st_size
    os.truncate(log, whole - 5)  # the kill tore the last record's write

    storage = _storage(tmp_path / "cache")
    first = storage.retrieve_response(spider, Request(urls[0]))
    assert first.text == "<p>第0页</p>" and first.status == 200
    assert isinstance(first, HtmlResponse) and first.url == urls[0]
    assert storage.retrieve_response(spider, Request(urls[1])).text == "<p>第1页</p>"
    assert storage.retrieve_response(spider, Request(urls[2])) is None  # asked for again
    assert storage.retrieve_response(spider, Request("http://127.0.0.1/never.html")) is None

    storage.store_response(spider, Request(urls[2]), _answer(urls[2], "<p>重新抓取</p>"))
    storage.close_spider(spider)
    storage = _storage(tmp_path / "cache")
    assert storage.retrieve_response(spider, Request(urls[2])).text == "<p>重新抓取</p>"
    assert storage.retrieve_response(spider, Request(urls[1])).text == "<p>第1页</p>"
    storage.close_spider(spider)


def test_a_damaged_record_is_not_replayed(tmp_path):
    spider = _spider()
    storage = _storage(tmp_path / "cache")
    url = "http://127.0.0.1/a.html"
    storage.store_response(spider, Request(url), _answer(url, "<p>正文</p>"))
    storage.close_spider(spider)
    log = tmp_path / "cache" / ReplayLogStorage.NAME
    data = bytearray(log.read_bytes())
    data[-3] ^= 0xFF  # a flipped byte inside the payload
    log.write_bytes(bytes(data))
    storage = _storage(tmp_path / "cache")
    assert storage.retrieve_response(spider, Request(url)) is None
    storage.close_spider(spider)
