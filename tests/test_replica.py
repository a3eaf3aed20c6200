"""Tests of the replica portal: determinism, serving, pagers, attachments, personal data, CLI.

Its planted defects are checked in tests/test_replica_defects.py, the audit of it against its
manifest in tests/test_replica_audit.py. All traffic stays on 127.0.0.1; nothing here touches
the internet.
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
    dead = [d for d in site.manifest["defects"] if d["defect"] in ("dead_article", "dead_attachment")]
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
    privacy = [d for d in site.manifest["defects"] if d["defect"] == "privacy"]
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

    planted = [d for d in site.manifest["defects"] if d["defect"] == "roster_exposed"]
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
