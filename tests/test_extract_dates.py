"""Date parsing: every format of the reference notes (§3.3), impossible dates rejected."""

import pytest

from crawler.extract.dates import date_from_url, parse_date


@pytest.mark.parametrize("text, expected", [
    ("2020-09-03", "2020-09-03"),
    ("2019-09-18 06:23", "2019-09-18T06:23"),
    ("2024年04月06日 16:40", "2024-04-06T16:40"),
    ("2024年4月6日", "2024-04-06"),
    ("2023-01-31", "2023-01-31"),
    ("2021/04/02", "2021-04-02"),
    ("2021.04.02", "2021-04-02"),
    ("[2021-04-02]", "2021-04-02"),
    ("２０２１－０４－０２", "2021-04-02"),
    ("２０２１年０４月０２日", "2021-04-02"),
    ("Maketime 2019-03-22 12:28:37", "2019-03-22T12:28"),
    ("发布时间：2024-03-05 10:21  来源：县政府办", "2024-03-05T10:21"),
    ("日期 : 2023-01-31  字号 : [ 大 中 小 ]", "2023-01-31"),
])
def test_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-13-01", "2021-02-30", "2019-00-10", "1800-01-01", "",
                                  None, "第2021号", "04-02"])
def test_impossible_or_absent(text):
    assert parse_date(text) is None


def test_readlabel_compact_value_only_when_asked():
    assert parse_date("20260417") is None
    assert parse_date("20260417", compact=True) == "2026-04-17"
    assert parse_date("20261332", compact=True) is None


def test_url_dates_are_a_last_resort_helper():
    assert date_from_url("http://x/zwgk/201909/t20190918_693227.shtml") == "2019-09-18"
    assert date_from_url("http://x/art/2023/1/31/art_19734_1618591.html") == "2023-01-31"
    assert date_from_url("http://x/cms/html/site/2013-01-25/12.html") == "2013-01-25"
    assert date_from_url("http://x/a/t20191318_1.html") is None
    assert date_from_url("http://x/zwgk/zfxxgkzn/") is None


def test_dates_from_json_values_seconds_milliseconds_digits_and_text():
    from crawler.extract.dates import date_from_value

    # 2026-06-12 00:30 in China is still 2026-06-11 in UTC: CMS timestamps are read in China time.
    assert date_from_value(1781195400) == "2026-06-12"
    assert date_from_value(1781195400000) == "2026-06-12"
    assert date_from_value("1781195400") == "2026-06-12"
    assert date_from_value("2026年06月12日 09:00") == "2026-06-12"
    assert date_from_value(True) is None and date_from_value(0) is None
    assert date_from_value("暂无") is None and date_from_value(None) is None
