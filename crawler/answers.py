"""What a fetched answer *is*: the one decision every later stage reads.

A portal (or the CDN in front of it) answers in many ways that are not a page: a WAF challenge
served with 200, a blank shell, "页面不存在" with 200, a 503 asking to come back later; and we
ourselves refuse some requests (robots.txt, private addresses, oversized pages). Each answer is
classed once, here, into a kind stored in `pages.answer`:

    page | soft404 | http | blocked | refused | transient

with a short reason (`pages.error`, e.g. `blocked:412`, `timeout`) and a Chinese fix hint
(the model is GSA Site Scanning's scan-status list: one status, one remedy). Only `http` and
`soft404` can make a broken link; only `page` can show that something is missing, empty or
stale; everything else is 未能核验 with its reason. The markers and hints are data
(`ground/data/answers.yaml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from ground.config import load_yaml

PAGE, SOFT404, HTTP, BLOCKED, REFUSED, TRANSIENT = (
    "page", "soft404", "http", "blocked", "refused", "transient")
KINDS = (PAGE, SOFT404, HTTP, BLOCKED, REFUSED, TRANSIENT)

# Reasons recorded for failures (crawler.fetch.failure_reason) and the kind each belongs to.
FAILURE_KINDS = {
    "robots": REFUSED, "private": REFUSED, "too-large": REFUSED,
    "timeout": TRANSIENT, "reset": TRANSIENT, "refused": TRANSIENT, "dns": TRANSIENT,
    "ssl": TRANSIENT, "redirect-loop": TRANSIENT,
}
# 5xx answers that say "come back later" (with Retry-After): the site is not broken.
RETRY_LATER_STATUSES = {429, 503}

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_LINK = re.compile(rb"<a\s[^>]*href\s*=", re.I)
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.I | re.S)


@dataclass(frozen=True)
class Answer:
    kind: str
    reason: str | None  # pages.error; None for a page
    hint: str | None = None


@lru_cache(maxsize=1)
def markers() -> dict:
    return load_yaml("answers.yaml")


def hint_for(reason: str | None) -> str | None:
    """The user's fix hint for a reason code (`blocked:412` falls back to `blocked`)."""
    if not reason:
        return None
    hints = markers()["hints"]
    if reason in hints:
        return hints[reason]
    head = reason.split(":", 1)[0]
    if head in hints:
        return hints[head]
    return hints["other"]


def _answer(kind: str, reason: str | None) -> Answer:
    return Answer(kind, reason, hint_for(reason) if reason else None)


def of_failure(reason: str) -> Answer:
    """The answer of a request that got no response (reason from crawler.fetch)."""
    if reason.startswith("blocked"):
        return _answer(BLOCKED, reason)
    return _answer(FAILURE_KINDS.get(reason, TRANSIENT), reason)


def _decode(body: bytes) -> str:
    # Markers are ASCII or common CJK words: try UTF-8, then GB18030, never fail.
    for codec in ("utf-8", "gb18030"):
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", "replace")


@lru_cache(maxsize=1)
def _strong_bytes() -> tuple[bytes, ...]:
    # A marker found in the body's bytes is the marker found in its latin-1 reading (latin-1
    # maps every byte to one character), without decoding every small page for it.
    return tuple(m.encode("utf-8") for m in markers()["strong_markers"])


def _challenge(body: bytes, cookies: str, title: str, links: int) -> bool:
    data = markers()
    if any(name in cookies for name in data["challenge_cookies"]):
        return True
    if len(body) <= data["max_challenge_bytes"]:
        if any(m in body for m in _strong_bytes()):
            return True
    weak = data["weak_markers"]
    low_title = title.lower()
    if any(w.lower() in low_title for w in weak):
        return True
    if links < data["min_links"] and len(body) <= data["max_challenge_bytes"]:
        text = _decode(body).lower()
        return any(w.lower() in text for w in weak)
    return False


def _soft404(title: str, text: str) -> bool:
    data = markers()
    if any(w in title for w in data["soft404_titles"]):
        return True
    return len(text) <= data["soft404_max_text"] and any(
        w in text or w in title for w in data["soft404_words"])


def of_response(status: int, body: bytes, role: str, *, url: str = "",
                set_cookie: str = "", retry_after: bool = False,
                headers_only: bool = False, content_type: str = "",
                structured=None) -> Answer:
    """Class one HTTP answer. `role` is what the crawler expected (home, column, article …);
    `headers_only` answers (checked links, attachments) carry no body to judge.
    `structured(body)` says whether a known CMS can read the page without HTML links (gkmlpt
    and Hanweb pages list their columns in scripts): the positive sentinel that keeps such a
    page from being taken for a blank shell."""
    data = markers()
    if "wzwschallenge" in url or "WZWSREL" in url:
        return _answer(BLOCKED, "blocked:wzws")
    if status in RETRY_LATER_STATUSES and retry_after and status != 429:
        return _answer(TRANSIENT, f"unavailable:{status}")
    if status in data["blocked_statuses"]:
        return _answer(BLOCKED, f"blocked:{status}")
    found = _TITLE.search(body[:65536]) if body else None
    title = _decode(found.group(1)).strip() if found else ""
    # Only "none" and "fewer than min_links" are ever asked of the count: stop there instead
    # of matching every link of the page.
    links = sum(1 for _ in islice(_LINK.finditer(body), max(1, data["min_links"]))) if body else 0
    if body and _challenge(body, set_cookie, title, links):
        return _answer(BLOCKED, f"blocked:{status}" if status >= 400 else "blocked:challenge")
    if status >= 400:
        return _answer(HTTP, f"http:{status}")
    if status >= 300:
        # A redirect that was not followed (no Location, or over the hop limit).
        return _answer(TRANSIENT, "redirect-loop")
    if headers_only or role in ("attachment", "external"):
        return _answer(PAGE, None)
    if _data(body, content_type):
        # A list API answering JSON or XML (gkmlpt, Hanweb dataproxy) has no HTML links.
        return _answer(PAGE, None) if body.strip() else _answer(BLOCKED, "blocked:blank")
    # The page's text without tags or any whitespace (str.split() splits on exactly what the
    # regex \s matches: one C call instead of a substitution).
    text = "".join(_TAGS.sub(" ", _decode(body)).split()) if body else ""
    shell = role in data["navigation_roles"] and not links and not (
        structured is not None and structured(body))
    if shell and len(text) < data["min_text_chars"]:
        return _answer(BLOCKED, "blocked:blank")
    if _soft404(title, text):
        return _answer(SOFT404, "soft404")
    if shell:
        return _answer(BLOCKED, "blocked:no-links")
    return _answer(PAGE, None)


def _data(body: bytes, content_type: str) -> bool:
    kind = content_type.lower()
    if "json" in kind or "xml" in kind or "javascript" in kind:
        return True
    return body.lstrip()[:1] in (b"{", b"[")


def is_broken_kind(kind: str | None) -> bool:
    return kind in (HTTP, SOFT404)
