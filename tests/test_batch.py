"""`govaudit batch`: several replica portals audited from one CSV, rolled up per region."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from govaudit.sites_csv import SitesFileError, read_sites
from replica.generator import build_site
from replica.server import start

from .conftest import AS_OF, run_govaudit


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """Three replica portals (two seeds, one with a stale homepage) plus an unreachable one."""
    day = dt.date.fromisoformat(AS_OF)
    servers = [
        start(build_site(seed=7, size="small", as_of=day)),
        start(build_site(seed=11, size="small", as_of=day)),
        start(build_site(seed=3, size="small", as_of=day, stale_homepage=True)),
    ]
    tmp = tmp_path_factory.mktemp("batch")
    sites = tmp / "sites.csv"
    sites.write_text(
        "网站名称,网址,地区,级别,网站标识码\n"
        f"甲县人民政府,{servers[0].url},甲市,县级,1000000001\n"
        f"乙县人民政府,{servers[1].url},乙市,县级,1000000002\n"
        f"<script>alert(1)</script>丙县,{servers[2].url},甲市,县级,1000000003\n"
        # Port 1 on loopback refuses connections: a site that cannot be read.
        "丁县人民政府,http://127.0.0.1:1/,乙市,县级,1000000004\n"
        # A mistyped row: skipped with a message, the other sites are still audited.
        "戊县人民政府,ftp://e.example/,乙市,县级,1000000005\n",
        encoding="utf-8")
    out = tmp / "out"
    try:
        proc = run_govaudit("batch", str(sites), "--out", str(out), "--as-of", AS_OF,
                            "--fast-loopback", timeout=600)
    finally:
        for server in servers:
            server.stop()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, proc


def _rows(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")]


def test_rollup_gives_the_pass_rate_per_region(batch_run):
    out, proc = batch_run
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {r[0]: r for r in _rows(soup.find("table", class_="regions"))}
    # 地区, 检查网站数, 合格, 不合格, 未能检查, 合格率
    assert rows["甲市"] == ["甲市", "2", "1", "1", "0", "50.0%"]
    # The unreachable site is listed apart and not counted against 乙市's rate.
    assert rows["乙市"] == ["乙市", "2", "1", "0", "1", "100.0%"]
    assert rows["合计"] == ["合计", "4", "2", "1", "1", "66.7%"]
    assert "合格率 66.7%" in proc.stdout


def test_failing_site_is_named_with_its_reason_and_report_link(batch_run):
    out, _ = batch_run
    html = (out / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    failed = soup.find("table", class_="failed")
    rows = _rows(failed)
    assert len(rows) == 1
    assert rows[0][3] == "<script>alert(1)</script>丙县"  # shown as text ...
    assert "<script>alert(1)</script>" not in html  # ... never as markup
    assert "1000000003" in rows[0]
    assert "首页信息发布区超过2周未更新" in rows[0][6]
    link = failed.find("a")["href"]
    assert link == "sites/003/index.html"
    site_report = (out / link).read_text(encoding="utf-8")
    assert "不合格" in site_report


def test_every_checked_site_has_its_own_report_and_unreachable_ones_say_why(batch_run):
    out, _ = batch_run
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.find("table", class_="sites").find_all("a")]
    assert links == ["sites/001/index.html", "sites/002/index.html", "sites/003/index.html"]
    for link in links:
        assert (out / link).is_file()
    unchecked = _rows(soup.find("table", class_="unchecked"))
    assert len(unchecked) == 1 and unchecked[0][3] == "丁县人民政府"
    assert "首页无法访问" in unchecked[0][5]
    data = json.loads((out / "rollup.json").read_text(encoding="utf-8"))
    assert [s["status"] for s in data["sites"]] == ["qualified", "qualified", "failed",
                                                    "unchecked"]
    assert data["total"]["rate"] == pytest.approx(2 / 3)
    csv_text = (out / "rollup.csv").read_text(encoding="utf-8-sig")
    assert "丙县" in csv_text and "不合格" in csv_text


def test_a_bad_site_list_stops_before_any_crawl(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("网站名称,网址,地区,级别\n甲县,ftp://example.org/,甲市,县级\n",
                     encoding="utf-8")
    proc = run_govaudit("batch", str(sites), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "第 2 行网址不正确" in proc.stderr
    assert not (tmp_path / "out" / "govaudit.db").exists()


def test_site_list_without_header_in_gbk(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_bytes("甲县人民政府,http://a.example.gov.cn,甲市,县级\n"
                      "乙县人民政府,http://b.example.gov.cn/,乙市,县级\n".encode("gb18030"))
    read = read_sites(sites)
    assert [(s.number, s.name, s.url, s.region) for s in read] == [
        (1, "甲县人民政府", "http://a.example.gov.cn/", "甲市"),
        (2, "乙县人民政府", "http://b.example.gov.cn/", "乙市"),
    ]


def test_duplicate_site_is_refused(tmp_path):
    sites = tmp_path / "sites.csv"
    sites.write_text("name,url,region,level\nA,http://a.example/,R,县级\nB,http://a.example/,R,县级\n",
                     encoding="utf-8")
    with pytest.raises(SitesFileError, match="第 3 行与第 2 行网址重复"):
        read_sites(sites)


def test_a_bad_row_is_skipped_and_the_notice_says_so(batch_run):
    out, proc = batch_run
    assert "已跳过" in proc.stderr and "第 6 行网址不正确" in proc.stderr
    doc = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    skipped = [li.get_text() for li in doc.select("ul.skipped li")]
    assert len(skipped) == 1 and "第 6 行" in skipped[0]
    footer = doc.find("footer").get_text()
    # The footer counts what the overview counts, and names the skipped row.
    total = _rows(doc.find("table", class_="regions"))[-1][1]
    assert f"共列检查网站 {total} 个" in footer and "另有 1 行格式有误" in footer
    assert "首页不更新、栏目不更新、互动回应差" in footer
    assert "已跳过" in proc.stdout and "1 行格式有误" in proc.stdout


def test_each_site_verdict_says_what_it_rests_on(batch_run):
    out, _ = batch_run
    rows = {r["site"]["name"]: r for r in json.loads((out / "rollup.json").read_text("utf-8"))["sites"]}
    assert rows["丁县人民政府"]["verdict_text"].startswith("未能检查（网站无法读取")
    qualified = [r for r in rows.values() if r["status"] == "qualified"]
    assert qualified and all(r["verdict_text"].startswith("合格（单项否决未触发；") for r in qualified)
    doc = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = [tr.find_all("td")[4].get_text() for tr in doc.select("table.sites tbody tr")]
    assert sorted(shown) == sorted(r["verdict_text"] for r in rows.values())
