"""Attachments are read in one thread of their own, one at a time, and reading imports nothing.

Crawls used to read up to seven documents at once in Twisted's thread pool, each first read
importing its library there; python-docx and openpyxl parse with module-level lxml parsers,
which lxml supports in one thread at a time. One read failed with a TypeError on a file that
reads fine (recorded as a corrupt file: a false 未能核验) and a crawl once died in free().
Each check runs in a fresh interpreter, since this process has imported the libraries long ago.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.document_files import docx_bytes, pdf_bytes, xls_bytes, xlsx_bytes

PROBE = textwrap.dedent("""
    import json, sys, threading
    from pathlib import Path
    from crawler.documents.read import load_readers, read_document
    if sys.argv[2] == "load":
        load_readers()
    before = set(sys.modules)
    results = {}
    def read(path):
        doc = read_document(path.read_bytes(), url="http://127.0.0.1/" + path.name)
        results[path.name] = doc.status
    threads = [threading.Thread(target=read, args=(p,)) for p in sorted(Path(sys.argv[1]).iterdir())]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"new": sorted(set(sys.modules) - before), "status": results}))
""")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("docs")
    table = [["项目", "金额"], ["一般公共预算", "120.5"]]
    (path / "a.pdf").write_bytes(pdf_bytes(["2025 budget"], table=[["item", "amount"],
                                                                    ["general", "120.5"]]))
    (path / "b.docx").write_bytes(docx_bytes(["2025年部门预算说明"], table=table))
    (path / "c.xlsx").write_bytes(xlsx_bytes({"收支总表": table}))
    (path / "d.xls").write_bytes(xls_bytes({"收支总表": table}))
    (path / "e.txt").write_bytes("政府信息公开工作年度报告".encode("gb18030"))
    (path / "f.html").write_bytes("<html><body><p>部门预算</p></body></html>".encode("big5",
                                                                                  "ignore"))
    return path


def _probe(folder, mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(folder), mode],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_after_load_readers_a_threaded_read_imports_nothing(folder):
    result = _probe(folder, "load")
    assert set(result["status"].values()) == {"ok"}, result["status"]
    assert result["new"] == []


def test_without_it_the_first_reads_import_their_libraries_in_the_threads(folder):
    """The probe can see the hazard: left lazy, the readers' libraries load in the threads."""
    result = _probe(folder, "lazy")
    assert {"openpyxl", "docx", "pdfplumber", "xlrd"} <= set(result["new"])


CRAWL = textwrap.dedent("""
    import json, sys, threading
    import crawler.attachments as att
    from crawler.run import run_crawl
    real, lock = att.read_document, threading.Lock()
    seen = {"now": 0, "most": 0, "reads": 0, "threads": set()}
    def counted(*args, **kwargs):
        with lock:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
            seen["reads"] += 1
            seen["threads"].add(threading.current_thread().name)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["now"] -= 1
    att.read_document = counted
    run_crawl(sys.argv[1], sys.argv[2], polite=False, progress=False, allow_private=True)
    print("READS", json.dumps({**seen, "threads": sorted(seen["threads"])}))
""")


def test_a_crawl_reads_its_attachments_one_at_a_time_in_one_thread(tmp_path):
    """python-docx and openpyxl parse with module-level lxml parsers, which lxml supports in one
    thread at a time: the crawl reads documents in its one reading thread, never two at once,
    and never on the reactor thread."""
    import datetime as dt

    from replica.portalgen import build
    from replica.portalgen.serve import start

    with start(build(0, dt.date(2026, 11, 27))) as served:
        proc = subprocess.run([sys.executable, "-c", CRAWL, served.url, str(tmp_path / "c.db")],
                              capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stdout.split("READS", 1)[1])
    assert seen["reads"] >= 10
    assert seen["most"] == 1
    assert len(seen["threads"]) == 1 and "govaudit-documents" in seen["threads"][0]
