"""An incremental re-audit never repeats an accusation from a copy: a page a `fail` finding of
the last audit rests on is asked again (crawler/reuse.py `accused_urls`), so a page the
department corrected in place (its list entry unchanged) is judged on what it says now."""

from __future__ import annotations

import re

import pytest

from checks.runner import run_checks
from ground.store import Store
from replica.generator import build_site
from replica.server import start

from .test_incremental import DAY, crawl
from .test_incremental_changes import Edited, _path

# A resident identity number (GB 11643: 17 digits and a check character), as a CMS editor
# masks it when correcting a published page.
ID_NUMBER = re.compile(rb"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
MASKED = "********"


def _masked(body: bytes) -> bytes:
    masked, count = ID_NUMBER.subn(rb"\1" + MASKED.encode() + rb"\2", body)
    assert count, "the accused page shows no identity number to mask"
    return masked


def _accused(store: Store, audit_id: int, crawl_id: int, rule: str, role: str) -> list[str]:
    urls = {f["url"] for f in store.findings(audit_id) if f["rule"] == rule
            and f["status"] == "fail"}
    return sorted(url for (url,) in store.db.execute(
        "select url from pages where crawl_id = ? and role = ?", [crawl_id, role])
        if url in urls)


@pytest.mark.timeout(600)
def test_a_page_corrected_in_place_is_read_again_and_no_longer_accused(tmp_path):
    db = tmp_path / "audit.db"
    site = build_site(seed=7, size="small", as_of=DAY)
    with start(site) as server:
        first = crawl(server.url, db)
        store = Store(db)
        try:
            audit = run_checks(store, first, DAY)
            articles = _accused(store, audit, first, "privacy.exposed", "article")
            attachments = _accused(store, audit, first, "privacy.exposed", "attachment")
        finally:
            store.close()
        # The replica plants personal data in an article and in an attachment.
        assert articles and attachments, "the replica plants privacy.exposed on both"
        fixed = articles[0]
        status, ctype, body = site.pages[_path(fixed, server.url)]
        # Corrected in place: same URL, same list entry, the numbers masked (a CMS re-saving
        # the page).
        site.pages = Edited(site.pages, {_path(fixed, server.url):
                                         (status, ctype, _masked(body))})
        before = server.counts.requests
        second = crawl(server.url, db)
        asked = server.counts.requests - before
    store = Store(db)
    try:
        texts = [t for (t,) in store.db.execute(
            "select text from texts where crawl_id = ? and url = ?", [second, fixed])]
        assert any(MASKED in t for t in texts), "the corrected page was not read again"
        findings = store.findings(run_checks(store, second, DAY))
        exposed = {f["url"] for f in findings if f["rule"] == "privacy.exposed"
                   and f["status"] == "fail"}
        assert fixed not in exposed
        # The accused attachment did not change: asked again, it is accused again.
        assert attachments[0] in exposed
        # Still a re-audit: unchanged pages nobody accuses are copied, not asked.
        copied = store.db.execute("select count(*) from pages where crawl_id = ?",
                                  [second]).fetchone()[0]
        assert asked < copied / 2
    finally:
        store.close()
