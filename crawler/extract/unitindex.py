"""Where a page lists units: the departments' and towns' own disclosure pages.

Real portals put their unit index anywhere: a column of the platform, a page beside it, a block
of the homepage, a left-hand tree on every platform page, a `<select>` box, links to unit hosts.
What they share is a label (部门信息公开, 乡镇街道, 部门导航 … from `categories.yaml`
containers.unit-index) and, under it, links whose text is a unit's name (示例县教育局, 城关镇).
So a unit index is found by its label and its units by their names, wherever they sit and
whatever URL they have; the URL nesting of the replica is not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ground.classify import clean_name, container_kind
from crawler.extract.navlinks import NavLink, nav_links
from ground import config

# Every element's short text of every page is asked whether it labels a unit index, and menus
# repeat on every page: the answer (a pure function of the text and the categories data, read
# once per process) is kept per text.
_container_kind = lru_cache(maxsize=8192)(container_kind)

_LABEL_MAX = 16  # characters of an element's text for it to be a label, not a paragraph
_BLOCK_LEVELS = 4  # how far up from a label the block holding its units may start


@dataclass(frozen=True)
class UnitLink:
    url: str
    name: str
    kind: str  # department | town
    label: str  # the unit-index label it was listed under ("" on an index page itself)
    form: str  # how the link was written (navlinks forms)


def is_unit_name(text: str | None) -> bool:
    """示例县教育局, 城关镇, 县发展和改革委员会: a short text ending like an organ's name."""
    data = config.structure()
    name = clean_name(text)
    if not name or len(name) > data.get("unit_name_max_chars", 30) or len(name) < 2:
        return False
    if _container_kind(name) or name.startswith("关于") or any(c in name for c in "，。：；《》、！？"):
        return False  # a headline or a sentence that happens to end in 局/办
    return name.endswith(tuple(data["unit_name_suffixes"]))


def unit_kind(name: str, label: str = "") -> str:
    """town or department: from the index label (乡镇信息公开) first, then the unit's name."""
    data = config.structure()
    label = clean_name(label)
    if label:
        town = any(m in label for m in data["town_markers"])
        dept = "部门" in label or "单位" in label
        if town and not dept:
            return "town"
        if dept and not town:
            return "department"
    return "town" if clean_name(name).endswith(tuple(data["town_name_suffixes"])) else \
        "department"


def _own_label(el) -> str:
    """The element's text when it is short enough to be a heading or a tab label."""
    try:
        text = clean_name(el.text_content())
    except ValueError:
        return ""
    return text if 0 < len(text) <= _LABEL_MAX else ""


def labelled_units(tree, base_url: str, links: list[NavLink] | None = None) -> list[UnitLink]:
    """Units listed under a unit-index label anywhere on the page (a homepage block, a left
    tree, a `<select>` whose first option or label names the index). A label that is itself a
    link to an index page is followed as a column instead; its block may still list units."""
    links = links if links is not None else nav_links(tree, base_url)
    by_element = {id(link.element): link for link in links if link.element is not None}
    found: dict[str, UnitLink] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "html", "body"):
            continue
        label = _own_label(el)
        if not label or _container_kind(label) != "unit-index":
            continue
        block = el
        for _ in range(_BLOCK_LEVELS):
            units = _units_in(block, by_element, label)
            if units:
                for unit in units:
                    found.setdefault(unit.url, unit)
                break
            block = block.getparent()
            if block is None or block.tag in ("body", "html"):
                break
    return list(found.values())


def _units_in(block, by_element: dict, label: str) -> list[UnitLink]:
    units = []
    for el in block.iter():
        link = by_element.get(id(el))
        if link is not None and is_unit_name(link.text):
            name = clean_name(link.text)
            units.append(UnitLink(link.url, name, unit_kind(name, label), label, link.form))
    return units


def index_units(links: list[NavLink], label: str) -> list[UnitLink]:
    """Units on a page that *is* a unit index (reached through a 部门信息公开 link): every
    navigation link whose text is a unit's name."""
    found: dict[str, UnitLink] = {}
    for link in links:
        if is_unit_name(link.text) and link.url not in found:
            name = clean_name(link.text)
            found[link.url] = UnitLink(link.url, name, unit_kind(name, label), label, link.form)
    return list(found.values())
