"""The engine-ceiling run (bench/ceiling.py) asks for the URLs a govaudit crawl asked for and
stops after the headers exactly the requests govaudit only status-checks."""

from __future__ import annotations

import sqlite3

from bench.ceiling import url_list


def test_url_list_marks_what_govaudit_only_checks(tmp_path):
    db = tmp_path / "s.db"
    con = sqlite3.connect(db)
    con.execute("create table pages (id integer primary key, crawl_id int, url text, role text)")
    site = "http://127.0.0.1:8000/"
    rows = [(1, site, "home"), (1, site + "col/", "column"), (1, site + "a/1.html", "article"),
            (1, site + "files/budget.xlsx", "attachment"),  # read: downloaded whole
            (1, site + "files/pack.zip", "attachment"),  # not a readable document: checked
            (1, "http://127.0.0.2/other.pdf", "attachment"),  # another host: checked
            (1, "http://www.example.gov.cn/", "external"),
            (2, site + "another-crawl.html", "article")]
    con.executemany("insert into pages (crawl_id, url, role) values (?, ?, ?)", rows)
    con.commit()
    con.close()
    out = tmp_path / "urls.txt"
    assert url_list(db, 1, out, site) == 7
    lines = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [[site, "0"], [site + "col/", "0"], [site + "a/1.html", "0"],
                     [site + "files/budget.xlsx", "0"], [site + "files/pack.zip", "1"],
                     ["http://127.0.0.2/other.pdf", "1"], ["http://www.example.gov.cn/", "1"]]
