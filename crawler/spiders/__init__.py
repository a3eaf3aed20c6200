"""Scrapy spiders of the crawler (one: PortalSpider)."""
