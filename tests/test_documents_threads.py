"""Attachments are read in worker threads; reading there must import nothing.

The first reads of a crawl used to import pdfplumber, python-docx and openpyxl in several
threads at once, and one such read failed with a TypeError on a file that reads fine (recorded
as a corrupt file: a false 未能核验). `load_readers()` imports them on the calling thread first.
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
