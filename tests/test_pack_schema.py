"""The rule pack declares everything a rule means (verdict indicator, replica defect, evidence
labels) and refuses a pack that leaves one out or carries a key nobody reads."""

from __future__ import annotations

import copy

import pytest

from checks.pack import DEFAULT_PACK, PackError, parse_pack, read_yaml

RAW = read_yaml(DEFAULT_PACK)
PACK = parse_pack(RAW)


def edited(change) -> dict:
    data = copy.deepcopy(RAW)
    change(data)
    return data


def test_every_rule_states_its_indicator_and_replica_defect():
    for section in ("rules", "system"):
        for rule_id, body in RAW[section].items():
            assert "indicator" in body and "replica_defect" in body, rule_id


def test_the_veto_rules_count_toward_their_indicators():
    assert set(PACK.rules["homepage.stale"].indicators) == {"homepage_stale"}
    assert set(PACK.rules["column.empty"].indicators) == {"blank", "stale_or_blank"}
    assert set(PACK.rules["column.stale"].indicators) == {"stale", "stale_dynamic_notice",
                                                          "stale_or_blank"}
    assert set(PACK.rules["interaction.unanswered"].indicators) == {"unanswered_messages"}
    assert set(PACK.rules["interaction.no-channel"].indicators) == {"no_channel"}
    assert not PACK.rules["privacy.exposed"].indicators  # a major gap, but no 单项否决
    assert PACK.indicators["stale_dynamic_notice"].code == "WS-V4a"
    assert PACK.indicators["stale_dynamic_notice"].veto_at == "stale_dynamic_notice"
    assert PACK.indicators["stale"].veto_at is None


def test_ws_v4a_counts_news_anywhere_but_notices_only_at_the_first_level():
    takes = PACK.rules["column.stale"].indicators["stale_dynamic_notice"].takes
    assert takes({"freshness_class": "dynamic", "level": 3})
    assert takes({"freshness_class": "notice-policy", "level": 1})
    assert not takes({"freshness_class": "notice-policy", "level": 2})
    assert not takes({"freshness_class": "personnel-plans", "level": 1})


def test_replica_defects_are_names():
    assert PACK.rules["link.broken"].replica_defects == ("dead_article", "dead_attachment")
    assert PACK.rules["homepage.stale"].replica_defects == ("stale_homepage",)
    assert PACK.system["audit.rule-error"].replica_defects == ()


@pytest.mark.parametrize("change, message", [
    (lambda d: d["rules"]["column.empty"].pop("indicator"), "缺少字段：indicator"),
    (lambda d: d["rules"]["column.empty"].pop("replica_defect"), "缺少字段：replica_defect"),
    (lambda d: d["rules"]["column.empty"].update(indicater="blank"), "不认识的字段：indicater"),
    (lambda d: d["rules"]["column.empty"].update(indicator="blanks"), "没有的指标：blanks"),
    (lambda d: d["rules"]["column.empty"].update(indicator={"blank": {"if": []}}), "只能有 when"),
    (lambda d: d["rules"]["column.empty"].update(indicator={"blank": {"when": ["x"]}}), "条件"),
    (lambda d: d["rules"]["column.empty"].update(replica_defect=[]), "replica_defect"),
    (lambda d: d["rules"]["column.empty"].update(replica_defect=3), "replica_defect"),
    (lambda d: d["verdict"]["indicators"]["blank"].update(veto_at="blanks"), "没有的阈值"),
    (lambda d: d["verdict"]["indicators"]["blank"].update(veto_at=0), "正整数"),
    (lambda d: d["verdict"]["indicators"]["blank"].update(counts="units"), "findings 或 columns"),
    (lambda d: d["verdict"]["indicators"]["blank"].update(colour="red"), "不认识的字段：colour"),
    (lambda d: d["verdict"]["indicators"]["blank"].pop("text"), "code 和 text"),
    (lambda d: d["verdict"]["indicators"]["homepage_stale"].update(text="超过{homepage.stale.windows}"),
     "homepage.stale.windows"),
    (lambda d: d["verdict"]["indicators"]["homepage_stale"].update(text="{count}个"), "{count}"),
    (lambda d: d["verdict"].update(colour="red"), "verdict 中不认识的字段"),
    (lambda d: d.update(extras={}), "不认识的顶层字段"),
])
def test_a_pack_missing_or_mistyping_a_declaration_is_refused(change, message):
    with pytest.raises(PackError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_pack(edited(change))
