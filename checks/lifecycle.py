"""Finding lifecycle: what changed since the previous audit of the same site.

Every finding of an audit is `new` (never seen for this site), `persisting` (also in the
previous audit) or `regressed` (absent from the previous audit but present in an earlier one);
findings of the previous audit that are gone are `resolved` (已整改). Identity is the
fingerprint, which is stable across runs (checks/runner.py).

"The same site" is the same `crawls.site_url`, except on loopback (127.0.0.1, localhost, ::1),
where the port changes with every run of the replica portal: there host+path decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ground.urls import site_key
from ground.store import Store

LIFECYCLES = ("new", "persisting", "regressed")
@dataclass
class Changes:
    """An audit compared with its previous audit (`previous_id` None: nothing to compare)."""

    previous_id: int | None
    lifecycle: dict[str, str] = field(default_factory=dict)  # fingerprint -> new|persisting|regressed
    resolved: list[dict] = field(default_factory=list)  # previous findings now gone

    def of(self, lifecycle: str, findings: Iterable[Mapping]) -> list[Mapping]:
        return [f for f in findings if self.lifecycle.get(f["fingerprint"]) == lifecycle]


def classify(current: Iterable[Mapping], previous: Iterable[Mapping] | None,
             earlier: set[str], previous_id: int | None = None) -> Changes:
    """Pure: lifecycles of `current` against `previous` (None = no previous audit) and the
    fingerprints of all audits before it (`earlier`)."""
    current = list(current)
    previous = list(previous or [])
    before = {f["fingerprint"] for f in previous}
    now = {f["fingerprint"] for f in current}
    changes = Changes(previous_id)
    for f in current:
        fp = f["fingerprint"]
        if fp in before:
            changes.lifecycle[fp] = "persisting"
        elif fp in earlier:
            changes.lifecycle[fp] = "regressed"
        else:
            changes.lifecycle[fp] = "new"
    seen: set[str] = set()
    for f in previous:  # one resolved entry per fingerprint, in the previous audit's order
        if f["fingerprint"] not in now and f["fingerprint"] not in seen:
            seen.add(f["fingerprint"])
            changes.resolved.append(dict(f))
    return changes


def previous_audit_id(store: Store, audit_id: int, site_url: str) -> int | None:
    """The latest complete audit before `audit_id` of the same site."""
    key = site_key(site_url)
    for other, url in store.audit_sites(before=audit_id):
        if site_key(url) == key:
            return other
    return None


@dataclass
class History:
    """What an audit is compared with: the findings of its previous audit and the fingerprints
    of the audits before that, read once (an audit's findings may be classified in parts, as
    each check process has them ready)."""

    previous_id: int | None
    previous: list[Mapping] = field(default_factory=list)
    earlier: set[str] = field(default_factory=set)

    def classify(self, current: Iterable[Mapping]) -> Changes:
        return classify(current, self.previous if self.previous_id is not None else None,
                        self.earlier, self.previous_id)


def history(store: Store, previous_id: int | None, site_url: str) -> History:
    """Stored audit `previous_id` of site `site_url` and, for `regressed`, every audit of the
    same site before it."""
    if previous_id is None:
        return History(None)
    key = site_key(site_url)
    earlier_ids = [a for a, url in store.audit_sites(before=previous_id) if site_key(url) == key]
    return History(previous_id, store.findings(previous_id), store.fingerprints(earlier_ids))


def compare(store: Store, previous_id: int | None, current: Iterable[Mapping],
            site_url: str) -> Changes:
    """Lifecycles of `current` findings against stored audit `previous_id` of site `site_url`;
    `regressed` looks at every audit of the same site before `previous_id`."""
    return history(store, previous_id, site_url).classify(current)
