"""List entries held in an inline JSON value that a script renders in the browser.

Real portals ship a list as data and let script draw it: `var listData = {"items": [...]}`,
`<script type="application/json">`, TrueCMS and JPaaS records (`TITLE`, `URL_COMP`,
`PC_GKFWRQ_FORMATED`). The crawler does not run the script; it reads the data. A record is an
entry when it has an address that looks like an article (never a column or a list page, so a
JSON menu is not a list) and a title; its date may be text or a Unix timestamp. The key names
are data (`govaudit/data/structure.yaml`).
"""

from __future__ import annotations

import datetime as dt

from crawler.extract.dates import parse_date
from crawler.extract.html import squash
from crawler.extract.navlinks import json_values
from crawler.extract.urls import absolute, is_column_like, is_list_page_file, looks_like_article
from govaudit import config

_CHINA = dt.timezone(dt.timedelta(hours=8))
_MAX_SCRIPT = 2_000_000


def json_entries(tree, base_url: str) -> list[tuple[str, str, str | None]]:
    """(url, title, ISO date or None) of every entry-like record in the page's scripts."""
    keys = config.structure().get("json_list_keys") or {}
    url_keys, title_keys, date_keys = ({k.lower() for k in keys.get(part, [])}
                                       for part in ("url", "title", "date"))
    out, seen = [], set()
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        if script.get("src") or "xml" in kind:
            continue
        for value in json_values((script.text or "")[:_MAX_SCRIPT]):
            for record in _records(value):
                lowered = {str(k).lower(): v for k, v in record.items()}
                href = next((v for k, v in lowered.items() if k in url_keys
                             and isinstance(v, str) and v.strip()), None)
                title = next((v for k, v in lowered.items() if k in title_keys
                              and isinstance(v, str) and v.strip()), None)
                if not href or not title:
                    continue
                url = absolute(base_url, href.strip())
                if not url or url in seen or is_column_like(url) or (
                        is_list_page_file(url) and not looks_like_article(url)):
                    continue
                seen.add(url)
                date = next((d for d in (_date(v) for k, v in lowered.items()
                                         if k in date_keys) if d), None)
                out.append((url, squash(title), date))
    return out


def _date(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 10 ** 11 else value  # milliseconds or seconds
        try:
            return dt.datetime.fromtimestamp(seconds, _CHINA).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) in (10, 13):
            return _date(int(text))
        return parse_date(text)
    return None


def _records(value, depth: int = 0):
    if depth > 6:
        return
    if isinstance(value, dict):
        yield value
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from _records(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _records(child, depth + 1)
