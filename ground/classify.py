"""Column classification into the canonical categories of `categories.yaml`.

Evidence, strongest first: the column's own name (an exact synonym, then the longest keyword
found in it), then what the column page says about itself (`ColumnName` meta, last breadcrumb
element), then the pinyin directory name in its URL (`gfxwj_58562` → `gfxwj`). The source of the
evidence is kept, so a report can say why a column was judged to be what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from ground import config

_DECOR_RE = re.compile(r"[\s\u3000\u00a0]+|[（(\[【][\d\s]*[)）\]】]$|[>»›]+$|[:：]$")
_CHANNEL_SUFFIX_RE = re.compile(r"_\d+$")


@dataclass(frozen=True)
class Classification:
    category: str | None
    source: str | None  # name | keyword | meta | pinyin | None
    container: str | None = None  # platform | statutory | unit-index | None


def clean_name(name: str | None) -> str:
    """`政策文件 (12)` → `政策文件`; whitespace and trailing decoration removed."""
    text = (name or "").strip()
    text = re.sub(r"[（(\[【]\s*\d+\s*[)）\]】]\s*$", "", text)
    text = re.sub(r"[\s\u3000\u00a0]+", "", text)
    return text.rstrip(">»›:：")


@lru_cache(maxsize=None)
def _tables(data_dir: str | None = None) -> tuple[dict, list, dict, dict]:
    data = config.categories(data_dir)
    names, keywords, pinyin = {}, [], {}
    for cat_id, entry in data["categories"].items():
        for name in entry.get("names") or []:
            names.setdefault(clean_name(name), cat_id)
        for order, kw in enumerate(entry.get("keywords") or []):
            keywords.append((clean_name(kw), cat_id))
        for py in entry.get("pinyin") or []:
            pinyin.setdefault(py.lower(), cat_id)
    # Longest keyword first; ties keep the file's order (sorted is stable).
    keywords.sort(key=lambda kv: -len(kv[0]))
    containers = {}
    for kind, labels in (data.get("containers") or {}).items():
        for label in labels:
            containers[clean_name(label)] = kind
    return names, keywords, pinyin, containers


def container_kind(name: str | None, data_dir: str | None = None) -> str | None:
    """`法定主动公开内容` → `statutory`, `部门信息公开` → `unit-index`, … else None."""
    containers = _tables(data_dir)[3]
    key = clean_name(name)
    if key in containers:
        return containers[key]
    # 县直部门信息公开, 各乡镇信息公开 …
    for label, kind in sorted(containers.items(), key=lambda kv: -len(kv[0])):
        if kind == "unit-index" and key.endswith(label):
            return kind
    return None


def by_name(name: str | None, data_dir: str | None = None) -> tuple[str | None, str | None]:
    """(category, 'name' | 'keyword') from a column name, (None, None) when nothing matches."""
    names, keywords, _, _ = _tables(data_dir)
    key = clean_name(name)
    if not key:
        return None, None
    if key in names:
        return names[key], "name"
    for kw, cat_id in keywords:
        if kw and kw in key:
            return cat_id, "keyword"
    return None, None


def by_pinyin(url: str | None, data_dir: str | None = None) -> str | None:
    """Category from the last directory of a TRS column URL (`…/gfxwj_58562/` → policy)."""
    if not url:
        return None
    pinyin = _tables(data_dir)[2]
    segments = [s for s in urlsplit(url).path.split("/") if s and "." not in s]
    if not segments:
        return None
    return pinyin.get(_CHANNEL_SUFFIX_RE.sub("", segments[-1]).lower())


def classify(name: str | None, *, meta_name: str | None = None,
             breadcrumb_last: str | None = None, url: str | None = None,
             data_dir: str | None = None) -> Classification:
    kind = container_kind(name, data_dir)
    if kind:
        return Classification(None, None, kind)
    category, source = by_name(name, data_dir)
    if category:
        return Classification(category, source)
    for other in (meta_name, breadcrumb_last):
        if other and clean_name(other) != clean_name(name):
            if container_kind(other, data_dir):
                continue
            category, _ = by_name(other, data_dir)
            if category:
                return Classification(category, "meta")
    category = by_pinyin(url, data_dir)
    if category:
        return Classification(category, "pinyin")
    return Classification(None, None)


def classify_with(profile: dict | None, name: str | None, *, meta_name: str | None = None,
                  breadcrumb_last: str | None = None, url: str | None = None) -> Classification:
    """`classify`, after the site profile's corrections: a column the profile names by URL is
    that category, a name among the profile's synonyms is that category (source `profile`)."""
    if profile:
        if url and url in profile.get("column_categories", {}):
            return Classification(profile["column_categories"][url], "profile")
        key = clean_name(name)
        for category, names in profile.get("synonyms", {}).items():
            if key and key in {clean_name(n) for n in names}:
                return Classification(category, "profile")
    return classify(name, meta_name=meta_name, breadcrumb_last=breadcrumb_last, url=url)


def classify_trace(name: str | None, meta_name: str | None, breadcrumb_last: str | None,
                   url: str | None, result: Classification) -> dict:
    """What `classify` was shown and what it concluded, stored with the column as evidence."""
    segments = [s for s in urlsplit(url or "").path.split("/") if s and "." not in s]
    return {
        "name": name or None,
        "meta_name": meta_name or None,
        "breadcrumb_last": breadcrumb_last or None,
        "url_dir": segments[-1] if segments else None,
        "category": result.category,
        "source": result.source,
        "container": result.container,
    }
