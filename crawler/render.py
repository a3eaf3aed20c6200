"""Optional JavaScript rendering through scrapy-playwright and the system Chromium.

Off by default. Some portals are SPA shells whose lists exist only after scripts run; the
dialects read most of them without running anything (datastore XML, JSON APIs, script rows).
For the rest, `--render-js` routes page requests (not attachment or link checks) through a
headless Chromium. The page's scripts then run inside that browser's sandbox, never in the
auditor's process. When scrapy-playwright is not installed the option is refused with a
message; nothing else changes.
"""

from __future__ import annotations

import importlib.util
import shutil

from crawler.safety import CrawlRefused

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def available() -> bool:
    return importlib.util.find_spec("scrapy_playwright") is not None


def render_settings(enabled: bool) -> dict:
    """Scrapy settings for rendering (empty when off); CrawlRefused when it cannot be done."""
    if not enabled:
        return {}
    if not available():
        raise CrawlRefused("未安装 scrapy-playwright，无法渲染 JavaScript 页面。"
                           "请先安装（pip install scrapy-playwright），或去掉 --render-js。")
    launch: dict = {"headless": True}
    chromium = next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)
    if chromium:
        launch["executable_path"] = chromium  # the system browser, no download
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "GOVAUDIT_RENDER_JS": True,
    }
