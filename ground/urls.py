"""One canonical form for every URL the store keeps.

Scrapy requests a URL in `safe_url_string` form (non-ASCII and spaces percent-encoded as UTF-8),
so `pages.url` is always that form; list entries and links taken from a page's HTML are written
as the page spells them (`/公告 一.html`). Stored raw, the two never join: article dates never
reach their list entries and a 404 under a Chinese name has no link pointing at it. Every URL
field is therefore stored through `canonical_url` (idempotent).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

# URL fields of the facts tables.
URL_FIELDS = ("url", "final_url", "from_url", "to_url")


@lru_cache(maxsize=65536)
def canonical_url(url: str | None) -> str | None:
    """The stored form of a URL (idempotent; None and '' pass through)."""
    if not url:
        return url
    return safe_url_string(url)


def canonical_row(row: dict) -> dict:
    """`row` with its URL fields in canonical form (in place; returned for chaining)."""
    for field in URL_FIELDS:
        value = row.get(field)
        if isinstance(value, str) and value:
            row[field] = canonical_url(value)
    return row


# Which audits compare with each other (trends, new/persisting findings).
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def site_key(site_url: str | None) -> str:
    """Which audits compare with each other: the site URL, minus the port on loopback."""
    url = site_url or ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.hostname in LOOPBACK:
        return f"loopback:{parts.hostname}{parts.path or '/'}"
    return url
