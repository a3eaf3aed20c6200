"""A site profile: what a user tells govaudit about one portal's structure.

`govaudit structure` writes a first draft (every unit with its columns, categories and how each
was recognised); the user corrects it and passes it back with `--profile FILE`, the way vendor
tools are configured by hand, except that the tool writes the first draft. What a profile may
say (everything optional):

    unit_indexes: [URL, ...]          # pages that list units, which the crawl did not find
    units:                            # units nothing links, or that the index misses
      - {name: 示例县教育局, url: URL, kind: department}   # kind: department | town
    column_categories: {URL: category-id}               # this column is that category
    synonyms: {category-id: [栏目名称, ...]}              # this site's own names for a category

The crawl stores the profile it used with the crawl (`crawls.settings`), so `govaudit check`
applies the same corrections later; `check --profile` replaces them without a recrawl.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ground import config
from ground.config import ConfigError

KINDS = ("department", "town")
KEYS = ("unit_indexes", "units", "column_categories", "synonyms")


def load(path: str | Path) -> dict:
    """Read and validate a profile file; ConfigError (in Chinese) on anything malformed."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"无法读取站点配置 {path}：{exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        raise ConfigError(f"站点配置 {path} {where}格式错误：{getattr(exc, 'problem', exc)}") \
            from exc
    return validate(data, str(path))


def validate(data, source: str = "站点配置") -> dict:
    """The profile in normal form (every key present), or ConfigError naming what is wrong."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}：应为 YAML 映射（键: 值）")
    categories = config.categories()["categories"]
    out = {"unit_indexes": [], "units": [], "column_categories": {}, "synonyms": {}}
    for url in data.get("unit_indexes") or []:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConfigError(f"{source}：unit_indexes 中的“{url}”不是网址")
        out["unit_indexes"].append(url)
    for n, unit in enumerate(data.get("units") or [], 1):
        if not isinstance(unit, dict) or not unit.get("name") or not str(
                unit.get("url", "")).startswith(("http://", "https://")):
            raise ConfigError(f"{source}：units 第{n}项须有 name 和 url（网址）")
        kind = unit.get("kind") or "department"
        if kind not in KINDS:
            raise ConfigError(f"{source}：units 第{n}项的 kind“{kind}”应为 department 或 town")
        out["units"].append({"name": str(unit["name"]), "url": unit["url"], "kind": kind})
    for url, category in (data.get("column_categories") or {}).items():
        if category is None:
            continue  # left blank in the draft: no correction
        if category not in categories:
            raise ConfigError(f"{source}：column_categories 中“{url}”的类别“{category}”不存在")
        out["column_categories"][str(url)] = category
    for category, names in (data.get("synonyms") or {}).items():
        if category not in categories:
            raise ConfigError(f"{source}：synonyms 中的类别“{category}”不存在")
        if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
            raise ConfigError(f"{source}：synonyms 中“{category}”应为栏目名称列表")
        out["synonyms"][category] = list(names)
    return out
