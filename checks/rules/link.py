"""Link rule: a link target the portal answered with an HTTP error or a "page not found"
(`link.broken`), one finding per target URL. Targets that could not be read for any other
reason (WAF, robots.txt, private address, size limit, timeout, reset, 503 + Retry-After) are
not broken links: they are 未能核验 (see checks.facts.is_broken).

The inspection indicators count broken links on the homepage apart from those on other pages
(链接可用性), so each finding says whether the homepage links to the target (`on_homepage`).
"""

from __future__ import annotations

from typing import Iterator

from checks.facts import Facts, fetch_failure, is_broken
from checks.model import Context, Finding, column_fields
from checks.registry import rule

# Referring pages listed in the evidence; a site-wide footer link can have hundreds.
MAX_REFERRERS = 20


@rule("link.broken")
def link_broken(facts: Facts, ctx: Context) -> Iterator[Finding]:
    error_status = int(ctx.value("error_status"))
    homepages = facts.homepage_urls()
    for page in facts.pages:
        url = page["url"]
        # Only the portal's own "this does not exist" is a broken link; a refusal of *us* or
        # a network fault says nothing about the link working for a person.
        if not is_broken(page, error_status):
            continue
        status = page.get("status")
        links = facts.links_to(url)
        if not links:
            # Nothing links here (e.g. the start URL): there is no broken *link* to report.
            continue
        reason = "页面不存在（状态码200）" if page.get("answer") == "soft404" else \
            (fetch_failure(page) or f"HTTP {status}")
        referrers = sorted({link["from_url"] for link in links})
        # A listed entry is its column's unit's, whoever else links it (the homepage, a
        # sister unit); anything else belongs with the page that links it.
        unit = (facts.items_at(url) and facts.unit_for_url(url)) \
            or facts.unit_for_url(referrers[0]) or facts.unit_for_url(url)
        unit_name = unit["name"] if unit else facts.site_name
        item = next(iter(facts.items_at(url)), None)
        column = facts.column(item.get("column_key")) if item else None
        anchor = next((link["text"] for link in links if link.get("text")), None)
        what = f"“{anchor}”" if anchor else url
        yield Finding(
            unit_key=unit["key"] if unit else None, unit_name=unit_name,
            **column_fields(column),
            url=url,
            message=f"“{unit_name}”页面上的链接{what}无法访问（{reason}），共{len(referrers)}个页面引用",
            evidence={
                "target": url,
                "role": page.get("role"),
                "http_status": status,
                "error": page.get("error"),
                "anchor_text": anchor,
                "link_kinds": sorted({link.get("kind") or "other" for link in links}),
                "referrers": referrers[:MAX_REFERRERS],
                "referrer_count": len(referrers),
                "on_homepage": any(r in homepages for r in referrers),
            },
        )
