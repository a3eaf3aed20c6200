"""One site's crawl for `govaudit batch`, run as `python -m govaudit.batch_crawl URL DB [--fast]`.

A Twisted reactor cannot be restarted, so every site of a batch is crawled in its own
interpreter; this entry point prints the crawl id (JSON on the last stdout line) for the parent.
Each site gets the polite defaults of crawler/settings.py for its own host (two connections,
delay, AutoThrottle); `--fast` relaxes them for loopback replicas only, as `demo` does, and
like the demo allows the loopback address (private addresses are refused otherwise, see
crawler/safety.py).
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    fast = "--fast" in args
    args = [a for a in args if a != "--fast"]
    if len(args) != 2:
        print("用法：python -m govaudit.batch_crawl URL DB [--fast]", file=sys.stderr)
        return 2
    url, db = args
    from crawler.run import run_crawl  # late: Scrapy is slow to import
    from crawler.safety import CrawlRefused

    try:
        crawl_id = run_crawl(url, db, polite=not fast, progress=False, allow_private=fast)
    except CrawlRefused as exc:
        print(str(exc), file=sys.stderr)  # the batch reports the last stderr line
        return 2
    print(json.dumps({"crawl_id": crawl_id}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
