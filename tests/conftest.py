"""Shared test fixtures.

Whole crawls run as subprocesses: the Twisted reactor that Scrapy uses cannot be restarted inside
one process. Nothing here touches the internet; the replica portal binds 127.0.0.1 on port 0.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

AS_OF = "2026-11-27"


def run_govaudit(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "govaudit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """One full demo audit of the default replica, shared by the end-to-end tests."""
    out = tmp_path_factory.mktemp("demo")
    proc = run_govaudit("demo", "--out", str(out), "--as-of", AS_OF, "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc
