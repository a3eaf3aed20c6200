"""The stored form of a budget disclosure's summary (ground/budget_format.py): the entries of
members the crawl never opened are left out when an audit is written and put back when a report
reads it, so what a report shows is what the analyser found, and an audit of many such members
writes far less."""

from __future__ import annotations

import datetime as dt
import json
import random

from ground.budget_format import OMITTED, full_summary, stored_summary
from tests.store_builder import BASE
from tests.test_checks_budget import NAME, disclosure, unit_with


def _random_summary(rng: random.Random) -> dict:
    """A disclosure as checks/documents/disclosures.py writes one: per member in item order,
    either its never-opened entry or its article (in any state) and its attachments."""
    items, docs = [], []
    for n in range(rng.randint(1, 12)):
        url = f"{BASE}/u/{n}.html"
        sangong_only = rng.random() < 0.3
        items.append({"url": url, "title": f"标题{rng.randint(0, 3)}", "column_key": "/u/",
                      "sangong_only": sangong_only})
        shape = rng.random()
        article = {"url": url, "item_url": url, "role": "article", "state": "unread",
                   "note": "未读取内容", "sangong_only": sangong_only, "tables": []}
        if shape < 0.5:  # never opened: the fixed entry
            docs.append(article)
            continue
        if shape < 0.7:  # read
            article = {**article, "state": "read", "note": "", "tables": ["收支总表"]}
        elif shape < 0.8:  # the same unread shape, but with attachments: must stay
            pass
        else:
            article = {**article, "state": rng.choice(["failed", "unreadable"]), "note": "x"}
        docs.append(article)
        for k in range(rng.randint(1 if shape >= 0.7 and shape < 0.8 else 0, 2)):
            docs.append({"url": f"{BASE}/u/{n}-{k}.pdf", "item_url": url, "role": "attachment",
                         "state": rng.choice(["read", "unread", "failed"]), "note": "",
                         "sangong_only": sangong_only, "tables": []})
    return {"unit_key": "/u/", "kind": "budget", "year": 2026, "items": items,
            "documents": docs, "unread": [d["url"] for d in docs if d["state"] == "unread"]}


def test_the_stored_form_gives_back_exactly_what_the_analyser_wrote():
    rng = random.Random(5)
    shrunk = 0
    for _ in range(500):
        summary = _random_summary(rng)
        before = json.dumps(summary, sort_keys=True)
        stored = stored_summary(summary)
        assert json.dumps(summary, sort_keys=True) == before  # the rules' copy is untouched
        assert full_summary(json.loads(json.dumps(stored))) == summary
        never = sum(1 for d in summary["documents"]
                    if d["note"] == "未读取内容" and d["role"] == "article"
                    and sum(e["item_url"] == d["url"] for e in summary["documents"]) == 1)
        assert stored.get(OMITTED, 0) == never
        shrunk += never > 0 and len(json.dumps(stored)) < len(before)
    assert shrunk > 100


def test_a_summary_not_in_item_order_is_stored_whole():
    def entry(url, state="unread", note="未读取内容"):
        return {"url": url, "item_url": url, "role": "article", "state": state, "note": note,
                "sangong_only": False, "tables": []}
    items = [{"url": u, "title": "t", "column_key": "/u/", "sangong_only": False}
             for u in ("a", "b", "c")]
    in_order = {"items": items, "documents": [entry("a"), entry("b", "read", ""), entry("c")]}
    assert stored_summary(in_order)[OMITTED] == 2  # the two never-opened entries go
    shuffled = {**in_order, "documents": [entry("c"), entry("b", "read", ""), entry("a")]}
    assert stored_summary(shuffled) is shuffled  # putting them back would reorder: kept whole
    whole = {"items": [], "documents": [{"url": "a", "item_url": "a"}]}
    assert stored_summary(whole) is whole and full_summary(whole) is whole


def test_an_audit_stores_the_short_form_and_the_report_shows_every_member(tmp_path):
    from checks.analyses import analysed
    from checks.facts import Facts
    from reports.budget_page import budget_context

    def items(s):
        listed = disclosure(s, "budget", 2026)
        # the same disclosure reposted in pages the crawl never opened
        return [listed] + [{**listed, "url": f"{BASE}/u/budget/repost-{n}.html"}
                           for n in range(3)]
    site = unit_with(tmp_path, items)
    audit_id, _ = site.audit(as_of=dt.date(2026, 11, 27))
    [row] = [r for r in site.store.analyses(audit_id) if r["kind"] == "budget"]
    assert row["summary"][OMITTED] == 3 and len(row["summary"]["documents"]) == 1
    facts = Facts.load(site.store, site.crawl_id)
    [computed] = [r["summary"] for r in analysed(facts, "budget", dt.date(2026, 11, 27))
                  if r["kind"] == "budget"]
    facts.close()
    assert full_summary(row["summary"]) == computed
    shown = budget_context(row, [])
    assert [d["url"] for d in shown["documents"]] == [i["url"] for i in computed["items"]]
    assert [d["state_label"] for d in shown["documents"]] == ["已读取"] + ["未读取"] * 3
    assert NAME in shown["title"]
