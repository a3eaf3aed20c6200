"""Generated county portals whose layout is drawn from a seed (issue 13 part 5).

Beside the built-in replica (replica/generator.py, one fixed layout), `build(seed, as_of)` makes a
small county portal (the county government, 3–5 departments, 2 towns, a few hundred pages)
whose shape is drawn along independent axes (axes.py): where the unit indexes are, where unit
pages live (also on a second host, 127.0.0.2), the column URL scheme (nested, flat ids, query
strings, a gkmlpt-like SPA + JSON API), the form of navigation links, list markup, date formats,
pagers, encodings, column names (data/names.yaml, the replica's own list) and containers.
Defects (plan.DEFECTS: missing, empty and stale columns, missing and late annual reports, dead
articles and attachments, an exposed resident ID) are planted at random and recorded, each with
the rule the rule pack declares for it (`replica_defect`), with the layout in a manifest
(manifest.py). `serve.start(built)` serves it on loopback; bench/accuracy.py audits seeds and
compares the findings with the manifests.

Modules: axes (layout draw), plan (units, columns, items, defects), addresses (where pages
live), render (HTML fragments), site (pages), manifest, serve.
"""

from .site import Built, build  # noqa: F401
