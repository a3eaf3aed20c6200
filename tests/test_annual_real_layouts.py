"""Annual reports as they come from real portals (issue 15), on short texts written for these
tests: the template from every signal and the signals stated, the year from the 统计期限
sentence, the 落款 only from a signature block, the unit's kind never guessed, coverage of a
text cut short (需人工核查, never incomplete), table rows that look like headings, one finding
for one blank column, placeholders left from the template."""

from checks.annual import analyse
from checks.annual.text import lines, signature_date, split_sections

SECTIONS_2021 = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                 "六、其他需要报告的事项"]
OPENING = ("本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
           "（国办公开办函〔2021〕30号）要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府"
           "信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的"
           "事项六个部分。")


def report(title="示范县水利局2022年政府信息公开工作年度报告", opening=OPENING,
           stats="本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
           sections=SECTIONS_2021, tail=("示范县水利局", "2023年1月16日"), body="2022年，本局认真落实公开要求。"):
    out = [title, opening + stats]
    for heading in sections:
        out += [heading, body]
    out += list(tail)
    return "\n".join(out)


def test_a_30hao_report_whose_tables_were_lost_is_the_2021_template_with_its_signals():
    text = report(sections=["一、基本情况", "二、主动公开政府信息情况", "三、依申请公开政府信息办理情况",
                            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                            "五、存在的主要问题及改进情况", "六、其他需要报告的事项"],
                  opening=OPENING.split("全文")[0])
    got = analyse(text, None)
    assert got["template"] == "2021" and got["expected_template"] == "2021"
    signals = {s["signal"]: s for s in got["template_signals"]}
    assert signals["cited"]["value"] == "2021" and signals["year"]["year"] == 2022
    assert not [p for p in got["problems"] if p["check"] == "annual-report.outdated-template"]


def test_a_60hao_citation_in_a_2020_report():
    text = report(title="示范县水利局2020年政府信息公开工作年度报告",
                  opening=OPENING.replace("〔2021〕30号", "〔2019〕60号").split("全文")[0],
                  sections=["一、基本情况", "二、主动公开政府信息情况", "三、依申请公开办理情况",
                            "四、行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])
    assert analyse(text, None)["template"] == "2019"


def test_a_2022_report_with_no_format_signal_but_its_year_is_not_old():
    text = report(opening="现将本年度政府信息公开工作情况报告如下。",
                  sections=["一、基本情况", "二、主动公开政府信息情况", "三、依申请公开办理情况",
                            "四、行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])
    got = analyse(text, None)
    assert got["template"] == "2021"
    assert [s["signal"] for s in got["template_signals"]] == ["year"]


def test_year_from_the_statistics_sentence_when_the_title_has_none():
    got = analyse(report(title="示范县水利局政府信息公开工作年度报告", body="本局认真落实公开要求。"), None)
    assert got["year"] == 2022 and got["year_from"] == "statistics-period"


def test_year_from_the_body_when_nothing_else_states_it():
    got = analyse(report(title="示范县水利局政府信息公开工作年度报告", stats=""), None)
    assert got["year"] == 2022 and got["year_from"] == "body"


def test_the_statistics_sentence_at_the_end_is_never_the_signature():
    stats = "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    text = report(stats="", tail=("本报告中所列数据的统计期限自2022年1月1日起至", "2022年12月31日", "止。"))
    got = analyse(text, None)
    assert got["signed"] is None and got["on_time"] is None
    assert signature_date(lines(report(stats="", tail=(stats,)))) is None
    # A real signature block after it is read.
    got = analyse(report(tail=(stats, "示范县水利局", "2023 年 1 月 16 日")), None)
    assert got["signed"] == "2023-01-16" and got["signed_by"] == "示范县水利局"


def test_signature_on_one_line_with_its_unit():
    got = analyse(report(tail=("示范县水利局 2023年1月16日",)), None)
    assert got["signed"] == "2023-01-16" and got["signed_by"] == "示范县水利局"


def test_unit_kind_is_never_guessed():
    unnamed = report(title="2022年政府信息公开工作年度报告", tail=("2023年2月20日",))
    got = analyse(unnamed, None)
    assert got["unit_kind"] == "unknown"
    assert got["deadline"] == "2023-03-31" and got["on_time"] is True  # the latest the law allows
    got = analyse(unnamed, None, unit_kind="department")
    assert got["deadline"] == "2023-01-31" and got["on_time"] is False
    # A 局's name does not make it a department either: only the caller knows.
    assert analyse(report(), None)["unit_kind"] == "unknown"


def test_text_cut_short_is_needs_review_never_incomplete():
    full = report()
    cut = full[:full.index("四、")]
    got = analyse(cut, None)
    assert not [p for p in got["problems"] if p["check"] == "annual-report.incomplete"]
    assert got["coverage"]["complete"] is False and got["review"]
    assert "中断" in "".join(got["review"])
    # Even when tables are known (an HTML page cut short): still not incomplete.
    got = analyse(cut, [])
    assert not [p for p in got["problems"] if p["check"] == "annual-report.incomplete"]


def test_pages_without_text_make_the_report_needs_review():
    got = analyse(report(sections=SECTIONS_2021[:5]), None, note="PDF 共6页，其中2页未提取到文字，需人工核查")
    assert not [p for p in got["problems"] if p["check"] == "annual-report.incomplete"]
    assert got["coverage"]["complete"] is False


def test_a_signed_report_missing_a_middle_section_is_still_incomplete():
    got = analyse(report(sections=["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                   "四、政府信息公开行政复议、行政诉讼情况", "五、其他需要报告的事项"]), None)
    assert got["coverage"]["complete"] is True
    [p] = [p for p in got["problems"] if p["check"] == "annual-report.incomplete"]
    assert "存在的主要问题" in p["message"]


def test_table_row_label_alone_on_a_line_is_not_section_four():
    text = "\n".join(["示范县2022年政府信息公开工作年度报告", "一、总体情况", "正文。",
                      "二、主动公开政府信息情况", "正文。", "三、收到和处理政府信息公开申请情况",
                      "一、本年新收政府信息公开申请数量", "3 0 0 0 0 0 3",
                      "四、结转下年度继续办理", "0 0 0 0 0 0 0",
                      "四、政府信息公开行政复议、行政诉讼情况", "正文。"])
    _, sections = split_sections(lines(text))
    assert [s.heading for s in sections][3] == "政府信息公开行政复议、行政诉讼情况"
    got = analyse(text, None)
    assert got["tables"]["t3"]["四"]["总计"] == 0 and got["tables"]["t3"]["一"]["总计"] == 3


T3_HEAD = [["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"] * 3 + ["申请人情况"] * 7,
           ["x"] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
           ["x"] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]


def t3_row(label, values):
    return [label] * 3 + [str(v) if v is not None else "" for v in values]


def test_one_blank_total_column_is_one_finding_with_every_cell():
    rows = T3_HEAD + [t3_row("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, None]),
                      t3_row("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, None]),
                      ["三、本年度办理结果", "(一)予以公开", "(一)予以公开", 5, 1, 0, 0, 0, 0, ""],
                      ["三、本年度办理结果", "(七)总计", "(七)总计", 5, 1, 0, 0, 0, 0, ""],
                      t3_row("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, None])]
    rows = [[str(c) for c in r] for r in rows]
    got = analyse(report(), [{"rows": rows}])
    found = [p for p in got["problems"] if p["check"] == "annual-report.inconsistent"]
    assert len(found) == 1
    blanks = {(c["row"], c["column"]) for c in found[0]["cells"] if c["value"] is None}
    assert blanks == {("一", "总计"), ("二", "总计"), ("三.一", "总计"), ("三.七", "总计"), ("四", "总计")}


def test_table_two_figures_through_spanning_cells():
    rows = [["第二十条第(一)项"] * 5,
            ["信息内容", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "规章", "13", "0", "524"],
            ["第二十条第(五)项"] * 5,
            ["信息内容", "信息内容", "本年处理决定数量", "本年处理决定数量", "本年处理决定数量"],
            ["行政许可", "行政许可", "524", "524", "524"]]
    got = analyse(report(), [{"rows": rows}])
    assert got["tables"]["t2"]["规章"] == {"本年制发件数": 13, "本年废止件数": 0, "现行有效件数": 524}
    assert got["tables"]["t2"]["行政许可"] == {"本年处理决定数量": 524}
    assert got["figures"]["licences"]["value"] == 524


def test_label_over_two_columns_printed_as_text_with_a_blank_cell():
    from checks.annual.tables import _table2, Tables

    out = Tables()
    _table2([["规章", "", "13", "0", "524"]], out)
    assert out.t2["规章"] == {"本年制发件数": 13, "本年废止件数": 0, "现行有效件数": 524}


def test_placeholders_left_from_the_template_are_residue_once_each():
    body = "围绕具体重大政策名称开展解读，XX局负责人×××同志出席。XX局另行报告。"
    got = analyse(report(body=body), None)
    texts = sorted(p["text"] for p in got["problems"] if p["check"] == "annual-report.residue")
    assert texts == sorted(["具体重大政策名称", "XX局", "×××"])


def test_placeholder_words_are_data():
    from ground.annual_format import fmt

    assert "具体重大政策名称" in fmt()["placeholder_words"]


def test_signature_in_chinese_numerals():
    got = analyse(report(tail=("示范县水利局", "二〇二三年一月十八日")), None)
    assert got["signed"] == "2023-01-18" and got["signed_by"] == "示范县水利局"
    got = analyse(report(tail=("示范县水利局", "二○二三年十二月三十一日")), None)
    assert got["signed"] == "2023-12-31"


def test_coverage_states_what_was_read():
    got = analyse(report(), None)
    cover = got["coverage"]
    assert cover["complete"] is True and cover["share"] == 1.0
    assert cover["announced"] == ["overview", "proactive", "requests", "review", "problems", "other"]
    assert cover["tables"] == {"found": [], "expected": ["t2", "t3", "t4"], "known": False}


def test_a_row_shorter_than_its_header_is_read_without_error():
    from checks.annual.tables import Tables, _table2

    out = Tables()
    _table2([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "3"]], out)
    assert out.t2 == {}  # one figure for three columns: not read (nothing guessed)


def test_pdf_with_a_page_without_text_is_read_but_its_coverage_says_so():
    import datetime as dt

    from fpdf import FPDF

    from checks.annual import analyse_document
    from crawler.documents.read import read_document

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 8, "Annual report, page one")
    pdf.add_page()  # a scanned page: no text layer
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    doc = read_document(bytes(pdf.output()), url="r.pdf")
    assert doc.readable and doc.pages == 2 and "1页未提取到文字" in doc.note
    got = analyse_document(doc)
    assert got["coverage"]["complete"] is False and doc.note in got["review"]
    assert got["problems"] == []


def test_signature_date_in_brackets():
    got = analyse(report(tail=("示范县水利局", "（2023年1月16日）")), None)
    assert got["signed"] == "2023-01-16" and got["signed_by"] == "示范县水利局"


def test_signing_body_whose_name_holds_characters_of_a_period():
    got = analyse(report(tail=("示范县自然资源局 2024年1月25日",)), None)
    assert got["signed"] == "2024-01-25" and got["signed_by"] == "示范县自然资源局"
    got = analyse(report(tail=("数据统计期间至2024年1月25日",)), None)
    assert got["signed"] is None
