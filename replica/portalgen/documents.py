"""Two defects of what an article carries, beyond its list and dates:

* `serious_error`: a slip in a high-risk term (中华人民共合国, 扫黑险恶 …, this package's own
  sentences in data/names.yaml `slips`) in one article's body: content.serious-error, a
  `suspected` finding for a person to confirm;
* `legacy_doc`: a Word 97-2003 (.doc) attachment on one article, a format nothing here reads:
  document.unreadable, one `unverified` finding per unit listing such files.

Both are planted on served articles of units the index lists, in columns carrying no other
defect, at most once per portal each, from this module's own random stream
(`portalgen:<seed>:documents`) so no earlier planting moves. Clean look-alikes are everywhere
already: guides and notices write 中华人民共和国 correctly, PDF / XLSX / DOCX attachments are
readable.
"""

from __future__ import annotations

import random

from .data import names
from .model import Portal


class Documents:
    def __init__(self, planner):
        self.planner = planner
        self.p: Portal = planner.portal
        self.rng = random.Random(f"portalgen:{self.p.seed}:documents")

    def plant(self, used: set[int]) -> None:
        rng, planner = self.rng, self.planner
        cands = [(c, i) for u in self.p.units if u.listed for c in u.all_columns()
                 if c.role == "column" and c.id not in used
                 and c.category not in ("guide", "annual-report")
                 for i in c.items if i.served and not i.budget and not i.related
                 and not i.interprets]
        for defect in ("serious_error", "legacy_doc"):
            cands = [(c, i) for c, i in cands if c.id not in used]
            if not cands or rng.random() < 0.5:
                continue
            col, item = rng.choice(cands)
            used.add(col.id)
            if defect == "serious_error":
                item.slip = rng.choice(names()["slips"])
                planner.record(defect, col.unit, col.category, col, item,
                               f"slip in the body: {item.slip}")
            else:
                item.legacy_doc = True
                planner.record(defect, col.unit, col.category, col, item,
                               "a .doc attachment nothing reads")
