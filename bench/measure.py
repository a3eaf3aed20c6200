"""A tiny launcher that runs one tool as `__main__` and, at exit, writes what the tool's own
process used to a JSON file:

    python bench/measure.py OUT.json -m MODULE ARGS…     (e.g. -m scrapy bench)
    python bench/measure.py OUT.json -s SCRIPT ARGS…     (a console script, e.g. linkchecker)

It is run by path with whichever interpreter the tool needs (LinkChecker's own venv), so it uses
the standard library only. Written at exit:

- `hwm_mb`: VmHWM, the peak resident set of this process's own address space. Not wait4's
  ru_maxrss: Linux carries the pre-exec peak into it (exec records the old address space's
  high-water mark), so a child forked from a large parent reports the parent's size;
- `self_cpu_s`: user+sys of this process (all its threads), without its children;
- `children_cpu_s`: user+sys of the children it waited for (scrapy bench's mock site server).

The parent (bench/procs.py) adds wall time, load average and wait4's total (process and
children). A tool that drops privileges (LinkChecker run as root becomes `nobody`) can still
write OUT.json: the parent creates it writable for everyone.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import sys


def _hwm_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(out: str) -> None:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = {"hwm_mb": round(_hwm_mb(), 1),
            "self_cpu_s": round(me.ru_utime + me.ru_stime, 3),
            "children_cpu_s": round(kids.ru_utime + kids.ru_stime, 3)}
    try:
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
    except OSError as exc:  # never turn a tool's exit into a traceback
        print(f"bench.measure: cannot write {out}: {exc}", file=sys.stderr)


def main() -> None:
    out, mode, target, *rest = sys.argv[1:]
    atexit.register(_write, out)
    # Run by path, this file's folder (bench/, with its markdown.py, run.py…) would come first
    # on sys.path and shadow the tool's imports: give the tool the path it would have had.
    if mode == "-m":
        sys.path[0] = os.getcwd()  # what `python -m` puts there
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-s":
        sys.path[0] = os.path.dirname(os.path.abspath(target))
        sys.argv = [target, *rest]
        runpy.run_path(target, run_name="__main__")
    else:
        raise SystemExit(f"bench.measure: unknown mode {mode!r} (-m MODULE or -s SCRIPT)")


if __name__ == "__main__":
    main()
