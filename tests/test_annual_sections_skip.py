"""Top-level parts of an annual report when the report leaves one out (checks/annual/text.py
split_sections): a heading that skips a number is a part only when it names a part not seen yet."""

from checks.annual.text import split_sections


def _parts(text):
    return [(s.number, s.heading) for s in split_sections(text.strip().split("\n"))[1]]


def test_a_part_after_a_left_out_part_is_still_a_part():
    text = """
一、总体情况
本年度依法公开。
二、主动公开政府信息情况
表格。
三、收到和处理政府信息公开申请情况
表格。
四、政府信息公开行政复议、行政诉讼情况
表格。
六、其他需要报告的事项
无。
"""
    assert [n for n, _ in _parts(text)] == [1, 2, 3, 4, 6]
    assert _parts(text)[-1][1] == "其他需要报告的事项"


def test_a_skipped_numeral_naming_no_new_part_is_body_text():
    text = """
一、总体情况
本年度做了三件事：
三、加强培训
五、主动公开政府信息情况
二、主动公开政府信息情况
表格。
四、主动公开的其他情况
"""
    # 三、加强培训 names no part; 五、主动公开 skips too far; 四、主动公开 names a part already seen
    assert [n for n, _ in _parts(text)] == [1, 2]
