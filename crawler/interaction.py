"""Spider hooks for the interaction and interpretation checks: message rows of 政民互动 lists,
message detail facts and document ↔ 政策解读 links, written to the store (`messages`,
`doc_relations`, migration m005).

Kept apart from the spider so portal.py only calls two hooks: `on_list_page` for every list
page read and `on_article` for every article read. Both are cheap on pages that are neither.
"""

from __future__ import annotations

from crawler.extract import messages, relations
from ground import config


def _labels() -> dict:
    return config.interaction()


def on_list_page(spider, column, tree, url: str) -> None:
    """Message rows of a list page (tables with a 留言时间 header, else ul/li rows showing a
    date and a 办理状态 word), if it shows any."""
    labels = _labels()["messages"]
    rows = messages.list_rows(tree, url, labels["headers"]) or \
        messages.item_rows(tree, url, labels["status"])
    for row in rows:
        spider.store.record_message(spider.crawl_id, row.url, {
            "unit_key": column.unit_key, "column_key": column.key, "title": row.title,
            "list_asked": row.asked, "list_status": row.status, "list_replied": row.replied,
        })


def on_article(spider, tree, url: str, http_status: int | None,
               text: str | None = None) -> None:
    """Message detail facts and document ↔ 解读 relations of one article page. `text`: the
    visible text of the page's body, when the caller has read it already."""
    labels = _labels()
    found = messages.detail(tree, labels["messages"]["headers"], text)
    if found is not None:
        spider.store.record_message(spider.crawl_id, url, {
            "detail_asked": found.asked, "detail_status": found.status,
            "detail_replied": found.replied, "reply_unit": found.unit,
            "has_reply_text": int(found.has_reply), "detail_http": http_status,
        })
    links = relations.find(tree, url, labels["relations"])
    if links:
        spider.store.record_relations(spider.crawl_id, [
            {"from_url": url, "to_url": r.to_url, "relation": r.relation, "text": r.text}
            for r in links])
