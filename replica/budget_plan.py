"""Departments' 部门预决算 disclosures in the replica plan (budget.* rules).

Each department's 财政预决算 column gets the budgets of the two latest due years and the final
accounts of the two latest due years, published before their due dates, all tables present
(empty ones with a note) and the 三公经费 split and explained; the planted `budget_defect` of
defects.PLAN leaves out or garbles one of them. Document ids come from a range of their own
per department, so no other article changes its URL.
"""
import datetime as dt

from . import budget, defects


def budget_disclosures(p):
    """Fill every department's budget column (p.budget_columns) with its disclosures."""
    departments = [u for u in p.units if u.kind == "department"]
    with p.docids(defects.BUDGET_DOCID_BASE):  # BUDGET_SLOTS ids per department
        for u, col in p.budget_columns:
            flaw = defects.plan_for(u.slug, p.fixed).get("budget_defect")
            rng = p.rng(u.slug, "budget")
            p.docid = defects.BUDGET_DOCID_BASE + departments.index(u) * defects.BUDGET_SLOTS
            by = budget.latest_due_year("budget", p.as_of)
            fy = budget.latest_due_year("final-accounts", p.as_of)
            plan = [("budget", by), ("final-accounts", fy), ("budget", by - 1), ("final-accounts", fy - 1)]
            if flaw == "missing_final_accounts":
                plan.remove(("final-accounts", fy))
                p.defects.add(flaw, u.name, "budget", col.path, None,
                              f"no {fy} final accounts (due {budget.due('final-accounts', fy)})")
            for k, (kind, year) in enumerate(plan):
                _disclosure(p, u, col, rng, flaw, k, kind, year)
            col.items.sort(key=lambda i: i.pub, reverse=True)


def _disclosure(p, u, col, rng, flaw, k: int, kind: str, year: int):
    """The k-th disclosure of the unit's plan: article, tables and workbook, and its fault."""
    skip = (defects.BUDGET_MISSING_TABLE,) if flaw == "missing_table" and k == 0 else ()
    explained = not (flaw == "sangong_unexplained" and k == 1)
    # The latest budget of these units is the planted document fault.
    omit = defects.BUDGET_NARRATIVE_OMITTED if flaw == "narrative_missing" and k == 0 else ()
    content_year = year - 1 if flaw == "year_mismatch" and k == 0 else year
    named = (p.sister(u, defects.BUDGET_MISMATCH_SOURCE).name
             if flaw == "unit_mismatch" and k == 0 else u.name)
    disclosure = budget.Disclosure(named, kind, content_year, rng, skip=skip,
                                   explained=explained, omit=omit)
    day = budget.due(kind, year) - dt.timedelta(days=rng.randint(10, 50))
    it = p.item(col, day, k, rng, title=budget.title(u.name, kind, year),
                paragraphs=disclosure.paragraphs)
    it.extra_html = disclosure.html()
    it.attachments = []
    p.attach(it, day, "xlsx", rng).tables = disclosure.tables
    if skip:
        p.defects.add(flaw, u.name, "budget", col.path, it.path,
                      f"{year} budget without {skip[0]}, in the article and its workbook")
    if not explained:
        p.defects.add(flaw, u.name, "budget", col.path, it.path,
                      f"{year} final accounts: 三公 amounts without the explanation of their change")
    if omit:
        p.defects.add(flaw, u.name, "budget", col.path, it.path,
                      f"{year} budget without the {' and '.join(omit)} explanations")
    if content_year != year or named != u.name:
        p.defects.add(flaw, u.name, "budget", col.path, it.path,
                      f"listed as its {year} budget, the document is "
                      f"{named}'s {content_year} budget")
