"""Run the rules of a pack over one stored crawl and write the audit.

Each rule runs isolated: an exception becomes an `audit.rule-error` finding and the other rules
go on. The runner adds what a rule does not decide itself (severity, title, basis, 整改建议 from
the pack; the fingerprint), computes the verdict and writes everything in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import traceback
from functools import lru_cache
from typing import Callable, Collection, Iterable, Iterator, Mapping
from urllib.parse import urlsplit

from ground import __version__, config
from ground.store import Store, encode_json

from checks import analyses, parallel, registry
from checks.facts import Facts, gc_paused
from checks.lifecycle import history, previous_audit_id
from checks.model import Context, Finding
from checks.pack import Pack, PackError, default_pack, load_pack
from checks.verdict import compute_verdict
from checks.waivers import Waiver, apply_waivers

logger = logging.getLogger(__name__)

ERROR_RULE = "audit.rule-error"
AUDIT_CACHE_MIB = 128  # SQLite's page cache while the audit is written (Store.page_cache)


def _origin(url: str) -> tuple[str, int | None] | None:
    """Host and explicit port of a URL; default ports (80/443) count as none, so a site moved
    between http and https keeps its origin."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), (None if port in (80, 443) else port)


@lru_cache(maxsize=64)  # asked once per finding, tens of thousands at national scale
def _site_origin(site_url: str) -> tuple[str, int | None] | None:
    return _origin(site_url)


@lru_cache(maxsize=64)
def _own_prefixes(site_url: str) -> tuple[str, ...]:
    """`http://netloc/` and `https://netloc/` with the site's own netloc as written: a URL that
    starts with one of them (and holds no tab or newline, which urlsplit deletes) splits to that
    very netloc, so it is on the site's origin without being split (`stable_url`)."""
    netloc = urlsplit(site_url).netloc if _site_origin(site_url) else ""
    return tuple(f"{scheme}://{netloc}/" for scheme in ("http", "https")) if netloc else ()


def stable_url(url: str | None, site_url: str | None) -> str:
    """The part of `url` that identifies it across runs: path+query for a URL on the audited
    site's own host (the replica is served on a new port each run, a site may move to https),
    the full URL for an external host (its host is part of what is broken). Host and port must
    both match: on loopback another port is another server (the replica's dead external host
    is 127.0.0.1:1)."""
    if not url:
        return ""
    if site_url and "\t" not in url and "\n" not in url and "\r" not in url:
        # Asked for every finding (tens of thousands at national scale), nearly all on the
        # site's own netloc as written: path and query are cut out without splitting the URL,
        # exactly as `_stable_url_split` would (tests/test_fingerprint.py holds the two equal).
        for prefix in _own_prefixes(site_url):
            if url.startswith(prefix):
                path, _, query = url[len(prefix) - 1:].split("#", 1)[0].partition("?")
                return path + (f"?{query}" if query else "")
    return _stable_url_split(url, site_url)


def _stable_url_split(url: str, site_url: str | None) -> str:
    """`stable_url` by the definition: the URL split, its host and port compared."""
    if site_url:
        site, own = _site_origin(site_url), _origin(url)
        if site and own and site == own:
            parts = urlsplit(url)
            return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def fingerprint(rule: str, unit_name: str | None, column_key: str | None, url: str | None,
                category: str | None, site_url: str | None = None) -> str:
    """Stable identity of a finding across runs: same gap, same fingerprint. URLs on the
    audited site count by path+query (see `stable_url`); column keys are already paths."""
    raw = "|".join([rule, unit_name or "", column_key or "", stable_url(url, site_url),
                    category or ""])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def _as_date(as_of: dt.date | str) -> dt.date:
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    return dt.date.fromisoformat(str(as_of))


def evaluate(facts: Facts, as_of: dt.date | str, pack: Pack | str | Mapping | None = None,
             requirements: Mapping | None = None,
             categories: Mapping | None = None) -> list[dict]:
    """All findings of a pack over a facts snapshot, as store-ready dicts (no writing)."""
    pack = load_pack(pack)
    found = evaluate_rules(facts, as_of, pack, None, requirements, categories)
    return _in_pack_order(pack, found)


def evaluate_rules(facts: Facts, as_of: dt.date | str, pack: Pack,
                   rule_ids: Collection[str] | None = None, requirements: Mapping | None = None,
                   categories: Mapping | None = None) -> dict[str, list[dict]]:
    """The findings of each rule of `rule_ids` (default all), by rule id."""
    functions = registry.registered()
    registry.verify(pack, complete=False)
    place = {rule_id: n for n, rule_id in enumerate(pack.rules)}
    day = _as_date(as_of)
    requirements = requirements or config.requirements()
    categories = categories or config.categories()["categories"]
    out: dict[str, list[dict]] = {}
    # Rules build many long-lived rows (a million-item crawl's lookups) and little cyclic
    # garbage; the cyclic collector, run every few hundred allocations, would walk all of those
    # rows each time it reaches the oldest generation (≈ 10% of the checks' time). It is paused
    # while rules run and resumes (collecting whatever cycles they left) when they are done.
    with gc_paused():
        for rule_id, meta in pack.rules.items():
            if rule_ids is not None and rule_id not in rule_ids:
                continue
            out[rule_id] = rows = _evaluate_rule(facts, day, pack, rule_id, meta, functions,
                                                 requirements, categories)
            for row in rows:  # its place in the audit, wherever it is stored from
                row["seq"] = place[rule_id]
    return out


def _evaluate_rule(facts: Facts, day: dt.date, pack: Pack, rule_id: str, meta, functions,
                   requirements: Mapping, categories: Mapping) -> list[dict]:
    """One rule's findings as store-ready rows (an `audit.rule-error` row when it fails)."""
    # Switched off by a site pack, or not in force on the audit date: not judged at all.
    if not meta.enabled or not meta.applies_on(day):
        return []
    ctx = Context(as_of=day, thresholds=meta.thresholds, requirements=requirements,
                  categories=categories)
    try:
        # Materialise inside the try: a generator fails while being iterated.
        found = list(functions[meta.function_id](facts, ctx))
        strays = {f.rule for f in found} - {meta.function_id}
        if strays:
            raise PackError(f"规则 {rule_id} 产生了其他规则的结果：{sorted(strays)}")
        # A status the pack does not declare is a bug (a `suspected`-only rule accusing): the
        # rule's results are withheld as a rule error rather than published.
        undeclared = {f.status for f in found} - set(meta.statuses)
        if undeclared:
            raise PackError(f"规则 {rule_id} 产生了规则包未声明的状态：{sorted(undeclared)}")
        if meta.function_id != rule_id:  # a site rule reusing another rule's function
            found = [f.with_rule(rule_id) for f in found]
    except Exception as exc:  # isolate one rule's bug from the rest of the audit
        logger.exception("rule %s failed", rule_id)
        found = [_error_finding(rule_id, exc, facts)]
    return [_to_row(f, pack, facts.site_url) for f in found]


def _in_pack_order(pack: Pack, found: Mapping[str, list[dict]]) -> list[dict]:
    return [row for rule_id in pack.rules for row in found.get(rule_id, ())]


def _evaluate_stored(path: str, crawl_id: int, day: dt.date, pack: Pack, kinds: list[str],
                     rule_ids: list[str]
                     ) -> Iterator[tuple[dict[str, list[dict]], dict[str, list[dict]]]]:
    """`evaluate_rules` in a second process, over its own snapshot of the stored crawl, with
    the rows of the analyser `kinds` its rules work from ({kind: rows}, for the runner to
    store). Yielded, not returned: the snapshot (a million-item crawl's rows) is released only
    after the result has been sent (parallel.Second), while the runner stores the audit."""
    store = Store(path)
    facts = Facts.load(store, crawl_id)
    try:
        with gc_paused():  # see `run_checks`
            found = evaluate_rules(facts, day, pack, rule_ids)
            # encoded here, as the runner would store them: one string per row crosses back
            yield found, _encoded_analyses(facts, kinds, day)
    finally:
        analyses.forget(facts)
        facts.close()
        store.close()


def _encoded_analyses(facts: Facts, kinds: Iterable[str], day: dt.date
                      ) -> dict[str, list[dict]]:
    """{kind: rows} of the analyses of `kinds` with each summary JSON-encoded as it is stored."""
    return {kind: [{**row, "summary": encode_json(row.get("summary") or {})}
                   for row in analyses.for_storing(kind, rows)]
            for kind, rows in analyses.computed(facts, kinds, day).items()}


class _Split:
    """An audit's rules split between the runner (`own`) and a second process (`other`, with the
    analysis `kinds` it sends back), which is started before the runner reads its own snapshot:
    the second process's start and its reading of the facts then overlap the runner's."""

    def __init__(self, store: Store, crawl_id: int, day: dt.date, pack: Pack):
        registry.registered()  # imports the rule modules, which register the analysers
        moved = parallel.movable(analyses.families())
        self.kinds = analyses.kinds_of(moved)
        self.own, self.other = parallel.split(pack.rules, analyses.families() - moved,
                                              parallel.RUNNER_FAMILIES)
        self.second = parallel.Second(_evaluate_stored, str(store.path), crawl_id, day, pack,
                                      self.kinds, self.other)

    @classmethod
    def planned(cls, store: Store, crawl_id: int, day: dt.date, pack: Pack,
                processes: int | None) -> "_Split | None":
        """The split when `parallel.should_split` wants one for this stored crawl (its status
        and item count, read without loading the facts), else None."""
        crawl = store.crawl(crawl_id)  # raises StoreError for an unknown crawl
        items = store.db.execute("select count(*) from items where crawl_id = ?",
                                 [crawl_id]).fetchone()[0] if processes is None else 0
        if not parallel.should_split(crawl.get("status"), items, processes):
            return None
        return cls(store, crawl_id, day, pack)


def _evaluate_split(facts: Facts, day: dt.date, pack: Pack, split: _Split,
                    store_analyses: Callable[..., None],
                    store_early: Callable[[list[dict]], None] | None = None) -> list[dict]:
    """All findings, with the rules that read no stored analysis (and the families that
    `parallel.movable` sends, with their analysers) evaluated in a second process at the same
    time (checks/parallel.py, `_Split`). Rows are read back in their place in the audit
    (`seq`), so this process stores its own analyses, and with `store_early` its own findings,
    as soon as its rules are done, while the other may still be working; then it takes the
    other's and stores its analyses (its findings are the caller's to store)."""
    own, other, kinds, second = split.own, split.other, split.kinds, split.second
    found = evaluate_rules(facts, day, pack, own)
    store_analyses([k for k in analyses.registered() if k not in kinds])
    if store_early is not None:
        store_early([row for rows in found.values() for row in rows])
    theirs = second.result()
    if theirs is None:  # no second process: its rules and analyses are done here
        theirs = (evaluate_rules(facts, day, pack, other), None)
    found.update(theirs[0])
    store_analyses(kinds, theirs[1])
    return _in_pack_order(pack, found)


def run_checks(store: Store, crawl_id: int, as_of: dt.date | str,
               pack: Pack | str | Mapping | None = None, waivers: list[Waiver] | None = None,
               waiver_file: str | None = None, processes: int | None = None) -> int:
    """Audit crawl `crawl_id` as of `as_of` (the audit date, never the clock) and return the
    new audit id. `pack` is a path, parsed mapping or Pack; default the national pack.
    `waivers` (loaded from `waiver_file`) turn covered failures into `waived` before the
    verdict; every finding gets its lifecycle against the previous audit of the same site.
    `processes` 1 or 2 forces one or two processes; by default a big finished crawl is
    checked on two (checks/parallel.py)."""
    # the national pack is read once per process (its YAML takes a few tenths of a second)
    pack = default_pack() if pack is None else load_pack(pack)
    day = _as_date(as_of)
    split = _Split.planned(store, crawl_id, day, pack, processes)
    try:
        facts = Facts.load(store, crawl_id)
    except BaseException:
        if split is not None:
            split.second.close()
        raise
    try:
        # The cyclic collector is paused for the whole audit, not only while rules run: storing
        # builds tens of thousands of rows while the snapshot's millions of long-lived objects
        # are held, and each of its passes over the oldest generation walks all of them (≈ 0.5
        # CPU-s of storing the findings). Little cyclic garbage is made; it is collected after.
        # The audit's rows (≈ 150 MB for a million items) are written with a page cache that
        # holds them until each commit (≈ 0.4 s less than the default 2 MiB, fifth pass).
        with gc_paused(), store.page_cache(AUDIT_CACHE_MIB):
            return _audit(store, facts, crawl_id, day, pack, waivers, waiver_file, split)
    finally:
        if split is not None:
            split.second.close()  # (already closed unless the audit raised)
        facts.close()


def _audit(store: Store, facts: Facts, crawl_id: int, day: dt.date, pack: Pack,
           waivers: list[Waiver] | None, waiver_file: str | None,
           split: _Split | None) -> int:
    audit_id = store.start_audit(crawl_id, day.isoformat(), tool_version=__version__,
                                 rules_version=pack.version)

    def store_analyses(kinds=None, given=None) -> None:
        # before the findings: an audit is only done once they are
        store.record_analyses(audit_id, analyses.collect(facts, day, kinds, given))

    extra: dict = {"previous_audit_id": previous_audit_id(store, audit_id, facts.site_url)}
    past = history(store, extra["previous_audit_id"], facts.site_url)
    stored: set[int] = set()  # id() of the rows already written

    def store_early(rows: list[dict]) -> None:
        # this process's findings while the other works (their place is in `seq`); each
        # finding's lifecycle depends on the previous audits alone
        changes = past.classify(rows)
        for f in rows:
            f["lifecycle"] = changes.lifecycle[f["fingerprint"]]
        store.add_findings(audit_id, rows)
        stored.update(map(id, rows))

    if split is not None:
        # with waivers, every finding stays unwritten until they are applied
        findings = _evaluate_split(facts, day, pack, split, store_analyses,
                                   store_early if waivers is None else None)
    else:
        findings = evaluate(facts, day, pack)
        store_analyses()
    if waivers is not None:
        extra["waivers"] = apply_waivers(findings, waivers, day, waiver_file)
    verdict = compute_verdict(findings, pack)  # counts `fail` only
    changes = past.classify(findings)
    for f in findings:
        f["lifecycle"] = changes.lifecycle[f["fingerprint"]]
    store.finish_audit(audit_id, [f for f in findings if id(f) not in stored], verdict,
                       resolved=changes.resolved, extra=extra)
    analyses.forget(facts)
    return audit_id


def _error_finding(rule_id: str, exc: Exception, facts: Facts) -> Finding:
    return Finding(
        rule=ERROR_RULE,
        unit_name=facts.site_name,
        url=rule_id,  # keeps one error finding per failing rule distinct in fingerprints
        message=f"检查规则“{rule_id}”运行出错（{type(exc).__name__}: {exc}），该项结果不完整",
        evidence={"failed_rule": rule_id, "error": f"{type(exc).__name__}: {exc}",
                  "traceback": traceback.format_exc(limit=5)},
    )


def _to_row(f: Finding, pack: Pack, site_url: str | None = None) -> dict:
    try:
        meta = pack.meta(f.rule)
    except KeyError:  # a site pack without a `system` section still gets error findings
        meta = load_pack().meta(f.rule)
    return {
        "fingerprint": fingerprint(f.rule, f.unit_name, f.column_key, f.url, f.category,
                                   site_url),
        "rule": f.rule,
        "severity": meta.severity,
        "status": f.status,
        "title": meta.title,
        "advice": meta.advice,
        "unit_key": f.unit_key,
        "unit_name": f.unit_name,
        "category": f.category,
        "column_name": f.column_name,
        "column_url": f.column_url,
        "url": f.url,
        "message": f.message,
        "basis": meta.basis.text,
        "evidence": dict(f.evidence),
    }


def summarize(findings: Iterable[Mapping]) -> dict[str, int]:
    """Counts per severity of failing findings (for logs and the CLI)."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.get("status") == "fail":
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return counts
