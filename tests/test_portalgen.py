"""The generated portals (replica/portalgen) as an oracle: deterministic, varied along every
layout axis, every manifest address served as the manifest says (status, encoding), and every
planted defect really on the served pages (read over HTTP, not re-derived from the plan)."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.request
from html import unescape

import pytest

from checks.rules.privacy import is_resident_id
from replica.portalgen import build
from replica.portalgen.axes import AXES, layout
from replica.portalgen.plan import DEFECTS, due_report, duties, names, plan
from replica.portalgen.serve import start

from .replica_oracle import declared_rule

AS_OF = dt.date(2026, 11, 27)
# One seed per value of the axes that change how bytes are served (found by layout() below).
SERVED_AXES = ("encoding", "column_scheme", "pager", "list_markup", "nav_form", "unit_index")


def seeds_covering(axes=SERVED_AXES, count=50) -> list[int]:
    chosen: list[int] = []
    for axis in axes:
        for value in AXES[axis]:
            seed = next((s for s in range(count) if layout(s)[axis] == value), None)
            if seed is not None and seed not in chosen:
                chosen.append(seed)
    return sorted(chosen)


def fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def decode(headers: dict, body: bytes) -> str:
    ctype = headers.get("Content-Type", "")
    if "charset=" in ctype:
        return body.decode(ctype.split("charset=")[1])
    meta = re.search(rb'<meta charset="([^"]+)"', body)
    return body.decode(meta.group(1).decode() if meta else "utf-8")


def test_same_seed_same_bytes_and_different_seeds_differ():
    for seed in (0, 9, 31):
        a, b = build(seed, AS_OF), build(seed, AS_OF)
        assert a.pages == b.pages and a.manifest == b.manifest
    assert build(1, AS_OF).pages != build(2, AS_OF).pages
    assert len({json.dumps(layout(s), sort_keys=True) for s in range(50)}) > 40


def test_every_value_of_every_axis_appears_across_seeds_0_to_49():
    seen = {axis: set() for axis in AXES}
    for seed in range(50):
        for axis, value in plan(seed, AS_OF).layout.items():
            seen[axis].add(value)
    missing = {axis: set(values) - seen[axis] for axis, values in AXES.items()
               if set(values) - seen[axis]}
    assert not missing


def test_layout_overrides_force_an_axis_and_refuse_unknown_values():
    assert layout(3, {"encoding": "gbk-meta"})["encoding"] == "gbk-meta"
    with pytest.raises(ValueError):
        layout(3, {"encoding": "latin-1"})


def test_portals_are_small_and_plant_every_kind_of_defect_somewhere():
    planted = set()
    for seed in range(50):
        built = build(seed, AS_OF) if seed < 3 else None
        if built is not None:
            pages = sum(len(p) for p in built.pages.values())
            assert 100 < pages < 600, (seed, pages)
        p = plan(seed, AS_OF)
        kinds = [u.kind for u in p.units]
        assert kinds.count("county") == 1 and 3 <= kinds.count("department") <= 6 \
            and kinds.count("town") == 2
        planted |= {d["defect"] for d in p.defects}
        # Each record names the rule the pack declares for what was planted.
        assert all(d["rule"] == declared_rule(d["defect"]) for d in p.defects), seed
    assert planted == set(DEFECTS)


@pytest.mark.parametrize("seed", seeds_covering())
def test_every_manifest_address_is_served_as_the_manifest_says(seed):
    built = build(seed, AS_OF)
    enc = built.manifest["layout"]["encoding"]
    with start(built) as served:
        m = served.manifest
        hosts = {label: h["address"] for label, h in m["hosts"].items()}
        assert all(u["url"].split("/")[2].split(":")[0] == hosts[u["host"]] for u in m["units"])
        pages = [m["home"], m["platform"]] + [u["url"] for u in m["units"]] + \
            [i["url"] for i in m["indexes"].values() if i["url"]]
        for url in pages:
            status, headers, body = fetch(url)
            assert status == 200, url
            ctype = headers["Content-Type"]
            if enc == "utf-8":
                assert ctype == "text/html; charset=utf-8"
            elif enc == "gbk-header":
                assert ctype == "text/html; charset=GBK"
            else:
                assert ctype == "text/html" and b'<meta charset="gbk">' in body
            text = decode(headers, body)
            assert m["site"] in text, url
        for col in m["columns"]:
            for page in col["pages"]:
                status, headers, body = fetch(page)
                assert status == 200, page
                if col["role"] == "column":
                    decode(headers, body)  # decodes in the charset it declares
            for item in col["items"]:
                status, headers, body = fetch(item["url"])
                assert status == (200 if item["served"] else 404), item["url"]
                if item["served"]:
                    assert unescape(item["title"]) in decode(headers, body)
                if "attachment" in item:
                    status, headers, body = fetch(item["attachment"])
                    assert status == (200 if item["attachment_served"] else 404)
                    assert not item["attachment_served"] or body.startswith(b"%PDF")
        assert fetch(m["home"].rstrip("/") + "/no/such/page.html")[0] == 404


def _unit_pages(m: dict, unit: str) -> list[str]:
    landing = next(u["url"] for u in m["units"] if u["name"] == unit)
    containers = [c["url"] for c in m["columns"] if c["unit"] == unit and c["role"] == "container"]
    return [landing] + containers


def _links(text: str) -> set[str]:
    """Every address a page names, in any of the forms the generator writes."""
    found = re.findall(r"""(?:href|data-url|value|src)=["']([^"']+)["']""", text)
    found += re.findall(r"""location\.href='([^']+)'|window\.open\('([^']+)'""", text)
    found += re.findall(r'"url":\s*"([^"]+)"', text)
    flat = []
    for f in found:
        flat += [x for x in (f if isinstance(f, tuple) else (f,)) if x]
    return set(flat)


def _page_date(text: str, label: str) -> dt.date:
    """The date an article page shows after `label` (in its table, list or info bar, in any of
    the generator's date forms)."""
    m = re.search(label + r"：(?:</td><td>)?(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})", text)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def _pub_date(text: str) -> dt.date:
    return _page_date(text, "发布日期")


@pytest.mark.parametrize("seed", range(0, 50, 5))
def test_planted_defects_are_on_the_served_pages(seed):
    built = build(seed, AS_OF)
    with start(built) as served:
        m = served.manifest
        assert m["defects"]

        def read(url):
            status, headers, body = fetch(url)
            return status, decode(headers, body) if status == 200 and body[:1] != b"%" else ""

        for d in m["defects"]:
            where = d["where"]
            if d["defect"] == "missing_category":
                labels = names()["columns"][d["category"]]["names"]
                for page in _unit_pages(m, d["unit"]):
                    text = read(page)[1]
                    assert not [n for n in labels if n in text], (d, page)
            elif d["defect"] in ("empty_column", "placeholder_column"):
                status, text = read(where["column"])
                items = {i["url"].split("/", 3)[3] for c in m["columns"] for i in c["items"]}
                assert status == 200 and not {x.lstrip("/") for x in _links(text)} & items, d
            elif d["defect"] == "stale":
                col = next(c for c in m["columns"] if c["url"] == where["column"])
                window = duties()["windows"][d["category"]]
                newest = max(_pub_date(read(i["url"])[1]) for i in col["items"] if i["served"])
                assert newest < AS_OF - dt.timedelta(days=window), d
            elif d["defect"] == "report_missing":
                col = next(c for c in m["columns"] if c["unit"] == d["unit"]
                           and c["category"] == "annual-report")
                year, _ = due_report(next(u["kind"] for u in m["units"]
                                          if u["name"] == d["unit"]), AS_OF)
                shown = "".join(read(p)[1] for p in col["pages"])
                assert "年度报告" in shown and f"{year}年政府信息公开" not in shown, d
            elif d["defect"] == "report_late":
                kind = next(u["kind"] for u in m["units"] if u["name"] == d["unit"])
                year, due = due_report(kind, AS_OF)
                status, text = read(d["url_path"])
                assert status == 200 and f"{year}年" in text and _pub_date(text) > due, d
            elif d["defect"] in ("dead_article", "dead_attachment"):
                assert fetch(d["url_path"])[0] == 404, d
                path = "/" + d["url_path"].split("/", 3)[3]
                col = next(c for c in m["columns"] if c["url"] == where["column"])
                referrers = [p for p in col["pages"]] + [i["url"] for i in col["items"]
                                                          if i["served"]]
                assert any(path in read(p)[1] for p in referrers), d
            elif d["defect"] == "late_items":
                status, text = read(d["url_path"])
                taken = _pub_date(text) - _page_date(text, "成文日期")
                assert status == 200 and taken > dt.timedelta(days=3 * 20 * 7 // 5), d
            elif d["defect"] == "missing_final_accounts":
                col = next(c for c in m["columns"] if c["url"] == where["column"])
                shown = "".join(read(p)[1] for p in col["pages"])
                year = AS_OF.year - 1  # final accounts of 2025 are due by 2026-09-30
                assert f"{year + 1}年" in shown and "部门预算" in shown, d
                assert not re.search(rf"{year}年[^和<\"]*决算", shown), d
            elif d["defect"] in ("no-fax", "old-reply"):
                status, text = read(d["url_path"])
                assert status == 200 and "政府信息公开指南" in text and "电话" in text, d
                if d["defect"] == "no-fax":
                    assert "传真" not in text and "20个工作日" in text, d
                else:
                    assert "20个工作日" not in text and re.search("(15|十五)个工作日", text), d
            elif d["defect"] == "stale_homepage":
                status, text = read(m["home"])
                news = text.split('class="news"', 1)[1]
                shown = [dt.date(int(y), int(mo), int(da)) for y, mo, da in
                         re.findall(r"(\d{4})[-/年](\d\d)[-/月](\d\d)", news)]
                assert status == 200 and shown, d
                assert max(shown) < AS_OF - dt.timedelta(days=28), d
            elif d["defect"] == "privacy":
                status, text = read(d["url_path"])
                ids = [n for n in re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", text)
                       if is_resident_id(n, AS_OF)]
                assert status == 200 and ids, d


def test_the_accuracy_section_is_what_the_recorded_results_render(tmp_path):
    """docs/accuracy.md holds the rendering of bench/accuracy-results.json between its own
    markers; writing it again leaves another section of the file alone."""
    from bench import accuracy

    run = json.loads(accuracy.RESULTS.read_text(encoding="utf-8"))
    text = accuracy.render(run)
    committed = accuracy.DOC.read_text(encoding="utf-8")
    assert text in committed
    assert len(run["results"]) >= 10 and "| `column.missing` |" in text
    doc = tmp_path / "accuracy.md"
    doc.write_text("# Accuracy\n\n<!-- documents:start -->\nother helper\n<!-- documents:end -->\n"
                   f"\n{accuracy.START}\nSTALE-SECTION\n{accuracy.END}\n\ntail\n", encoding="utf-8")
    accuracy.write_section(text, doc)
    written = doc.read_text(encoding="utf-8")
    assert "other helper" in written and "tail" in written and "STALE-SECTION" not in written
    assert written.count(accuracy.START) == 1 and text in written
