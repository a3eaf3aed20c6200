"""Pages whose navigation or list is built by script in the browser.

The crawler does not run scripts (except with `--render-js`), so such a page shows it only what
its static HTML holds. Recognising the page matters for honesty, not for reading: a unit whose
landing page is script-built and yields no columns was not read, and a list that is filled by
script was not read either, so neither may be called missing or empty. The markers are data
(`ground/data/structure.yaml`).
"""

from __future__ import annotations

from crawler.extract.html import squash
from ground import config


def script_marker(tree) -> str | None:
    """The first sign that the page builds its content in the browser, or None."""
    data = config.structure()
    fetchers = data.get("script_fetch_markers") or []
    templates = data.get("script_template_markers") or []
    for script in tree.iter("script"):
        if script.get("src") or "xml" in (script.get("type") or "").lower():
            continue
        body = script.text or ""
        for marker in fetchers + templates:
            if marker in body:
                return marker
    body = tree.find("body")
    if body is not None:
        markup = " ".join(f'{k}="{v}"' for el in body.iter() if isinstance(el.tag, str)
                          for k, v in el.attrib.items())
        text = squash(body.text_content())
        for marker in templates:
            if marker in markup or (marker == "{{" and "{{" in text):
                return marker
    return None
