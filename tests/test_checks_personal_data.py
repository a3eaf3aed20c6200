"""Personal numbers in text and tables: mobiles and bank cards only in a personal context."""

from __future__ import annotations

import datetime as dt

import pytest

from checks.personal_data import (CARD, ID, MOBILE, Hit, is_card, luhn_ok, mask, scan_table,
                                  scan_text, unique)

AS_OF = dt.date(2026, 11, 27)
CARD_NO = "6222021234567890128"       # UnionPay prefix, Luhn-valid
CARD_BAD_LUHN = "6222021234567890127"
MOBILE_NO = "13912345678"


def kinds(hits):
    return sorted((h.kind, h.number) for h in hits)


def test_luhn_and_card_plausibility():
    assert luhn_ok(CARD_NO) and not luhn_ok(CARD_BAD_LUHN)
    assert is_card(CARD_NO, AS_OF)
    assert not is_card(CARD_BAD_LUHN, AS_OF)
    assert not is_card("1234567812345670", AS_OF)       # Luhn-valid, no issuer prefix "1"
    assert not is_card("622202123456789", AS_OF)        # 15 digits


@pytest.mark.parametrize("text,expected", [
    # Personal context before the number: reported.
    (f"当事人：王某某，联系电话：{MOBILE_NO}，住址：城关镇", [(MOBILE, MOBILE_NO)]),
    ("救助对象李某某 手机 139-1234-5678", [(MOBILE, MOBILE_NO)]),
    (f"户主：张某 银行卡号：{CARD_NO}", [(CARD, CARD_NO)]),
    ("补贴发放至社保卡 6222 0212 3456 7890 128", [(CARD, CARD_NO)]),
    (f"申请人：赵某，开户银行账号{CARD_NO}", [(CARD, CARD_NO)]),
])
def test_exposed_numbers_in_a_personal_context(text, expected):
    assert kinds(scan_text(text, AS_OF)) == expected


@pytest.mark.parametrize("text", [
    f"咨询电话：{MOBILE_NO}",                                   # an office's number
    f"联系人：王科长，联系电话：{MOBILE_NO}",                     # staff contact, no personal data
    f"申请人可拨打咨询电话{MOBILE_NO}了解进度",                   # office number after 申请人
    "当事人：王某某，联系电话：139****5678",                     # masked
    "当事人：王某某，联系电话：139 **** 5678",
    "户主：张某 银行卡号：6222 **** **** 0128",                  # masked card
    "户主：张某 银行卡号：6222***********0128",
    f"户主：张某 银行卡号：{CARD_BAD_LUHN}",                      # not a card number
    f"收款单位：示例县财政局 账号：{CARD_NO}",                     # a unit's account
    f"非税收入缴款银行卡号：{CARD_NO}",
    f"文号示政发〔2025〕{MOBILE_NO}0号",                          # part of a longer number
    f"当事人：王某某。\n{MOBILE_NO}",                             # context on another line
    f"姓名：王某{'，' * 40}{MOBILE_NO}",                          # context too far away
    f"当事人 账号 {MOBILE_NO}12345678",                           # 19 digits, not a mobile; no card
])
def test_numbers_outside_a_personal_context_or_masked_pass(text):
    assert scan_text(text, AS_OF) == []


def test_a_gansu_resident_id_is_an_id_not_a_card():
    from checks.personal_data import id_check_char

    first17 = "62010219850315241"
    number = first17 + id_check_char(first17)
    hits = scan_text(f"当事人 银行卡号 {number}", AS_OF)
    assert [h.kind for h in hits] == [ID]


def test_roster_tables_report_phone_and_card_columns():
    rows = [["序号", "姓名", "住址", "联系电话", "银行卡号", "金额"],
            ["1", "李某某", "城关镇", MOBILE_NO, CARD_NO, "620"],
            ["2", "王某", "城关镇", "139****5678", "6222 **** **** 0128", "620"]]
    assert kinds(scan_table(rows, AS_OF)) == [(CARD, CARD_NO), (MOBILE, MOBILE_NO)]


def test_tables_that_are_not_rosters_or_office_columns_pass():
    offices = [["单位", "联系人", "咨询电话"], ["县民政局", "王科长", MOBILE_NO]]
    assert scan_table(offices, AS_OF) == []
    roster_with_office_column = [["姓名", "受理电话"], ["李某", MOBILE_NO]]
    assert scan_table(roster_with_office_column, AS_OF) == []
    card_outside_card_column = [["姓名", "备注"], ["李某", CARD_NO]]
    assert scan_table(card_outside_card_column, AS_OF) == []


def test_masks_keep_only_the_usual_digits():
    assert mask(MOBILE, MOBILE_NO) == "139****5678"
    assert mask(CARD, CARD_NO) == "6222***********0128"
    assert mask(ID, "11010519491231002X") == "11*************02X"
    assert Hit(CARD, CARD_NO).masked == "6222***********0128"


def test_unique_orders_ids_mobiles_cards():
    hits = [Hit(CARD, CARD_NO), Hit(MOBILE, MOBILE_NO), Hit(MOBILE, MOBILE_NO),
            Hit(ID, "11010519491231002X")]
    assert [h.kind for h in unique(hits)] == [ID, MOBILE, CARD]


def _wide(digits: str) -> str:
    """The number as typed in full-width digits (Word documents often do)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in digits)


def test_numbers_in_full_width_digits_are_the_same_numbers():
    resident_id = "110105199003071239"
    text = (f"救助对象：王某某，身份证号：{_wide(resident_id)}，"
            f"联系电话：{_wide('139')}－{_wide('1234')}－{_wide('5678')}")
    assert kinds(scan_text(text, AS_OF)) == [(ID, resident_id), (MOBILE, MOBILE_NO)]
    rows = [["姓名", "联系电话", "银行卡号"], ["李某某", _wide(MOBILE_NO), _wide(CARD_NO)]]
    assert kinds(scan_table(rows, AS_OF)) == [(CARD, CARD_NO), (MOBILE, MOBILE_NO)]
    # masked, in full-width characters too: nothing to report
    assert scan_text(f"身份证号：{_wide('110105')}＊＊＊＊＊＊＊＊{_wide('1239')}", AS_OF) == []


def test_the_raw_prefilter_never_hides_a_number_the_scans_find(monkeypatch):
    """`may_hold_number` lets the scans skip NFKC and the searches; it must say "maybe"
    wherever a scan finds a number, whatever compatibility characters spell it."""
    import json
    import random

    from checks import personal_data

    words = ["当事人：", "户主", "联系电话", "银行卡号", "咨询电话", "X", "年", "\n", "，"]
    digits = ["139", "1234", "5678", "１３９", "1", "3", "9", "6222", "02", "0", "5", "7", "8", "１", "３", "９", "０", "¹", "①",
              "⑩", "⑴", "½", "㎡", " ", "-", "\u3000", "\u00a0", "\uff0d", "\u2002"]
    rnd = random.Random(3)
    texts = ["联系人\u3000１３９\u3000１２３４\u3000５６７８ 户主", f"当事人 {MOBILE_NO}",
             "户主 ⑩3912345678", "2025年预算 12345 元"]
    texts += [rnd.choice(words[:4]) + "".join(rnd.choice(digits if rnd.random() < 0.9 else words)
                                              for _ in range(rnd.randint(5, 40)))
              for _ in range(4000)]

    def cells(text):
        return [["姓名", "电话"], [text, text]]

    may = [personal_data.may_hold_number(t) for t in texts]
    filtered = [scan_text(t, AS_OF) for t in texts]
    may_json = [personal_data.may_hold_number_json(json.dumps([{"rows": cells(t)}],
                                                              ensure_ascii=False))
                for t in texts]
    monkeypatch.setattr(personal_data, "may_hold_number", lambda _: True)  # no filter
    found = 0
    for text, maybe, maybe_json, got in zip(texts, may, may_json, filtered):
        full = scan_text(text, AS_OF)
        in_cells = scan_table(cells(text), AS_OF)
        found += bool(full or in_cells)
        assert got == full, text
        assert maybe or not (full or in_cells), text
        assert maybe_json or not in_cells, text
    assert found > 50  # the made-up texts do hold numbers the scans find
    assert not may[3]
