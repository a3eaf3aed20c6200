"""Rules over a big crawl on two cores: which rules go to a second process, and when.

A million-item crawl takes seconds of CPU per rule family (docs/benchmarks.md); the rules are
independent pure functions over the same stored facts, so the runner can evaluate part of them
in a second process that opens its own snapshot of the crawl, while it evaluates the rest.

The split follows the analyses: the rules of a family that works from an analyser
(`budget.*` and the `budget` analyser, `annual-report.*` and `annual-report`, `interpretation.*`
whose documents the `interpretation-coverage` analyser counts) read it or share its work, which
is done once per process and stored with the audit; such rules stay with the runner, which
stores the analyses anyway, except the families of `SECOND_FAMILIES`: those go to the second
process with their analysers, which sends the analyses back (already JSON-encoded); the
runner stores every analysis in the order of a one-process audit (`storing_order`). Every other
rule runs in the second process, except the `RUNNER_FAMILIES`, kept by the runner to balance
the two. Results are merged back in pack order, so an audit is the same
whichever way it ran (tests/test_checks_parallel.py).

Only a crawl that is no longer being written is split (each process reads its own snapshot, and
the two must see the same facts), only when there are enough items for the second process's
start-up (about a second) to pay off, and only with at least two CPUs available.
"""

from __future__ import annotations

import copyreg
import inspect
import logging
import multiprocessing
import os
from types import MappingProxyType
from typing import Callable, Collection, Iterable

logger = logging.getLogger(__name__)

# Below this many items the checks take about a second in one process: not worth a second one.
MIN_ITEMS = 100_000



def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


# Packs and rule metadata hold read-only mappings, which pickle does not know; they go to the
# second process as what they are, a read-only view of a dict.
copyreg.pickle(MappingProxyType, lambda view: (_read_only, (dict(view),)))


def cpus() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def should_split(crawl_status: str | None, items: int, processes: int | None) -> bool:
    """Whether to use a second process. `processes` 1 or 2 forces the choice (tests, tools);
    None decides by the crawl's size, its state and the CPUs available."""
    if processes is not None:
        return processes > 1
    return crawl_status != "running" and items >= MIN_ITEMS and cpus() >= 2


# Analysed families sent to the second process with their analysers, and families of rules
# that read no analysis kept by the runner, to balance the two (docs/checks-performance.md).
# Over a 745-unit portal's million items the budget analyser is the largest single cost and
# the annual-report analyser the next, so they go to different processes. What crosses back
# costs both processes (pickled, sent, unpickled: ≈ 1.5 s of wall time for the budget
# disclosures' 86 MB of JSON, fifth pass), so the runner keeps the families whose results are
# big: the budget family with its analyser, and the interpretation family, whose tens of
# thousands of 未能核验 findings for unread copies are made ready to store while it waits; and
# the serious-error search, and the broken links (which need the links to a few URLs only,
# read alone, where the second process builds the lookup of all links). The second process
# takes the annual-report family with its analyser (13 MB of JSON) and every other rule
# reading no analysis, the personal-data rule among them.
SECOND_FAMILIES = ("annual-report",)
RUNNER_FAMILIES = ("content", "link")


def movable(families: Collection[str]) -> set[str]:
    """The analysed `families` the second process takes (`SECOND_FAMILIES`). Storing order is
    kept whatever goes: the runner stores the analyses that sort before all of the second
    process's before waiting for it, and the others after, in order (`storing_order`)."""
    return {f for f in SECOND_FAMILIES if f in families}


def storing_order(own: Iterable[str], theirs: Collection[str]) -> tuple[list[str], list[str]]:
    """(the runner's analysis kinds it can store before the second process's, the kinds to store
    after it, the second's among them), each in storing (sorted) order."""
    own = sorted(own)
    first = min(theirs) if theirs else None
    before = [k for k in own if first is None or k < first]
    return before, sorted(set(own) - set(before) | set(theirs))


def split(rule_ids: Iterable[str], families: Collection[str],
          kept: Collection[str] = ()) -> tuple[list[str], list[str]]:
    """(rules for the runner's process, rules for the second process), each in pack order:
    rules of the `families` that work from a stored analysis stay with the runner, and so do
    those of the `kept` families."""
    own, other = [], []
    for rule_id in rule_ids:
        family = rule_id.split(".", 1)[0]
        (own if family in families or family in kept else other).append(rule_id)
    return own, other


class Second:
    """One call of `fn(*args)` in a freshly spawned interpreter (spawn, not fork: the runner may
    hold SQLite connections and threads, neither of which survives a fork safely).

    `fn` may be a generator function: its first yielded value is the result, and the generator
    is closed only after that value has been sent, so what it holds (a million-item snapshot)
    is released, and the process ends, while the caller already works with the result. The
    caller waits for the process's end only in `close()`, after its own work."""

    def __init__(self, fn: Callable, *args):
        self.process = None
        self.conn = None
        try:
            context = multiprocessing.get_context("spawn")
            self.conn, sending = context.Pipe(duplex=False)
            self.process = context.Process(target=_call, args=(sending, fn, args),
                                           name="govaudit-checks", daemon=True)
            self.process.start()
            sending.close()  # only the child holds the sending end: its death ends `recv`
        except Exception as exc:  # no process could be started: the caller does the work
            logger.warning("second check process not started (%s); one process is used", exc)
            self.close()

    def result(self):
        """The call's result, or None when it could not run (the caller then does it itself)."""
        if self.conn is None:
            return None
        try:
            done, value = self.conn.recv()
        except Exception as exc:  # a crashed or killed process, a result that did not unpickle
            logger.warning("second check process failed (%s); its rules run here", exc)
            return None
        finally:
            self.conn.close()
            self.conn = None
        if not done:  # it raised there
            logger.warning("second check process failed (%s); its rules run here", value)
            return None
        return value

    def close(self) -> None:
        """Wait for the process to end; one whose result was never taken (the caller failed
        first) is stopped."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None
            if self.process is not None and self.process.is_alive():
                self.process.terminate()
        if self.process is not None:
            self.process.join()
            self.process = None


def _call(sending, fn: Callable, args: tuple) -> None:
    """The second process's body: send (True, result) or (False, why it failed), then, for a
    generator function, let it release what it holds."""
    steps = None
    try:
        value = fn(*args)
        if inspect.isgenerator(value):
            steps, value = value, next(value)
        sending.send((True, value))
    except BaseException as exc:  # anything, a result that does not pickle included
        sending.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        sending.close()
        if steps is not None:
            steps.close()
