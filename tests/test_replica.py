"""Tests of the replica portal: determinism, serving, pagers, attachments, defects, CLI.

All traffic stays on 127.0.0.1; nothing here touches the internet.
"""
import datetime as dt
import io
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from replica import defects, server
from replica.generator import build_site

AS_OF = dt.date(2026, 11, 27)
ROOT = Path(__file__).resolve().parents[1]
ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


@pytest.fixture(scope="module")
def site():
    return build_site(seed=7, size="small", as_of=AS_OF)


@pytest.fixture(scope="module")
def running(site):
    srv = server.start(site)
    yield srv
    srv.stop()


def fetch(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def columns(site, role="column"):
    return [c for c in site.manifest["columns"] if c["role"] == role]


def id_valid(s: str) -> bool:
    if not re.fullmatch(r"[0-9]{17}[0-9X]", s):
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return defects.resident_id(s[:6], s[6:14], s[14:17]) == s


def test_deterministic_bytes_and_manifest(site):
    again = build_site(seed=7, size="small", as_of=AS_OF)
    assert again.manifest == site.manifest
    assert list(again.pages) == list(site.pages)
    for path in site.pages:
        assert again.pages[path] == site.pages[path], path


def test_seed_and_date_change_the_site(site):
    other = build_site(seed=8, size="small", as_of=AS_OF)
    assert other.manifest != site.manifest
    later = build_site(seed=7, size="small", as_of=dt.date(2027, 6, 1))
    assert later.manifest["columns"][0]["newest_date"] > site.manifest["columns"][0]["newest_date"]


def test_small_size_is_polite(site):
    # Directory URLs and their index.html twins count once.
    # ~130 of them are the 制度 / 依申请公开 sub-columns every department and town has.
    urls = [p for p in site.pages if not p.endswith("/index.html")]
    assert len(urls) <= 1400
    units = site.manifest["units"]
    assert sum(u["kind"] == "department" for u in units) >= 20
    assert sum(u["kind"] == "town" for u in units) >= 10


def test_server_answers_manifest_paths(site, running):
    base = running.url.rstrip("/")
    assert running.url.startswith("http://127.0.0.1:")
    status, ctype, body = fetch(running.url)
    assert status == 200 and ctype == "text/html; charset=utf-8" and "示例县人民政府".encode() in body
    for col in site.manifest["columns"]:
        assert fetch(base + col["path"], "HEAD")[0] == 200, col["path"]
        for item in col["items"]:
            status = fetch(base + item["path"], "HEAD")[0]
            assert status == item["status"], item["path"]
            for a in item["attachments"]:
                assert fetch(base + a["path"], "HEAD")[0] == a["status"], a["path"]
    dead = [d for d in site.manifest["defects"] if d["rule"] == "link.broken" and d["url_path"].startswith("/")]
    assert dead and all(fetch(base + d["url_path"])[0] == 404 for d in dead)
    status, ctype, body = fetch(base + "/no/such/page.html")
    assert status == 404 and "页面不存在".encode() in body
    status, ctype, body = fetch(base + "/robots.txt")
    assert status == 200 and b"Disallow: /search/" in body


def test_server_content_types(site, running):
    base = running.url.rstrip("/")
    kinds = {}
    for col in columns(site):
        for item in col["items"]:
            for a in item["attachments"]:
                if a["status"] == 200:
                    kinds.setdefault(a["kind"], a["path"])
    assert fetch(base + kinds["pdf"])[1] == "application/pdf"
    assert fetch(base + kinds["xlsx"])[1] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert fetch(base + kinds["docx"])[1] == \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert fetch(base + kinds["doc"])[1] == "application/msword"


def test_defects_are_consistent(site):
    m = site.manifest
    unit_names = {u["name"] for u in m["units"]}
    col_paths = {c["path"] for c in m["columns"]}
    rules = {d["rule"] for d in m["defects"]}
    assert rules == {"column.missing", "column.empty", "column.stale", "link.broken",
                     "audit.unverified",
                     "annual-report.missing", "annual-report.late", "privacy.exposed",
                     "disclosure.late", "guide.incomplete", "guide.outdated",
                     "platform.structure", "content.serious-error",
                     "interpretation.missing", "interpretation.late",
                     "document.unreadable",
                     "budget.missing", "budget.tables-missing", "budget.sangong-incomplete",
                     "budget.mismatch", "budget.narrative-incomplete",
                     "annual-report.incomplete", "annual-report.inconsistent",
                     "annual-report.outdated-template", "annual-report.copied",
                     "annual-report.residue", "annual-report.shuanggongshi"}
    assert len({d["id"] for d in m["defects"]}) == len(m["defects"])
    for d in m["defects"]:
        assert d["unit"] in unit_names
        if d["column_path"]:
            assert d["column_path"] in col_paths
    stale = {d["category"] for d in m["defects"] if d["rule"] == "column.stale"}
    assert stale == {"news", "notices", "plans"}  # one per freshness class


def test_stale_homepage_switch():
    fresh = build_site(as_of=AS_OF)
    stale = build_site(as_of=AS_OF, stale_homepage=True)
    home = lambda s: s.manifest["columns"][0]  # noqa: E731
    assert home(fresh)["role"] == "homepage"
    assert (AS_OF - dt.date.fromisoformat(home(fresh)["newest_date"])).days <= 3
    assert (AS_OF - dt.date.fromisoformat(home(stale)["newest_date"])).days > 14
    assert [d["rule"] for d in stale.manifest["defects"]].count("homepage.stale") == 1
    assert "homepage.stale" not in [d["rule"] for d in fresh.manifest["defects"]]


def _pager_count(html: str):
    m = re.search(r'createPageHTML\((\d+),\s*(\d+),\s*"index",\s*"html"\)', html)
    if m:
        return int(m.group(1)), int(m.group(2))
    n = re.search(r"var countPage = (\d+)//共多少页", html)
    i = re.search(r"var currentPage = (\d+);//所在页从0开始", html)
    return int(n.group(1)), int(i.group(1))


def test_pagers_list_exactly_the_generated_pages(site):
    templates = set()
    for col in columns(site):
        templates.add(col["template"])
        listed = []
        for i in range(col["pages"]):
            path = col["path"] + (f"index_{i}.html" if i else "index.html")
            html = site.pages[path][2].decode()
            assert _pager_count(html) == (col["pages"], i), path
            rows = re.findall(r'<a href="(\./[^"]+\.html)" title=|var url = "(\./[^"]+\.html)"', html)
            listed += [col["path"] + (a or b)[2:] for a, b in rows]
        assert col["path"] + f"index_{col['pages']}.html" not in site.pages
        assert listed == [it["path"] for it in col["items"]], col["path"]
    assert {"ul_new", "ul_old", "table", "script"} <= templates
    multi = [c for c in columns(site) if c["pages"] > 1]
    assert {c["template"] for c in multi} >= {"ul_new", "ul_old"}


def test_attachments_are_real_files(site):
    import openpyxl

    from crawler.documents import read_document

    seen = {"pdf": 0, "xlsx": 0, "docx": 0, "doc": 0}
    for col in columns(site):
        for item in col["items"]:
            for a in item["attachments"]:
                if a["status"] != 200:
                    continue
                body = site.pages[a["path"]][2]
                if a["kind"] == "pdf":
                    assert body.startswith(b"%PDF")
                elif a["kind"] == "xlsx":
                    wb = openpyxl.load_workbook(io.BytesIO(body))
                    assert wb.active.max_row > 2
                elif a["kind"] == "docx":
                    assert read_document(body, url=a["path"]).kind == "docx"
                else:
                    assert body.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 (Word 97) file
                seen[a["kind"]] += 1
    # DOCX: the annual reports written in Word and the masked-roster notice; DOC: one legacy file.
    assert seen["pdf"] and seen["xlsx"] and seen["docx"] >= 2 and seen["doc"] == 1


def test_privacy_ids(site):
    privacy = [d for d in site.manifest["defects"] if d["rule"] == "privacy.exposed"
               and d["url_path"].endswith(".html")]
    assert len(privacy) == 1
    html = site.pages[privacy[0]["url_path"]][2].decode()
    exposed = [s for s in ID_RE.findall(html) if id_valid(s)]
    assert exposed == [defects.EXPOSED_ID]
    # No other page carries anything that passes as an unmasked ID.
    for path in site.pages:
        status, ctype, body = site.pages[path]
        if ctype.startswith("text/html") and path != privacy[0]["url_path"]:
            assert not [s for s in ID_RE.findall(body.decode()) if id_valid(s)], path
    text = "".join(site.pages[p][2].decode() for p in site.pages if site.pages[p][1].startswith("text/html"))
    assert defects.MASKED_ID in text and defects.MASKED_PHONE in text
    assert not ID_RE.search(defects.MASKED_ID) and not id_valid(defects.MASKED_ID)


def test_privacy_in_attachments_and_the_masked_twin(site):
    """The roster XLSX carries the unmasked mobile and card; the DOCX twin only masked ones
    and an office's 咨询电话 mobile; no other attachment carries either number."""
    from crawler.documents import read_document

    planted = [d for d in site.manifest["defects"] if d["rule"] == "privacy.exposed"
               and d["url_path"].endswith(".xlsx")]
    assert len(planted) == 1
    texts = {}
    for col in columns(site):
        for item in col["items"]:
            for a in item["attachments"]:
                if a["status"] == 200:
                    texts[a["path"]] = read_document(site.pages[a["path"]][2], url=a["path"]).text
    roster = texts.pop(planted[0]["url_path"])
    assert defects.EXPOSED_MOBILE in roster and defects.EXPOSED_CARD in roster
    twin = next(t for t in texts.values() if defects.MASKED_CARD in t)
    assert defects.MASKED_MOBILE in twin and defects.OFFICE_MOBILE in twin
    assert not any(defects.EXPOSED_MOBILE in t or defects.EXPOSED_CARD in t
                   for t in texts.values())


def test_article_markup(site):
    col = next(c for c in columns(site) if c["path"] == "/xxgk_13648/fdzdgknr/zfwj/xzfwj/")
    item = col["items"][0]
    html = site.pages[item["path"]][2].decode()
    assert f'<meta name="PubDate" content="{item["pub_date"]}">' in html
    assert f"<title>{item['title']}_{col['name']}_示例县人民政府</title>" in html
    assert item["index_no"] in html and 'class="TRS_Editor"' in html
    assert "当前位置：" in html and "政府信息公开" in html
    assert re.fullmatch(r"640422\d{3}/\d{4}-\d{5}", item["index_no"])


def test_large_size_is_big():
    # How fast it is built is measured by `python -m bench` (docs/benchmarks.md), not here.
    big = build_site(size="large", as_of=AS_OF)
    assert len(big.pages) > 20000
    assert big.pages["/"][0] == 200


def test_cli_prints_url_and_serves(tmp_path):
    manifest = tmp_path / "m.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "replica", "serve", "--as-of", "2026-11-27", "--manifest", str(manifest)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.fullmatch(r"REPLICA_URL (http://127\.0\.0\.1:\d+/)\n", line)
        assert m, line
        assert fetch(m.group(1))[0] == 200
        assert manifest.exists() and '"schema": "govaudit/replica-manifest@1"' in manifest.read_text()
    finally:
        proc.kill()
        proc.wait(timeout=10)


# ---- self-audit: the rule semantics of docs/architecture.md applied to the ground truth -------
def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, 28))


def _expected_findings(site, as_of):
    """What a correct auditor must find: {(rule, unit, detail key)}. Manifest + pages only."""
    import yaml

    from ground.workdays import add_workdays
    from replica import dates

    data = ROOT / "ground" / "data"
    cats = yaml.safe_load((data / "categories.yaml").read_text(encoding="utf-8"))["categories"]
    required = yaml.safe_load((data / "requirements.yaml").read_text(encoding="utf-8"))["unit_kinds"]
    windows = {"dynamic": as_of - dt.timedelta(days=14), "notice-policy": _months_before(as_of, 6),
               "personnel-plans": _months_before(as_of, 12)}
    m = site.manifest
    found = set()
    for unit in m["units"]:
        cols = [c for c in m["columns"] if c["unit"] == unit["name"]]
        have = {c["category"] for c in cols if c["role"] == "column"}
        for cat in required[unit["kind"]]["required"]:
            if cat not in have:
                found.add(("column.missing", unit["name"], cat))
        year = dates.latest_due_year(as_of, unit["kind"])
        deadline = dates.report_deadline(year, unit["kind"])
        pattern = re.compile(rf"{year}年.*政府信息公开.*(年度报告|年报)")
        reports = [i for c in cols for i in c["items"] if pattern.search(i["title"])]
        if not reports:
            found.add(("annual-report.missing", unit["name"], str(year)))
        signed = {r["path"]: dt.date.fromisoformat(r["signed"]) for r in m["annual_reports"]}
        for i in reports:
            day = dt.date.fromisoformat(i["pub_date"][:10]) if i["pub_date"] else dt.date.fromisoformat(i["list_date"])
            # A report is not published before its 落款: a later 落款 is the earliest it went online.
            day = max(day, signed.get(i["path"], day))
            if day > deadline:
                found.add(("annual-report.late", unit["name"], i["path"]))
    for c in m["columns"]:
        if c["role"] == "homepage" and dt.date.fromisoformat(c["newest_date"]) < as_of - dt.timedelta(days=14):
            found.add(("homepage.stale", c["unit"], c["path"]))
        if c["role"] != "column":
            continue
        if not c["items"]:
            found.add(("column.empty", c["unit"], c["path"]))
            continue
        fresh = cats.get(c["category"], {}).get("freshness")
        if fresh and dt.date.fromisoformat(c["newest_date"]) < windows[fresh]:
            found.add(("column.stale", c["unit"], c["path"]))
        # disclosure.late: 7 working days for 行政许可/行政处罚, else 20, on the PRC calendar.
        limit = 7 if c["category"] in ("license", "penalty") else 20
        for i in c["items"]:
            published = (i["pub_date"] or i["list_date"] or "")[:10]
            if i["written_date"] and published:
                deadline = add_workdays(dt.date.fromisoformat(i["written_date"]), limit).day
                if dt.date.fromisoformat(published) > deadline:
                    found.add(("disclosure.late", c["unit"], i["path"]))
    _annual_report_content(m, found)
    found |= _expected_budget_findings(site, as_of)

    def unit_of(path):  # the crawler's rule: longest unit landing prefix, else the county
        owners = [u for u in m["units"] if path.startswith(u["path"])]
        return max(owners, key=lambda u: len(u["path"]))["name"] if owners else m["site"]["name"]

    from urllib.parse import urljoin, urlsplit

    for path in site.pages:
        status, ctype, body = site.pages[path]
        if not ctype.startswith("text/html"):
            continue
        html = body.decode()
        for href in re.findall(r'href="([^"\\]+)"', html):
            url = urljoin("http://127.0.0.1:9" + path, href)
            parts = urlsplit(url)
            target = parts.path if parts.netloc == "127.0.0.1:9" else url
            if target not in site.pages:
                # A host that answers nothing (refused connection) is 未能核验, not a broken
                # link: only an HTTP error from a server is one (issue 14).
                own = parts.netloc == "127.0.0.1:9"
                found.add(("link.broken" if own else "audit.unverified", unit_of(path), target))
        text = re.sub(r"<[^>]+>", " ", html)
        if any(id_valid(s) for s in ID_RE.findall(text)):
            found.add(("privacy.exposed", unit_of(path), path))
    for path in site.pages:
        status, ctype, body = site.pages[path]
        if ctype.startswith("text/html") or status != 200:
            continue
        if body.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 (Word 97) file: nobody reads it
            found.add(("document.unreadable", unit_of(path), None))
        if any(_roster_leaks(rows) for rows in _file_tables(body, ctype)):
            found.add(("privacy.exposed", unit_of(path), path))
    found |= _expected_issue3(site)
    found |= _expected_interaction(site, as_of)
    return found


GUIDE_LABELS = ("分类", "获取", "名称", "办公地址", "办公时间", "联系电话", "传真", "电子邮箱")
OLD_REPLY = re.compile(r"(?<!\d)15个工作日内予以答复|不得超过15个工作日")
STANDARD = ("guide", "rules", "法定主动公开内容", "annual-report", "on-request")


def _expected_issue3(site):
    """guide.*, platform.structure, content.serious-error by their documented semantics."""
    import html as html_lib

    import yaml

    m = site.manifest
    required = yaml.safe_load((ROOT / "ground" / "data" / "requirements.yaml")
                              .read_text(encoding="utf-8"))["unit_kinds"]
    wrong = yaml.safe_load((ROOT / "ground" / "data" / "serious_errors.yaml")
                           .read_text(encoding="utf-8"))["entries"]

    def text_of(path):
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", site.pages[path][2].decode()))

    found = set()
    for unit in m["units"]:
        cols = [c for c in m["columns"] if c["unit"] == unit["name"]]
        have = {c["category"] for c in cols if c["role"] == "column"} | {c["name"] for c in cols}
        absent = [s for s in STANDARD if s not in have and s not in required[unit["kind"]]["required"]]
        if absent:
            found.add(("platform.structure", unit["name"], None))
        for c in cols:
            if c["category"] == "guide" and c["items"]:
                text = text_of(c["items"][0]["path"])  # newest first
                if not all(label in text for label in GUIDE_LABELS):
                    found.add(("guide.incomplete", unit["name"], c["path"]))
                if OLD_REPLY.search(text):
                    found.add(("guide.outdated", unit["name"], c["path"]))
    for c in m["columns"]:
        for i in c["items"]:
            if i["status"] != 200:
                continue
            text = i["title"] + text_of(i["path"])
            if any(e["wrong"] in text.replace(e["correct"], "") for e in wrong):
                found.add(("content.serious-error", c["unit"], c["path"]))
    return found


def _expected_interaction(site, as_of):
    """interaction.unanswered (a letter not 已回复 more than 3 months after it was asked) and
    interpretation.missing / .late (3 working days on the PRC calendar), from the manifest and the
    相关解读 / 相关文件 links of the rendered pages."""
    from ground.workdays import add_workdays
    from replica import dates

    m = site.manifest
    found = set()
    for c in m["columns"]:
        for i in c["items"]:
            msg = i.get("message")
            if c["category"] == "interaction" and msg and not msg["replied"]:
                asked = dt.date.fromisoformat(msg["asked"][:10])
                if dates.months_before(as_of, 3) > asked:
                    found.add(("interaction.unanswered", c["unit"], i["path"]))
    linked = {}
    for path in site.pages:
        status, ctype, body = site.pages[path]
        if not ctype.startswith("text/html"):
            continue
        html = body.decode()
        for href in re.findall(r'相关解读：<a href="([^"]+)"', html):
            linked.setdefault(path, set()).add(href)
        for href in re.findall(r'相关文件：<a href="([^"]+)"', html):
            linked.setdefault(href, set()).add(path)
    day_of = {i["path"]: dt.date.fromisoformat(i["pub_date"][:10])
              for c in m["columns"] for i in c["items"]}
    for c in m["columns"]:
        if c["role"] != "column" or "规范性文件" not in c["name"]:
            continue
        for i in c["items"]:
            if "解读" in i["title"]:
                continue
            jds = linked.get(i["path"], set())
            if not jds:
                found.add(("interpretation.missing", c["unit"], i["path"]))
            elif min(day_of[j] for j in jds) > add_workdays(day_of[i["path"]], 3).day:
                found.add(("interpretation.late", c["unit"], i["path"]))
    return found


def _file_tables(body: bytes, ctype: str) -> list[list[list[str]]]:
    """The tables of an XLSX or DOCX attachment, read with the plain libraries."""
    if ctype.endswith("spreadsheetml.sheet"):
        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(body))
        return [[["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets]
    if ctype.endswith("wordprocessingml.document"):
        import docx

        return [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(io.BytesIO(body)).tables]
    return []


def _luhn(digits: str) -> bool:
    total = sum(int(d) if i % 2 == 0 else (int(d) * 2 - 9 if int(d) > 4 else int(d) * 2)
                for i, d in enumerate(reversed(digits)))
    return total % 10 == 0


def _roster_leaks(rows: list[list[str]]) -> bool:
    """A table naming people (姓名) with a full mobile or a Luhn-valid card number in it."""
    header = next((r for r in rows if "姓名" in r), None)
    if header is None:
        return False
    cells = [c for r in rows[rows.index(header) + 1:] for c in r]
    return any(re.fullmatch(r"1[3-9]\d{9}", c) or re.fullmatch(r"\d{16,19}", c) and _luhn(c)
               for c in cells)


def _annual_report_content(m, found):
    """What the annual-report content rules must find, from the cells in the manifest: the
    table-三 identity, a 60号 table 二 in a 2021+ report, fewer 许可/处罚 decisions than 双公示
    records; sections and wording are not in the manifest, so those defects are taken as
    declared."""
    rules = {"missing-section": "annual-report.incomplete", "copied": "annual-report.copied",
             "placeholder": "annual-report.residue", "wrong-unit": "annual-report.residue"}
    for r in m["annual_reports"]:
        col, unit, t2, t3 = r["path"].rsplit("/", 2)[0] + "/", r["unit"], r["cells"].get("t2", {}), r["cells"].get("t3", {})
        if t3 and any(t3["一"][c] + t3["二"][c] != t3["三.七"][c] + t3["四"][c] for c in t3["一"]):
            found.add(("annual-report.inconsistent", unit, col))
        if r["year"] >= 2021 and "政府集中采购" in t2:
            found.add(("annual-report.outdated-template", unit, col))
        for label, category in (("行政许可", "license"), ("行政处罚", "penalty")):
            row = t2.get(label, {})
            reported = row.get("本年处理决定数量", row.get("处理决定数量"))
            published = sum(1 for c in m["columns"] if c["unit"] == unit and c["category"] == category
                            for i in c["items"] if (i["list_date"] or i["pub_date"])[:4] == str(r["year"]))
            if reported is not None and published > reported:
                found.add(("annual-report.shuanggongshi", unit, col))
        if r["defect"] in rules:
            found.add((rules[r["defect"]], unit, col))


def _expected_budget_findings(site, as_of):
    """budget.*: departments' non-empty 财政预决算 columns must hold the due budget (by 30 April)
    and final accounts (by 30 September of the next year); those disclosures must print every
    table title (143号) and give the four 三公 amounts with the reason of their change."""
    from replica import budget

    found = set()
    m = site.manifest
    departments = {u["name"] for u in m["units"] if u["kind"] == "department"}
    for c in m["columns"]:
        if c["category"] != "budget" or c["role"] != "column" or c["unit"] not in departments:
            continue
        if not c["items"]:
            continue  # column.empty's
        for kind, word, tables in (("budget", "预算", budget.BUDGET_TABLES),
                                   ("final-accounts", "决算", budget.FINAL_TABLES)):
            due_year = budget.latest_due_year(kind, as_of)
            pattern = re.compile(rf"(\d{{4}})年度?部门{word}")
            items = [(int(g.group(1)), i) for i in c["items"] if (g := pattern.search(i["title"]))]
            if not any(year == due_year for year, _ in items):
                found.add(("budget.missing", c["unit"], c["path"]))
            for year, i in items:
                if year < due_year:
                    continue
                html = site.pages[i["path"]][2].decode()
                shown = set(re.findall(r"<strong>表\d+ ([^<]+)</strong>", html))
                if set(tables) - shown:
                    found.add(("budget.tables-missing", c["unit"], c["path"]))
                names = ["因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"]
                if not all(re.search(re.escape(n) + r"[\d.]+万元", html) for n in names) \
                        or not re.search(r"“三公”经费[^。]*比上年(增加|减少)[\d.]+万元，主要原因", html):
                    found.add(("budget.sangong-incomplete", c["unit"], c["path"]))
                # The article must speak of its own year and unit (budget.mismatch) ...
                body = re.search(r'<div class="TRS_Editor">(.*?)</div>', html, re.S).group(1)
                if f"{year}年" not in body or c["unit"] not in body:
                    found.add(("budget.mismatch", c["unit"], c["path"]))
                # ... and give every BG-NARRATIVE explanation (budget.narrative-incomplete).
                if not all(w in html for w in ("职责", "比上年增加", "机关运行经费", "政府采购", "名词解释")):
                    found.add(("budget.narrative-incomplete", c["unit"], c["path"]))
    return found


def _declared(site, as_of):
    from replica import dates

    out = set()
    for d in site.manifest["defects"]:
        key = {"column.missing": d["category"], "link.broken": d["url_path"],
               "privacy.exposed": d["url_path"], "annual-report.late": d["url_path"],
               "document.unreadable": None, "audit.unverified": d["url_path"],
               "disclosure.late": d["url_path"], "interaction.unanswered": d["url_path"],
               "interpretation.missing": d["url_path"], "interpretation.late": d["url_path"],
               "annual-report.missing": None, "homepage.stale": d["url_path"]}.get(d["rule"], d["column_path"])
        if d["rule"] == "annual-report.missing":
            kind = next(u["kind"] for u in site.manifest["units"] if u["name"] == d["unit"])
            key = str(dates.latest_due_year(as_of, kind))
        out.add((d["rule"], d["unit"], key))
    return out


@pytest.mark.parametrize("as_of,stale_home", [(AS_OF, False), (AS_OF, True), (dt.date(2026, 2, 10), False),
                                             (dt.date(2026, 4, 2), False), (dt.date(2027, 1, 31), True)])
def test_defects_are_exactly_what_the_rules_find(as_of, stale_home):
    s = build_site(seed=7, size="small", as_of=as_of, stale_homepage=stale_home)
    assert _expected_findings(s, as_of) == _declared(s, as_of)


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2026, 2, 10)])
def test_unanswered_letter_switch_is_exact(as_of):
    s = build_site(seed=7, size="small", as_of=as_of, unanswered_letter=True)
    assert _expected_findings(s, as_of) == _declared(s, as_of)
    [d] = [d for d in s.manifest["defects"] if d["rule"] == "interaction.unanswered"]
    assert d["column_path"] == "/xxgk_13648/zmhd/" and s.manifest["switches"]["unanswered_letter"]


def _channel_links(site) -> set[str]:
    """Texts of links on any HTML page that name a consultation channel (the rule's own list)."""
    from bs4 import BeautifulSoup
    from ground import config

    channels = config.interaction()["channels"]
    found = set()
    for path in site.pages:
        status, ctype, body = site.pages[path]
        if "html" not in ctype:
            continue
        for a in BeautifulSoup(body, "lxml").find_all("a"):
            text = a.get_text(strip=True)
            if any(k in text for k in channels["consultation"]) and \
                    not any(k in text for k in channels["excluded"]):
                found.add(text)
    return found


def test_no_channel_switch_removes_every_consultation_channel():
    plain = build_site(seed=7, size=2, as_of=AS_OF)
    assert "政民互动" in _channel_links(plain)
    assert not [d for d in plain.manifest["defects"] if d["rule"] == "interaction.no-channel"]
    s = build_site(seed=7, size=2, as_of=AS_OF, no_channel=True, unanswered_letter=True)
    assert _channel_links(s) == set()
    assert not [c for c in s.manifest["columns"] if c["category"] == "interaction"]
    [d] = [d for d in s.manifest["defects"] if d["rule"].startswith("interaction.")]
    assert (d["rule"], d["unit"], d["url_path"]) == ("interaction.no-channel", "示例县人民政府", "/")
    assert s.manifest["switches"]["no_channel"]
    # Nothing else moves: every other page keeps its URL.
    assert set(s.pages) == set(plain.pages) - {p for p in plain.pages if "/zmhd/" in p}


def test_letters_sit_on_both_sides_of_three_months():
    """Clean edges of the default portal: a letter 办理中 for 3 months minus 3 days, and one
    answered 45 days after it was asked (slow, but answered within 3 months)."""
    from replica import dates

    s = build_site(seed=7, size="small", as_of=AS_OF)
    letters = [i["message"] for c in s.manifest["columns"] for i in c["items"] if i.get("message")]
    limit = dates.months_before(AS_OF, 3)
    pending = [m for m in letters if not m["replied"]]
    assert pending and all(dt.date.fromisoformat(m["asked"][:10]) > limit for m in pending)
    assert min(dt.date.fromisoformat(m["asked"][:10]) for m in pending) - limit == dt.timedelta(days=3)
    gaps = [(dt.date.fromisoformat(m["replied"]) - dt.date.fromisoformat(m["asked"][:10])).days
            for m in letters if m["replied"]]
    assert max(gaps) == 45 and len(letters) >= 12


def test_interpretation_edges_are_tight():
    """The 国庆 pair straddles the 3-working-day deadline by one working day, and the on-time
    one is 9 calendar days after its document; the weekend one takes exactly 3 working days."""
    from ground.workdays import add_workdays, workdays_between
    from replica import defects

    for doc, on_time, late in defects.INTERPRETATION_HOLIDAY:
        doc, on_time, late = (dt.date.fromisoformat(x) for x in (doc, on_time, late))
        deadline = add_workdays(doc, 3).day
        assert on_time <= deadline < late and (on_time - doc).days >= 9
        assert workdays_between(doc, late)[0] == 4
    for doc, on_time in defects.INTERPRETATION_WEEKEND:
        doc, on_time = dt.date.fromisoformat(doc), dt.date.fromisoformat(on_time)
        assert doc.weekday() == 3 and workdays_between(doc, on_time)[0] == 3
        assert add_workdays(doc, 3).day == on_time


def test_other_seeds_stay_exact():
    for seed in (1, 2, 3):
        s = build_site(seed=seed, size="small", as_of=AS_OF)
        assert _expected_findings(s, AS_OF) == _declared(s, AS_OF)


def test_build_writes_files_and_manifest(tmp_path):
    from replica.cli import main

    main(["build", "--out", str(tmp_path), "--as-of", "2026-11-27", "--size", "3"])
    assert (tmp_path / "index.html").read_bytes().startswith(b"<!DOCTYPE html>")
    assert (tmp_path / "robots.txt").exists() and (tmp_path / "manifest.json").exists()
    assert (tmp_path / "xxgk_13648" / "fdzdgknr" / "xzxk" / "index_1.html").exists()


def test_head_has_no_body_and_hangups_are_quiet(site, running, capfd):
    import socket

    status, _, body = fetch(running.url, "HEAD")
    assert status == 200 and body == b""
    # A client that hangs up mid-response must not print a traceback.
    with socket.create_connection(("127.0.0.1", int(running.url.rsplit(":", 1)[1].strip("/")))) as sock:
        sock.sendall(b"GET /xwzx/jryw/ HTTP/1.1\r\nHost: x\r\n\r\n")
    assert fetch(running.url)[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_late_penalty_twins_around_national_day(site):
    """The 行政处罚 decision published on the last day of a 7-working-day deadline that spans
    国庆 is clean; its twin published the next day is a planted disclosure.late defect."""
    from ground.workdays import add_workdays

    late = {d["url_path"] for d in site.manifest["defects"] if d["rule"] == "disclosure.late"}
    twins = [i for c in columns(site) if c["category"] == "penalty" for i in c["items"]
             if i["written_date"] == "2026-09-30"]
    assert len(twins) == 2
    deadline = add_workdays(dt.date(2026, 9, 30), 7).day
    on_time, after = sorted(twins, key=lambda i: i["list_date"])
    assert on_time["list_date"] == deadline.isoformat() and on_time["path"] not in late
    assert after["list_date"] == (deadline + dt.timedelta(days=1)).isoformat()
    assert after["path"] in late


def test_guides_carry_article_12_texts_and_units_the_standard_sub_columns(site):
    """Clean guides are complete and current; only the planted units deviate."""
    from checks.rules.guide import missing_elements, outdated_statements
    from replica import defects

    plan = {u.slug: u for u in site.units}
    for unit in site.units:
        tops = [c.category for c in unit.columns]
        if unit.kind != "county":
            lacking = defects.STRUCTURE_MISSING.get(unit.slug)
            assert ("on-request" in tops) == (lacking != "on-request"), unit.name
            assert "rules" in tops, unit.name
        for col in unit.columns:
            if col.category != "guide":
                continue
            text = "\n".join(col.items[0].paragraphs)
            variant = defects.GUIDE_DEFECTS.get(unit.slug)
            assert [e.id for e in missing_elements(text)] == (["fax"] if variant == "no-fax" else [])
            assert bool(outdated_statements(text)) == (variant == "old-reply")
    assert set(defects.GUIDE_DEFECTS) <= set(plan)
