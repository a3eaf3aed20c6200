"""Plan the replica portal: units, column trees, items and defects, then register pages.

`build_site()` is the public entry. It creates a planner.Planner and runs the planning steps in
a fixed order (the order is part of the ground truth: later steps take document ids from ranges
of their own so that no earlier article changes its URL); rendering (templates.py) is pure.
"""
import datetime as dt
from typing import Optional, Union

from . import annual_plan, budget_plan, interaction, names, plant, trees
from .manifest import manifest
from .model import Site, Unit
from .planner import Planner

SIZES = {"small": (20, 12, 1), "large": (420, 180, 4)}


def build_site(seed: int = 7, size: Union[str, int] = "small",
               as_of: Optional[dt.date] = None, stale_homepage: bool = False,
               fixed: bool = False, unanswered_letter: bool = False,
               no_channel: bool = False) -> Site:
    """Generate the replica. Same seed, size and as_of give byte-identical pages. `fixed`: the
    variant after 整改 (some planted defects repaired, one new one; see defects.FIXED_*).
    `unanswered_letter`: a 县长信箱 letter left unanswered for over 3 months (a WS-V5 veto, a
    switch like `stale_homepage` so the default portal stays 合格). `no_channel`: a portal that
    never set up a consultation channel: no 政民互动 column and no link to one anywhere
    (interaction.no-channel, a WS-V5 veto; it overrides `unanswered_letter`)."""
    from .render import register_pages  # late import: render depends on the plan types

    as_of = as_of or dt.date.today()
    n_depts, n_towns, scale = _unit_counts(size)
    plan = Planner(seed, size, as_of, stale_homepage, scale)
    plan.fixed = fixed
    plan.unanswered_letter = unanswered_letter
    plan.no_channel = no_channel
    _build(plan, n_depts, n_towns)
    pages = register_pages(plan)
    return Site(pages=pages, manifest=manifest(plan), units=plan.units)


def _build(p: Planner, n_depts: int, n_towns: int):
    """Every planning step, in the order the ground truth depends on."""
    county = Unit(key=names.PLATFORM, name=names.SITE_NAME, kind="county", path=names.PLATFORM,
                  short=names.COUNTY, abbr="政", code=f"{names.AREA_CODE}001", slug="county")
    p.units.append(county)
    p.county = county
    trees.county_tree(p, county)
    for i, (slug, name, abbr) in enumerate(_cycle(names.DEPARTMENTS, n_depts)):
        u = Unit(key=f"{names.PLATFORM}bmxxgk/{slug}/", name=name, kind="department",
                 path=f"{names.PLATFORM}bmxxgk/{slug}/", short=name.replace(names.COUNTY, "县", 1),
                 abbr=abbr, code=f"{names.AREA_CODE}{i + 2:03d}" if i < 98 else f"{names.AREA_CODE}{i + 2}",
                 slug=slug)
        p.units.append(u)
        trees.department_tree(p, u)
    for i, (slug, name, abbr) in enumerate(_cycle(names.TOWNS, n_towns)):
        u = Unit(key=f"{names.PLATFORM}xzxxgk/{slug}/", name=name, kind="town",
                 path=f"{names.PLATFORM}xzxxgk/{slug}/", short=name.replace("人民政府", ""),
                 abbr=abbr, code=f"{names.AREA_CODE}{i + 101}", slug=slug)
        p.units.append(u)
        trees.town_tree(p, u)
    plant.late_items(p)
    plant.platform_columns(p)
    plant.guides(p)
    plant.serious_error(p)
    interaction.messages(p)
    interaction.interpretations(p)
    budget_plan.budget_disclosures(p)
    annual_plan.older_county_reports(p)
    annual_plan.annual_contents(p)
    trees.homepage(p)


def _unit_counts(size):
    """(departments, towns, scale) of a named size or a number of units."""
    if isinstance(size, str) and size.isdigit():
        size = int(size)
    if isinstance(size, int):
        depts = max(1, round(size * 0.65))
        return depts, max(0, size - depts), 1 if size <= 60 else 4
    return SIZES[size]


def _cycle(base: list, n: int) -> list:
    """Repeat the fictional name list for big benchmark sizes (第2片区…) keeping keys unique."""
    out = []
    for i in range(n):
        slug, name, abbr = base[i % len(base)]
        k = i // len(base)
        if k:
            slug, name = f"{slug}{k + 1}", name.replace(names.COUNTY, f"{names.COUNTY}第{k + 1}片区")
        out.append((slug, name, abbr))
    return out
