"""`govaudit analyze`: one report, file or URL, checked before publishing."""

from __future__ import annotations

import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from govaudit.cli import cli
from replica import annual_reports as ar

SEED = Path(__file__).parent / "data" / "annual_report_xiji_2016.txt"


def run(*args):
    return CliRunner().invoke(cli, ["analyze", *args])


def plan(defect=None):
    return ar.build("示例县教育局", "department", 2025, random.Random(3), licences=4, penalties=1,
                    defect=defect)


def test_seed_report_is_recognised_and_not_flagged():
    result = run(str(SEED))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "报告年度：2016" in out and "2007年条例格式" in out
    assert "西吉县人民政府 2017-01-19" in out and "按期" in out
    assert "依申请公开 200余条" in out and "行政处罚 28件" in out and "行政许可 42件" in out
    assert "政民互动 收到966件、办结960件" in out and "信息公开收费：未收取" in out
    assert "收费及减免：没有单独成节，在第三部分中说明" in out


def test_docx_draft_with_a_missing_section_fails(tmp_path):
    path = tmp_path / "年报.docx"
    path.write_bytes(ar.docx_bytes(plan("missing-section")))
    result = run(str(path), "--year", "2025")
    assert result.exit_code == 1, result.output
    assert "[annual-report.incomplete]" in result.output and "存在的主要问题及改进情况" in result.output
    assert "表三 收到和处理政府信息公开申请情况" in result.output


def test_clean_docx_passes_and_json_has_every_cell(tmp_path):
    rep = plan()
    path = tmp_path / "年报.docx"
    path.write_bytes(ar.docx_bytes(rep))
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year"] == 2025 and data["template"] == "2021" and data["problems"] == []
    assert data["tables"] == rep.cells


def test_wrong_year_given_is_residue(tmp_path):
    path = tmp_path / "年报.docx"
    path.write_bytes(ar.docx_bytes(plan()))
    result = run(str(path), "--year", "2024")
    assert result.exit_code == 1 and "[annual-report.residue]" in result.output


def test_missing_file_is_a_chinese_error(tmp_path):
    result = run(str(tmp_path / "没有.pdf"))
    assert result.exit_code == 2 and "找不到文件" in result.output


def test_bad_url_is_a_chinese_error():
    result = run("ftp://example.gov.cn/a.pdf")
    assert result.exit_code == 2
    result = run("http://")
    assert result.exit_code == 2 and "网址" in result.output


@pytest.fixture
def server():
    body = ("<html><body><div>" + "".join([f"<p>{plan().title}</p>"] + ar.html(plan("broken-identity")))
            + "</div></body></html>").encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/nb.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_published_page_is_fetched_and_checked(server):
    result = run(server + "/nb.html")
    assert result.exit_code == 1, result.output
    assert "[annual-report.inconsistent]" in result.output and "自然人" in result.output


def test_url_that_fails_is_a_chinese_error(server):
    result = run(server + "/missing.pdf")
    assert result.exit_code == 2 and "HTTP 404" in result.output


def test_unknown_unit_kind_is_said_and_judged_by_the_latest_deadline(tmp_path):
    rep = plan()
    path = tmp_path / "年报.docx"
    path.write_bytes(ar.docx_bytes(rep))
    out = run(str(path)).output
    assert "单位类型未知" in out and "公布期限 2026-03-31" in out
    assert "格式判断依据：" in out and "统计表表头" in out
    out = run(str(path), "--unit-kind", "department").output
    assert "政府部门，公布期限 2026-01-31" in out


def test_text_cut_short_is_needs_review_not_incomplete(tmp_path):
    from tests.test_annual_analyse import as_text

    text = as_text(plan())
    path = tmp_path / "年报.txt"
    path.write_text(text[:text.index("四、")], encoding="utf-8")
    result = run(str(path))
    assert "需人工核查" in result.output and "annual-report.incomplete" not in result.output
    assert "落款：未找到落款日期" in result.output
    assert result.exit_code == 0, result.output


def test_a_page_under_a_portal_banner_shows_the_report_title_not_the_site_name(tmp_path):
    report = plan()
    banner = "".join(f"<li>{word}</li>" for word in
                     ("首页", "政府信息公开", "今日要闻", "通知公告", "政民互动", "办事服务",
                      "政府文件", "部门动态", "乡镇动态", "专题专栏"))
    page = tmp_path / "nb.html"
    page.write_text(
        f"<html><head><title>{report.title}_年度报告_示例县人民政府</title></head><body>"
        f"<div class='banner'>示例县人民政府</div><ul>{banner}</ul>"
        f"<h1>{report.title}</h1>" + "".join(ar.html(report)) + "</body></html>",
        encoding="utf-8")
    result = run(str(page))
    assert f"标题：{report.title}" in result.output, result.output
    assert "标题：示例县人民政府\n" not in result.output
