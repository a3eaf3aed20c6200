"""Scrapy crawler: walks a portal's 政府信息公开 columns and stores facts.

Public entry: `crawler.run.run_crawl(url, db_path, *, polite=True, progress=True,
max_pages=None, extra_settings=None) -> crawl id`.

Layout:
* `run.py`       — runs one crawl in this process and closes its `crawls` row;
* `settings.py`  — polite Scrapy defaults, relaxed only for loopback hosts;
* `spiders/`     — PortalSpider, one module per job: `fetching.py` (requests and the record of
  every answer), `site.py` (homepage, platform), `units.py`, `columns.py` (lists, pagers,
  sub-columns), `articles.py` (articles, attachments, link checks), `locking.py` (distributed
  lock); `portal.py` assembles them;
* `state.py`, `fetch.py`, `homepage.py`, `progress.py` — its helpers;
* `dialects/`    — one adapter per CMS family (TRS WCM, generic fallback);
* `extract/`     — pure parsing helpers (dates, pagers, metadata, classification, URLs).
"""
