"""The tree as committed: no unresolved merge conflict anywhere (a committed marker once
landed in docs/architecture.md)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7}|>{7})( |$)|^={7}$", re.M)


def test_no_merge_markers_in_tracked_files():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    bad = []
    for name in files:
        path = ROOT / name
        if path.suffix in (".png", ".gz", ".pdf", ".xlsx", ".docx", ".doc", ".xls") \
                or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if MARKER.search(text):
            bad.append(name)
    assert not bad, f"merge markers in {bad}"
