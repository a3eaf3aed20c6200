"""One audit, four outputs: the CLI summary, the HTML report, findings.json and the 整改台账 give
the same counts (gaps by severity, 未能核验, 疑似, per unit), and the same verdict words."""

from __future__ import annotations

import json
import re
from collections import Counter

import openpyxl
from bs4 import BeautifulSoup

from reports.ledger_rows import HEADERS, MAIN_SHEET, PENDING_SHEET
from tests.conftest import run_govaudit
from tests.store_builder import SiteBuilder, days_ago

SEVERITY_WORDS = {"veto": "否决项问题", "major": "严重问题", "minor": "一般问题", "info": "提示"}


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_cli_html_json_and_ledger_agree_on_every_count(demo_run):
    out, proc = demo_run
    doc = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    findings = doc["findings"]
    by_status = Counter(f["status"] for f in findings)
    gaps = Counter(f["severity"] for f in findings if f["status"] == "fail")

    # JSON: the verdict statement counts what the findings hold.
    basis = doc["verdict"]["statement"]["basis"]
    for sev, word in SEVERITY_WORDS.items():
        assert (f"{word} {gaps[sev]} 项" in basis) == bool(gaps[sev]), (sev, basis)
    assert (f"未能核验 {by_status['unverified']} 项" in basis) == bool(by_status["unverified"])
    for unit in doc["units"]:
        own = [f for f in findings if f["unit"] == unit["name"]]
        assert unit["gaps"] == sum(1 for f in own if f["status"] == "fail")
        assert unit["unverified"] == sum(1 for f in own if f["status"] == "unverified")

    # CLI: the summary line and the verdict line.
    stdout = proc.stdout
    assert f"网站总体结论：{doc['verdict']['statement']['text']}" in stdout
    summary = re.search(r"检查结果 #\d+（检查日期 [\d-]+）：问题 (.*?)；未能核验 (\d+) 项", stdout)
    shown = dict(re.findall(r"(否决项|严重|一般|提示) (\d+)", summary.group(1)))
    labels = {"veto": "否决项", "major": "严重", "minor": "一般", "info": "提示"}
    assert {s: int(shown.get(labels[s], 0)) for s in labels} == {s: gaps[s] for s in labels}
    assert int(summary.group(2)) == by_status["unverified"]

    # HTML: the verdict box, the severity table, the unit table and the grid.
    index = soup(out / "index.html")
    assert index.select_one("#verdict .basis").get_text() == f"（{basis}）"
    cells = {c["class"][1].removeprefix("sev-count-"): int(c.get_text())
             for c in index.select("table.severity td[class*=sev-count-]")}
    assert cells == {s: gaps[s] for s in labels}
    units = {}
    for row in index.select("table.units tbody tr"):
        td = [c.get_text(strip=True) for c in row.find_all("td")]
        units[td[0]] = (int(td[3]), int(td[4]))
    for unit in doc["units"]:
        assert units[unit["name"]] == (unit["gaps"], unit["unverified"]), unit["name"]
    grid_total = sum(int(tr.find_all("td")[2].get_text()) for tr in index.select("table.grid tbody tr"))
    assert grid_total == sum(gaps.values())

    # Ledger: one row per finding; gaps due on the main sheet, the rest apart.
    wb = openpyxl.load_workbook(out / "整改台账.xlsx")
    main = [dict(zip(HEADERS, r)) for r in list(wb[MAIN_SHEET].iter_rows(values_only=True))[1:]]
    pending = [dict(zip(HEADERS, r)) for r in list(wb[PENDING_SHEET].iter_rows(values_only=True))[1:]
               if r[HEADERS.index("指纹")]]
    assert sum(1 for r in main if r["状态"] == "待整改") == sum(gaps.values())
    assert Counter(r["状态"] for r in pending) == Counter(
        {"未能核验": by_status["unverified"], "疑似，待人工核实": by_status["suspected"]}) - Counter()
    ledger_gaps = Counter(r["单位"] for r in main if r["状态"] == "待整改")
    for unit in doc["units"]:
        assert ledger_gaps.get(unit["name"], 0) == unit["gaps"], unit["name"]


def test_cli_and_report_agree_on_what_changed_since_the_last_audit(tmp_path):
    """新增 / 仍存在 / 已整改 count gaps only, in the CLI as in the report (they once said 35
    and 32 after `demo --fixed`: the CLI counted 未能核验 and 疑似 items too)."""
    db = tmp_path / "g.db"
    for as_of in ("2026-11-20", "2026-11-27"):
        site = SiteBuilder(db, homepage_date=days_ago(1))
        site.compliant_unit("/xxgk/czj/", "县财政局", skip=("budget",))
        site.unit("/xxgk/zz/", "某镇人民政府", "town", status=None, error="timeout")  # 未能核验
        site.finish()
        site.store.close()
        proc = run_govaudit("check", "--db", str(db), "--as-of", as_of)
        assert proc.returncode == 0, proc.stderr
    said = re.search(r"新增 (\d+) 项，仍存在 (\d+) 项，复现 (\d+) 项，已整改 (\d+) 项", proc.stdout)
    assert said, proc.stdout
    report = run_govaudit("report", "--db", str(db), "--out", str(tmp_path / "out"))
    assert report.returncode == 0, report.stderr
    history = soup(tmp_path / "out" / "index.html").select_one("p.history")
    shown = [history.select_one(f".lc-count-{k}").get_text()
             for k in ("new", "persisting", "regressed", "resolved")]
    assert list(said.groups()) == shown
    assert int(shown[1]) > 0  # something persisted, and the 未能核验 town was not counted
