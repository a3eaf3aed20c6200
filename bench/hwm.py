"""Run a module or code as `__main__` and, at exit, write this process's own peak resident
memory in MB (VmHWM) to a file: `python -m bench.hwm OUT.txt -m MODULE ARGS…` or
`python -m bench.hwm OUT.txt -c CODE ARGS…`.

Why not wait4's ru_maxrss: Linux carries the pre-exec peak into it (exec records the old
address space's high-water mark), so a child forked from a large parent (the benchmark holds the
whole replica) reports the parent's size. VmHWM belongs to the process's own address space.
"""

from __future__ import annotations

import atexit
import runpy
import sys


def _hwm_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    out, mode, target, *rest = sys.argv[1:]
    atexit.register(lambda: open(out, "w").write(f"{_hwm_mb():.1f}\n"))
    if mode == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *rest]
        exec(compile(target, "<bench>", "exec"), {"__name__": "__main__"})  # noqa: S102


if __name__ == "__main__":
    main()
