"""`python -m replica serve` prints one `REPLICA_URL http://127.0.0.1:PORT/` line and serves
until killed; `python -m replica build --out DIR` writes the site and manifest to disk.

argparse, not click: the replica may import only the stdlib, openpyxl and fpdf2.
"""
import argparse
import datetime as dt
import json
import os
import sys
import threading

from .generator import build_site


def _size(text: str):
    return int(text) if text.isdigit() else text


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m replica", description="Replica county portal (示例县人民政府)")
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("serve", "build"):
        s = sub.add_parser(name)
        s.add_argument("--seed", type=int, default=7)
        s.add_argument("--size", type=_size, default="small", help="small | large | number of units")
        s.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="audit date YYYY-MM-DD (default today)")
        s.add_argument("--stale-homepage", action="store_true")
        s.add_argument("--unanswered-letter", action="store_true",
                       help="plant a 县长信箱 letter unanswered for over 3 months (WS-V5 veto)")
        s.add_argument("--no-channel", action="store_true",
                       help="no consultation channel at all: no 政民互动 column or link (WS-V5 veto)")
        s.add_argument("--fixed", action="store_true",
                       help="variant after 整改: some planted defects repaired, one new one")
        s.add_argument("--manifest", help="write manifest.json here")
    sub.choices["serve"].add_argument("--port", type=int, default=0)
    sub.choices["serve"].add_argument(
        "--faults", action="store_true",
        help="fault mode: 5xx bursts, resets, truncated bodies, timeouts, challenges, traps")
    sub.choices["serve"].add_argument(
        "--dialect-hosts", action="store_true",
        help="also serve the Hanweb, gkmlpt and VSB hosts (one REPLICA_HOST line each)")
    sub.choices["build"].add_argument("--out", required=True, help="directory to write the pages into")
    return p


def write_manifest(site, path: str):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(site.manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


def build_to_disk(site, out: str):
    """Write every page as a file; directory URLs become <dir>/index.html."""
    for path in site.pages:
        if path.endswith("/"):
            continue  # the same bytes are written as its index.html
        target = os.path.join(out, path.lstrip("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(site.pages[path][2])
    write_manifest(site, os.path.join(out, "manifest.json"))


def main(argv=None):
    from . import server

    args = _parser().parse_args(argv)
    site = build_site(seed=args.seed, size=args.size, as_of=args.as_of, stale_homepage=args.stale_homepage,
                      fixed=args.fixed, unanswered_letter=args.unanswered_letter,
                      no_channel=args.no_channel)
    if args.manifest:
        write_manifest(site, args.manifest)
    if args.cmd == "build":
        build_to_disk(site, args.out)
        print(f"REPLICA_DIR {os.path.abspath(args.out)}", flush=True)
        return
    faults = None
    if args.faults:
        from .faults import plan_for

        faults = plan_for(site.manifest)
    running = server.start(site, port=args.port, faults=faults)
    others = []
    if args.dialect_hosts:
        from . import dialect_hosts

        for kind in dialect_hosts.BUILDERS:
            other, _ = dialect_hosts.start(kind, args.as_of or dt.date.today())
            others.append(other)
            print(f"REPLICA_HOST {kind} {other.url}", flush=True)
    print(f"REPLICA_URL {running.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        for other in others:
            other.stop()
        running.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
