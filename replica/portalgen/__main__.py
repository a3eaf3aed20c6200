"""`python -m replica.portalgen show|serve --seed N`: look at or serve one generated portal.

    python -m replica.portalgen show --seed 7                  # layout and planted defects
    python -m replica.portalgen serve --seed 7 --manifest m.json [--set pager=static ...]

`serve` prints `PORTAL_URL <url>` (and `PORTAL_HOST other <url>` for the second host), writes the
manifest with real URLs, and serves until interrupted. Audit it with
`govaudit audit <url> --allow-private` (no --hosts: finding the second host is discovery's job).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time

from . import build
from .serve import start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m replica.portalgen")
    ap.add_argument("command", choices=["show", "serve"])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--as-of", default="2026-11-27")
    ap.add_argument("--set", action="append", default=[], metavar="AXIS=VALUE",
                    help="force an axis to a value (see replica/portalgen/axes.py)")
    ap.add_argument("--manifest", help="write the manifest (real URLs) to this file")
    args = ap.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in args.set)
    try:
        built = build(args.seed, dt.date.fromisoformat(args.as_of), overrides)
    except ValueError as exc:
        print(f"参数错误：{exc}", file=sys.stderr)
        return 2
    if args.command == "show":
        m = built.manifest
        print(json.dumps({"layout": m["layout"], "units": m["units"], "defects": m["defects"]},
                         ensure_ascii=False, indent=1))
        return 0
    served = start(built)
    try:
        if args.manifest:
            with open(args.manifest, "w", encoding="utf-8") as fh:
                json.dump(served.manifest, fh, ensure_ascii=False, indent=1)
        print("PORTAL_URL", served.url, flush=True)
        for label, base in served.bases.items():
            if label != "main":
                print("PORTAL_HOST", label, base + "/", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        served.stop()


if __name__ == "__main__":
    sys.exit(main())
