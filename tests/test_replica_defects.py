"""The replica's planted defects: every manifest record names what was planted and the rule the
rule pack declares for it, every defect the pack names is planted, the planted dates follow
the declared windows, and the clean look-alikes (edges of each deadline) stay clean.

Whether the audit finds exactly these defects is tests/test_replica_audit.py's (and
tests/test_end_to_end.py's) question; here the replica is checked against its own manifest.
"""
import copy
import datetime as dt

import pytest

from replica import declared
from replica.generator import build_site

from .replica_oracle import declared_defects, declared_rule

AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def site():
    return build_site(seed=7, size="small", as_of=AS_OF)


def columns(site, role="column"):
    return [c for c in site.manifest["columns"] if c["role"] == role]


def planted(site, *defects) -> list[dict]:
    return [d for d in site.manifest["defects"] if d["defect"] in defects]


def test_each_record_names_the_rule_the_pack_declares_for_its_defect(site):
    variants = [site, build_site(seed=7, size="small", as_of=AS_OF, fixed=True),
                build_site(seed=3, size=2, as_of=AS_OF, no_channel=True)]
    for s in variants:
        m = s.manifest
        unit_names = {u["name"] for u in m["units"]}
        col_paths = {c["path"] for c in m["columns"]}
        assert len({d["id"] for d in m["defects"]}) == len(m["defects"])
        for d in m["defects"]:
            assert d["rule"] == declared_rule(d["defect"]), d
            assert d["unit"] in unit_names
            if d["column_path"]:
                assert d["column_path"] in col_paths


def test_every_defect_the_pack_names_is_planted_by_some_switch():
    """A `replica_defect` in the pack that the replica does not plant is a rule nobody tests
    end to end: the default portal plants all but the switch-only ones."""
    found = {}
    for kw in ({}, {"stale_homepage": True, "unanswered_letter": True}, {"no_channel": True}):
        s = build_site(seed=7, size="small", as_of=AS_OF, **kw)
        for d in s.manifest["defects"]:
            found.setdefault(d["defect"], set()).add(tuple(kw))
    assert set(found) == set(declared_defects())
    assert found["stale_homepage"] == {("stale_homepage", "unanswered_letter")}
    assert found["no_channel"] == {("no_channel",)}


def test_one_stale_column_per_freshness_class(site):
    from ground import config

    cats = config.categories()["categories"]
    stale = planted(site, "stale")
    assert sorted(cats[d["category"]]["freshness"] for d in stale) == \
        ["dynamic", "notice-policy", "personnel-plans"]


def _with_windows(monkeypatch, stale: dict, homepage: int):
    """Declarations as if the pack said other windows (days) for column.stale / homepage.stale."""
    data = copy.deepcopy(declared.pack())
    for cls, days in stale.items():
        data["rules"]["column.stale"]["thresholds"][cls] = {"value": days, "unit": "days"}
    data["rules"]["homepage.stale"]["thresholds"]["window"] = {"value": homepage, "unit": "days"}
    monkeypatch.setattr(declared, "pack", lambda: data)


@pytest.mark.parametrize("windows", [{"dynamic": 40, "notice-policy": 400, "personnel-plans": 700},
                                     {"dynamic": 6, "notice-policy": 30, "personnel-plans": 60}])
def test_a_window_changed_in_the_pack_moves_the_planted_and_the_clean_dates(monkeypatch, windows):
    """Longer windows: the planted stale columns are still past theirs; shorter ones: every clean
    column is still within its own. The homepage follows homepage.stale the same way."""
    _with_windows(monkeypatch, windows, homepage=windows["dynamic"])
    s = build_site(seed=7, size="small", as_of=AS_OF, stale_homepage=True)
    stale = {d["column_path"] for d in planted(s, "stale")}
    assert len(stale) == 3
    for c in columns(s):
        cls = declared.freshness_class(c["category"])
        if not cls or not c["items"]:
            continue
        age = (AS_OF - dt.date.fromisoformat(c["newest_date"])).days
        if c["path"] in stale:
            assert age > windows[cls], c["path"]
        else:
            assert age <= windows[cls], c["path"]
    home = s.manifest["columns"][0]
    assert (AS_OF - dt.date.fromisoformat(home["newest_date"])).days > windows["dynamic"]


def test_stale_homepage_switch():
    fresh = build_site(as_of=AS_OF)
    stale = build_site(as_of=AS_OF, stale_homepage=True)
    home = lambda s: s.manifest["columns"][0]  # noqa: E731
    assert home(fresh)["role"] == "homepage"
    assert (AS_OF - dt.date.fromisoformat(home(fresh)["newest_date"])).days <= 3
    assert (AS_OF - dt.date.fromisoformat(home(stale)["newest_date"])).days > \
        declared.homepage_window_days()
    assert len(planted(stale, "stale_homepage")) == 1 and not planted(fresh, "stale_homepage")


def _channel_links(site) -> set[str]:
    """Texts of links on any HTML page that name a consultation channel (the rule's own list)."""
    from bs4 import BeautifulSoup
    from ground import config

    channels = config.interaction()["channels"]
    found = set()
    for path in site.pages:
        status, ctype, body = site.pages[path]
        if "html" not in ctype:
            continue
        for a in BeautifulSoup(body, "lxml").find_all("a"):
            text = a.get_text(strip=True)
            if any(k in text for k in channels["consultation"]) and \
                    not any(k in text for k in channels["excluded"]):
                found.add(text)
    return found


def test_no_channel_switch_removes_every_consultation_channel():
    plain = build_site(seed=7, size=2, as_of=AS_OF)
    assert "政民互动" in _channel_links(plain)
    assert not planted(plain, "no_channel")
    s = build_site(seed=7, size=2, as_of=AS_OF, no_channel=True, unanswered_letter=True)
    assert _channel_links(s) == set()
    assert not [c for c in s.manifest["columns"] if c["category"] == "interaction"]
    # The letter switch has nothing to plant in a portal without a channel.
    [d] = planted(s, "no_channel", "unanswered_letter")
    assert (d["defect"], d["unit"], d["url_path"]) == ("no_channel", "示例县人民政府", "/")
    assert s.manifest["switches"]["no_channel"]
    # Nothing else moves: every other page keeps its URL.
    assert set(s.pages) == set(plain.pages) - {p for p in plain.pages if "/zmhd/" in p}


def test_letters_sit_on_both_sides_of_three_months():
    """Clean edges of the default portal: a letter 办理中 for 3 months minus 3 days, and one
    answered 45 days after it was asked (slow, but answered within 3 months)."""
    from replica import dates

    s = build_site(seed=7, size="small", as_of=AS_OF)
    letters = [i["message"] for c in s.manifest["columns"] for i in c["items"] if i.get("message")]
    limit = dates.months_before(AS_OF, 3)
    pending = [m for m in letters if not m["replied"]]
    assert pending and all(dt.date.fromisoformat(m["asked"][:10]) > limit for m in pending)
    assert min(dt.date.fromisoformat(m["asked"][:10]) for m in pending) - limit == dt.timedelta(days=3)
    gaps = [(dt.date.fromisoformat(m["replied"]) - dt.date.fromisoformat(m["asked"][:10])).days
            for m in letters if m["replied"]]
    assert max(gaps) == 45 and len(letters) >= 12


def test_interpretation_edges_are_tight():
    """The 国庆 pair straddles the 3-working-day deadline by one working day, and the on-time
    one is 9 calendar days after its document; the weekend one takes exactly 3 working days."""
    from ground.workdays import add_workdays, workdays_between
    from replica import defects

    for doc, on_time, late in defects.INTERPRETATION_HOLIDAY:
        doc, on_time, late = (dt.date.fromisoformat(x) for x in (doc, on_time, late))
        deadline = add_workdays(doc, 3).day
        assert on_time <= deadline < late and (on_time - doc).days >= 9
        assert workdays_between(doc, late)[0] == 4
    for doc, on_time in defects.INTERPRETATION_WEEKEND:
        doc, on_time = dt.date.fromisoformat(doc), dt.date.fromisoformat(on_time)
        assert doc.weekday() == 3 and workdays_between(doc, on_time)[0] == 3
        assert add_workdays(doc, 3).day == on_time


def test_late_penalty_twins_around_national_day(site):
    """The 行政处罚 decision published on the last day of a 7-working-day deadline that spans
    国庆 is clean; its twin published the next day is a planted disclosure.late defect."""
    from ground.workdays import add_workdays

    late = {d["url_path"] for d in planted(site, "late_items")}
    twins = [i for c in columns(site) if c["category"] == "penalty" for i in c["items"]
             if i["written_date"] == "2026-09-30"]
    assert len(twins) == 2
    deadline = add_workdays(dt.date(2026, 9, 30), 7).day
    on_time, after = sorted(twins, key=lambda i: i["list_date"])
    assert on_time["list_date"] == deadline.isoformat() and on_time["path"] not in late
    assert after["list_date"] == (deadline + dt.timedelta(days=1)).isoformat()
    assert after["path"] in late


def test_guides_carry_article_12_texts_and_units_the_standard_sub_columns(site):
    """Clean guides are complete and current; only the planted units deviate."""
    from checks.rules.guide import missing_elements, outdated_statements
    from replica import defects

    plan = {u.slug: u for u in site.units}
    for unit in site.units:
        tops = [c.category for c in unit.columns]
        if unit.kind != "county":
            lacking = defects.STRUCTURE_MISSING.get(unit.slug)
            assert ("on-request" in tops) == (lacking != "on-request"), unit.name
            assert "rules" in tops, unit.name
        for col in unit.columns:
            if col.category != "guide":
                continue
            text = "\n".join(col.items[0].paragraphs)
            variant = defects.GUIDE_DEFECTS.get(unit.slug)
            assert [e.id for e in missing_elements(text)] == (["fax"] if variant == "no-fax" else [])
            assert bool(outdated_statements(text)) == (variant == "old-reply")
    assert set(defects.GUIDE_DEFECTS) <= set(plan)


def test_a_report_deadline_changed_in_the_pack_moves_the_late_and_the_on_time_reports(monkeypatch):
    """The late report is listed the day after the declared deadline, its on-time twin (zrzyj)
    on the deadline itself, whatever day the pack declares."""
    data = copy.deepcopy(declared.pack())
    data["rules"]["annual-report.missing"]["thresholds"]["deadline_department"]["value"] = "02-28"
    monkeypatch.setattr(declared, "pack", lambda: data)
    s = build_site(seed=7, size="small", as_of=AS_OF)
    [late] = planted(s, "report_late")
    listed = {i["path"]: i["pub_date"][:10] for c in columns(s) for i in c["items"]}
    assert listed[late["url_path"]] == "2026-03-01"
    on_time = [i["pub_date"][:10] for c in columns(s) if "/zrzyj/" in c["path"]
               and c["category"] == "annual-report" for i in c["items"] if "2025年" in i["title"]]
    assert on_time == ["2026-02-28"]
