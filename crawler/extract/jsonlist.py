"""List entries held in an inline JSON value that a script renders in the browser.

Real portals ship a list as data and let script draw it: `var listData = {"items": [...]}`,
`<script type="application/json">`, TrueCMS and JPaaS records (`TITLE`, `URL_COMP`,
`PC_GKFWRQ_FORMATED`). The crawler does not run the script; it reads the data. A record is an
entry when it has an address that looks like an article (never a column or a list page, so a
JSON menu is not a list) and a title; its date may be text or a Unix timestamp. The key names
are data (`ground/data/structure.yaml`).
"""

from __future__ import annotations

from crawler.extract.dates import date_from_value
from crawler.extract.html import squash
from crawler.extract.navlinks import json_records, json_values
from crawler.extract.urls import absolute, is_column_like, is_list_page_file, looks_like_article
from ground import config

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
            for record in json_records(value):
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
                date = next((d for d in (date_from_value(v) for k, v in lowered.items()
                                         if k in date_keys) if d), None)
                out.append((url, squash(title), date))
    return out
