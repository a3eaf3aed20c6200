"""CI exit codes (`--fail-on`) and `--format` on the command line.

0: no failing finding at or above the threshold; 1: at least one; 2: usage error. 未能核验 never
fails a build. Runs the CLI in-process on a stored crawl: no site, no network.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from govaudit.cli import cli
from reports.gate import exit_code
from tests.store_builder import SiteBuilder, days_ago


@pytest.fixture
def db(tmp_path):
    """Fresh homepage; one department with a missing column (major) and a town whose page timed
    out: 未能核验 (info, unverified) plus a broken link to it (minor)."""
    site = SiteBuilder(tmp_path / "g.db", homepage_date=days_ago(2))
    site.compliant_unit("/xxgk/czj/", "县财政局", skip=("budget",))
    site.unit("/xxgk/zz/", "某镇人民政府", "town", status=None, error="timeout")
    site.finish()
    site.store.close()
    return str(tmp_path / "g.db")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_check_without_fail_on_exits_0(db):
    assert run("check", "--db", db, "--as-of", "2026-11-27").exit_code == 0


@pytest.mark.parametrize("threshold, code", [("veto", 0), ("major", 1), ("minor", 1),
                                             ("info", 1)])
def test_check_fail_on_thresholds(db, threshold, code):
    result = run("check", "--db", db, "--as-of", "2026-11-27", "--fail-on", threshold)
    assert result.exit_code == code, result.output
    if code:
        assert "--fail-on" in result.output


def test_report_fail_on_and_formats(db, tmp_path):
    assert run("check", "--db", db, "--as-of", "2026-11-27").exit_code == 0
    out = tmp_path / "r"
    result = run("report", "--db", db, "--out", str(out), "--format", "csv,sarif,junit",
                 "--fail-on", "major")
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["findings.csv", "findings.sarif", "junit.xml"]
    result = run("report", "--db", db, "--out", str(out), "--fail-on", "veto")
    assert result.exit_code == 0, result.output
    for name in ("index.html", "findings.json", "整改台账.xlsx"):  # the default formats
        assert (out / name).exists()


def test_usage_errors_exit_2(db, tmp_path):
    assert run("check", "--db", db, "--fail-on", "critical").exit_code == 2
    result = run("report", "--db", db, "--out", str(tmp_path / "r"), "--format", "html,pdf")
    assert result.exit_code == 2 and "pdf" in result.output


def test_unverified_never_fails_a_build():
    unverified = [{"status": "unverified", "severity": "veto"}]
    assert exit_code(unverified, "info") == 0
    assert exit_code([{"status": "fail", "severity": "minor"}], "major") == 0
    assert exit_code([{"status": "fail", "severity": "minor"}], "minor") == 1
    assert exit_code([{"status": "fail", "severity": "veto"}], None) == 0
