"""AutoThrottle that counts a 304 Not Modified as the success it is.

Scrapy's AutoThrottle never lowers a host's delay on an answer other than 200 (error pages are
small and fast and would talk it into speeding up). A 304 is not an error: it is the cheapest
answer a server gives. With the stock extension an incremental re-audit, whose requests are
almost all conditional, stays at AUTOTHROTTLE_START_DELAY for the whole crawl (measured: 1.23 s
per request on the replica instead of the 0.5 s floor). Here 304 lowers the delay like a 200;
every other rule (the DOWNLOAD_DELAY floor, raising the delay when the server slows down) is
Scrapy's.
"""

from __future__ import annotations

from scrapy.extensions.throttle import AutoThrottle


class ConditionalAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot, latency: float, response) -> None:
        if response.status == 304:
            response = response.replace(status=200)
        super()._adjust_delay(slot, latency, response)
