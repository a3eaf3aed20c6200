"""Loading the reference data files (column categories, unit requirements).

The lists of column names, synonyms and per-unit requirements are data, kept as YAML under
`ground/data/`. A site or province can point at its own copies with `--data-dir`; files
missing there fall back to the built-in ones.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


class ConfigError(Exception):
    """A data or configuration file is missing or malformed."""


def yaml_error(path: str | Path, exc: Exception) -> str:
    """A YAML parse error on one line: `file:line:column: problem` (PyYAML's own text spans
    several lines with a source excerpt)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    problem = " ".join(str(problem).split())
    if mark is None:
        return f"{path}：{problem}"
    return f"{path}:{mark.line + 1}:{mark.column + 1}: {problem}"


def load_yaml(name: str, data_dir: str | Path | None = None) -> Any:
    """Load `name` from `data_dir` if it is there, else from the built-in data folder."""
    candidates = [Path(data_dir) / name] if data_dir else []
    candidates.append(DATA_DIR / name)
    for path in candidates:
        if path.exists():
            try:
                with path.open(encoding="utf-8") as fh:
                    return yaml.safe_load(fh)
            except yaml.YAMLError as exc:
                raise ConfigError(f"配置文件格式错误 {yaml_error(path, exc)}") from exc
    raise ConfigError(f"找不到配置文件 {name}")


def load_sections(name: str, sections: tuple[str, ...], data_dir: str | None = None) -> dict:
    """A data file that must be a mapping holding every one of `sections`."""
    data = load_yaml(name, data_dir)
    if not isinstance(data, dict) or not set(sections) <= set(data):
        raise ConfigError(f"{name} 缺少 {'、'.join(sections)} 段")
    return data


@lru_cache(maxsize=None)
def categories(data_dir: str | None = None) -> dict:
    """The canonical categories with their synonyms (categories.yaml)."""
    return load_sections("categories.yaml", ("categories",), data_dir)


@lru_cache(maxsize=None)
def requirements(data_dir: str | None = None) -> dict:
    """Required categories per unit kind (requirements.yaml)."""
    return load_sections("requirements.yaml", ("unit_kinds",), data_dir)


@lru_cache(maxsize=None)
def interaction(data_dir: str | None = None) -> dict:
    """Message-list labels, channel words, document/解读 relation labels (interaction.yaml)."""
    return load_sections("interaction.yaml", ("messages", "channels", "relations", "normative"),
                         data_dir)


def category_label(category_id: str | None) -> str:
    if not category_id:
        return ""
    entry = categories()["categories"].get(category_id)
    return entry["label"] if entry else category_id


@lru_cache(maxsize=None)
def structure(data_dir: str | None = None) -> dict:
    """What unit names, unit-index labels and script-built pages look like (structure.yaml)."""
    data = load_yaml("structure.yaml", data_dir)
    if not isinstance(data, dict) or "unit_name_suffixes" not in data:
        raise ConfigError("structure.yaml 缺少 unit_name_suffixes 段")
    return data
