"""Reading the site list of `govaudit batch`: one portal per CSV row (name, URL, region, level).

Lists come from spreadsheets kept by 政务公开办 staff, so the reader is forgiving about form
(a header row or none, Chinese or English header names, UTF-8 with or without BOM, or GB18030 as
Excel saves it on Chinese Windows) and strict about content: every row needs a name and an
http(s) URL, and a bad row stops the batch before any crawl with its line number in the message.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Header names accepted for each field (compared after stripping spaces, case-insensitive).
HEADERS = {
    "name": ("name", "site", "site name", "site_name", "网站名称", "名称", "网站", "站点名称"),
    "url": ("url", "网址", "地址", "网站地址", "首页地址", "域名"),
    "region": ("region", "地区", "区域", "所属地区", "行政区划"),
    "level": ("level", "级别", "层级", "网站级别"),
    "code": ("code", "id", "网站标识码", "标识码"),
}
POSITIONAL = ("name", "url", "region", "level", "code")


class SitesFileError(ValueError):
    """The site list cannot be used; the message (Chinese) names the file and line."""


@dataclass(frozen=True)
class SiteEntry:
    number: int  # 1-based position in the list: names the site's report folder
    name: str
    url: str
    region: str
    level: str
    code: str = ""  # 网站标识码 when the list has one


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SitesFileError(f"站点清单 {path} 的编码无法识别（应为 UTF-8 或 GBK）")


def _field_of(header: str) -> str | None:
    key = header.strip().lower()
    for field, names in HEADERS.items():
        if key in names:
            return field
    return None


def _normal_url(url: str) -> str | None:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    return url if parts.path else url + "/"


def read_sites(path: str | Path) -> list[SiteEntry]:
    """The sites listed in `path`, in file order. Raises SitesFileError on any bad row."""
    sites, skipped = read_sites_skipping(path)
    if skipped:
        raise SitesFileError(skipped[0])
    return sites


def read_sites_skipping(path: str | Path) -> tuple[list[SiteEntry], list[str]]:
    """The usable sites of `path` and one message per bad row left out: one mistyped URL in a
    list of 300 portals must not stop the other 299 (`govaudit batch`). Raises SitesFileError
    when the file itself is unusable or no row is."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SitesFileError(f"无法读取站点清单 {path}：{exc.strerror or exc}")
    rows = list(csv.reader(io.StringIO(_decode(raw, path))))
    numbered = [(i + 1, row) for i, row in enumerate(rows) if any(c.strip() for c in row)]
    if not numbered:
        raise SitesFileError(f"站点清单 {path} 是空的")
    first = numbered[0][1]
    mapped = [_field_of(c) for c in first]
    if "url" in mapped and "name" in mapped:
        columns = mapped
        numbered = numbered[1:]
    elif len(first) > 1 and _normal_url(first[1]) is None and not any(
            _normal_url(c) for c in first):
        raise SitesFileError(
            f"站点清单 {path} 第 1 行无法识别：表头应包含“网站名称”和“网址”，"
            f"或不带表头按“网站名称,网址,地区,级别”顺序填写")
    else:
        columns = list(POSITIONAL)
    sites: list[SiteEntry] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    for line, row in numbered:
        values = {f: row[i].strip() for i, f in enumerate(columns) if f and i < len(row)}
        name, url = values.get("name", ""), _normal_url(values.get("url", ""))
        if not name:
            skipped.append(f"站点清单 {path} 第 {line} 行缺少网站名称")
            continue
        if url is None:
            skipped.append(f"站点清单 {path} 第 {line} 行网址不正确："
                           f"{values.get('url', '')!r}，应为 http:// 或 https:// 开头")
            continue
        if url in seen:
            skipped.append(f"站点清单 {path} 第 {line} 行与第 {seen[url]} 行网址重复：{url}")
            continue
        seen[url] = line
        sites.append(SiteEntry(number=len(sites) + 1, name=name, url=url,
                               region=values.get("region") or "未注明地区",
                               level=values.get("level") or "未注明",
                               code=values.get("code", "")))
    if not sites:
        raise SitesFileError(skipped[0] if skipped else f"站点清单 {path} 中没有站点")
    return sites, skipped
