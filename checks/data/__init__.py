"""Data files of the rule functions (dictionaries, patterns): lists are data, not code.

`load(name)` reads `ground/data/<name>` once per process: every data file lives in one place
(ground/data/README.md says which holds what).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from ground.config import DATA_DIR


class RuleDataError(Exception):
    """A rule data file is missing or malformed."""


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleDataError(f"无法读取规则数据文件 {path}：{exc}") from exc
