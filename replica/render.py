"""Register every URL of a planned replica with a lazy renderer (see model.LazyPages)."""
from . import attachments, names, templates
from .model import LazyPages

HTML = "text/html; charset=utf-8"


def _html(fn, *args):
    return lambda: fn(*args).encode("utf-8")


def _entries(cols):
    return [(c.name, c.path) for c in cols]


def _without_channel_links(render):
    """The page as a portal without a consultation channel serves it: the 政民互动 entries of
    the main navigation and the homepage are not there."""
    link = f'<a href="{names.PLATFORM}zmhd/">政民互动</a>'.encode()
    return lambda: render().replace(link, b"")


class _Pages(LazyPages):
    """LazyPages that pass HTML renderers through `filter` (the site-wide switches)."""

    def __init__(self, filter=None):
        super().__init__()
        self._filter = filter

    def add(self, path, ctype, render, status=200):
        if self._filter is not None and ctype == HTML:
            render = self._filter(render)
        super().add(path, ctype, render, status)


def register_pages(plan) -> LazyPages:
    pages = _Pages(_without_channel_links if getattr(plan, "no_channel", False) else None)
    home = _html(templates.homepage, plan.homepage.items, plan.notice_block)
    pages.add("/", HTML, home)
    pages.add("/index.html", HTML, home)
    pages.add("/robots.txt", "text/plain; charset=utf-8", lambda: templates.ROBOTS.encode())

    for unit in plan.units:
        tiles = _entries([c for c in unit.columns if c.path.startswith(unit.path)])
        crumbs = plan.unit_crumbs(unit)[:-1]
        render = _html(templates.unit_page, unit, crumbs, tiles)
        pages.add(unit.path, HTML, render)
        pages.add(unit.path + "index.html", HTML, render)

    by_kind = {k: _entries([u for u in plan.units if u.kind == k]) for k in ("department", "town")}
    for col in plan.columns:
        if col.role == "homepage":
            continue
        siblings = _entries(col.parent.children if col.parent else
                            [c for c in col.unit.columns if c.path.startswith(col.unit.path)] or [col])
        if col.role == "container":
            if col.path == names.PLATFORM + "bmxxgk/":
                entries = by_kind["department"]
            elif col.path == names.PLATFORM + "xzxxgk/":
                entries = by_kind["town"]
            else:
                entries = _entries(col.children)
            render = _html(templates.container_page, col, entries, siblings)
            pages.add(col.path, HTML, render)
            pages.add(col.path + "index.html", HTML, render)
            continue
        for index in range(col.pages):
            render = _html(templates.list_page, col, index, siblings)
            if index == 0:
                pages.add(col.path, HTML, render)
                pages.add(col.path + "index.html", HTML, render)
            else:
                pages.add(f"{col.path}index_{index}.html", HTML, render)
        for item in col.items:
            if item.status == 200:
                render = templates.message_page if item.message else templates.article_page
                pages.add(item.path, HTML, _html(render, col, item))
            for a in item.attachments:
                if a.served:
                    pages.add(a.path, attachments.MIME[a.kind],
                              a.body or (lambda a=a, t=item.title: attachments.render(
                                  a.kind, t, a.seed, a.tables, a.variant)))
    return pages
