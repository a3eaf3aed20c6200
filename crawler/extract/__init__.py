"""Pure extraction helpers: dates, pagers, article metadata, column classification, URLs.

Everything here takes strings or parsed trees and returns plain data, so it is unit-tested
without Scrapy or a network. Page content is untrusted: scripts are read with regexes, never run.
"""
