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
    (lambda d: d["rules"]["column.empty"].pop("statuses"), "缺少字段：statuses"),
    (lambda d: d["rules"]["column.empty"].update(statuses=["fail", "waived"]), "而不是 waived"),
    (lambda d: d["rules"]["column.empty"].pop("fires_when"), "缺少字段：fires_when"),
    (lambda d: d["verdict"]["unchecked"].update(rule="audit.unverifed"), "verdict.unchecked.rule"),
    (lambda d: d["verdict"]["unchecked"].pop("otherwise"), "otherwise"),
])
def test_a_pack_missing_or_mistyping_a_declaration_is_refused(change, message):
    with pytest.raises(PackError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_pack(edited(change))


def _fail(rule, column=None, **evidence):
    return {"rule": rule, "status": "fail", "unit_name": "示例县教育局", "column_url": column,
            "evidence": evidence}


def test_the_verdict_reads_its_indicators_and_wording_from_the_pack():
    from checks.verdict import compute_verdict

    def change(d):
        d["rules"]["homepage.stale"]["thresholds"]["window"]["value"] = 7
        d["verdict"]["thresholds"]["blank"]["value"] = 2
        d["verdict"]["indicators"]["blank"]["text"] = "空白栏目{count}个，达到{threshold}个"

    pack = parse_pack(edited(change))
    findings = [_fail("homepage.stale"), _fail("column.empty", "/a/"), _fail("column.empty", "/b/"),
                {**_fail("column.empty", "/c/"), "status": "unverified"}]
    verdict = compute_verdict(findings, pack)
    assert verdict["vetoes"] == ["homepage.stale", "column.empty"]
    texts = [r["text"] for r in verdict["reasons"]]
    assert texts == ["首页信息发布区超过1周未更新", "空白栏目2个，达到2个"]
    assert compute_verdict(findings, PACK)["vetoes"] == ["homepage.stale"]  # 5 blank columns veto


def test_a_rule_counting_toward_no_indicator_never_vetoes():
    from checks.verdict import compute_verdict

    def change(d):
        d["rules"]["homepage.stale"]["indicator"] = None

    verdict = compute_verdict([_fail("homepage.stale")], parse_pack(edited(change)))
    assert verdict["qualified"] and verdict["counts"]["homepage_stale"] == 0


def test_the_site_is_unchecked_when_the_finding_the_pack_names_is_there():
    from checks.verdict import homepage_unreadable

    home = {"rule": "audit.unverified", "status": "unverified",
            "evidence": {"what": "homepage", "failure": "超时"}}
    column = {"rule": "audit.unverified", "status": "unverified", "evidence": {"what": "column"}}
    assert homepage_unreadable([column, home], PACK) == "超时"
    assert homepage_unreadable([column], PACK) is None
    assert homepage_unreadable([{**home, "evidence": {"what": "homepage"}}], PACK) == "首页无法访问"
