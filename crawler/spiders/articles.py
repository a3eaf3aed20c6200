"""Articles for PortalSpider: list entries' pages, their metadata and attachments, and the
header-only checks of attachments and external links."""

from __future__ import annotations

from scrapy.utils.defer import maybe_deferred_to_future

from crawler import attachments as att
from crawler import fetch, interaction
from crawler.dialects import article_reader
from crawler.extract.dates import date_only
from crawler.extract.urls import is_attachment
from crawler.spiders.fetching import page_title


class ArticlesMixin:
    """Entries of lists: articles, attachments, external links."""

    def _article_requests(self, items):
        for item in items:
            url = item.url
            if not self.scope.inside(url):
                req = self._check(url, "external", item_url=url)
            elif is_attachment(url):
                req = self._attachment(url, item_url=url)
            else:
                req = self._request(url, self.parse_article, "article")
            if req:
                yield req

    def _set_article(self, url: str, fields: dict) -> None:
        self.article_facts.setdefault(url, {}).update(fields)
        self.store.update_item(self.crawl_id, url, fields)

    def parse_article(self, response):
        tree = self._tree(response)
        row = self._record(response, "article", page_title(tree))
        url = fetch.original_url(response)
        if row["error"]:
            self._set_article(url, {"article_status": response.status})
            return
        html = fetch.text_of(response)
        facts = article_reader(html, response.url).extract_article(html, response.url, tree)
        self._set_article(url, {
            "pub_date": facts.pub_date,
            "written_date": date_only(facts.written_date),
            "index_no": facts.value("index_no"),
            "publisher": facts.value("publisher"),
            "doc_no": facts.value("doc_no"),
            "article_status": response.status,
            "attachments": len(facts.attachments),
        })
        if facts.body_text:
            self.store.record_text(self.crawl_id, url, "html", facts.body_text)
        # The article's tables (its text is already in `texts`).
        self.store.record_document(self.crawl_id, att.article_document(url, facts.body,
                                                                       response.body))
        interaction.on_article(self, tree, url, response.status, facts.page_text)
        kinds = {}
        for att_url, _ in facts.attachments:
            kinds[att_url] = "attachment" if self.scope.inside(att_url) else "external"
            req = self._attachment(att_url)
            if req:
                yield req
        self._record_links(response, tree, kinds)
        yield from self._external_checks(tree, response.url)

    def parse_check(self, response, item_url: str | None = None):
        self._record(response, response.meta.get("role", "external"))
        if item_url:
            self._set_article(item_url, {"article_status": response.status})

    async def parse_attachment(self, response, item_url: str | None = None):
        """A downloaded attachment: its fetch like any check, then what reading it found."""
        row = self._record(response, "attachment")
        if item_url:
            self._set_article(item_url, {"article_status": response.status})
        if row["error"]:
            return
        url = fetch.original_url(response)
        # Read once per content (see attachments.reading_key): a copy of a file already read
        # in this crawl takes that reading's stored row, under its own URL.
        readings = self.__dict__.setdefault("_readings", {})
        key = att.reading_key(response, url)
        first = readings.get(key) if key else None
        if first is not None and self.store.copy_document(self.crawl_id, first, url):
            return
        doc = await maybe_deferred_to_future(att.read_in_thread(response, url))
        self.store.record_document(self.crawl_id, doc)
        if key:
            readings.setdefault(key, url)

    # -- helpers ----------------------------------------------------------------------------------

