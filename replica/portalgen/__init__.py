"""Generated county portals whose layout is drawn from a seed (issue 13 part 5).

Beside the built-in replica (replica/generator.py, one fixed layout), `build(seed, as_of)` makes a
small county portal (the county government, 3–5 departments, 2 towns, a few hundred pages)
whose shape is drawn along independent axes (axes.py): where the unit indexes are, where unit
pages live (also on a second host, 127.0.0.2), the column URL scheme (nested, flat ids, query
strings, a gkmlpt-like SPA + JSON API), the form of navigation links, list markup, date formats,
pagers, encodings, column names (data/names.yaml, the replica's own list), containers, how
article pages show their dates, how the homepage shows its news and how budget disclosures are
titled. Defects (plan.DEFECTS: missing, empty and stale columns, missing and late annual
reports, dead articles and attachments, an exposed resident ID; extra.py: late publication, a
department's missing final accounts, a guide without its fax or with the old reply period, a
stale homepage) are planted at random and recorded, each with
the rule the rule pack declares for it (`replica_defect`), with the layout in a manifest
(manifest.py). `serve.start(built)` serves it on loopback; bench/accuracy.py audits seeds and
compares the findings with the manifests.

Modules: axes (layout draw), plan (units, columns, items, defects), extra (article dates,
budget disclosures, guides, homepage), addresses (where pages live), render and render_article
(HTML fragments), site (pages), manifest, serve.
"""

from .site import Built, build  # noqa: F401
