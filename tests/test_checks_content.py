"""content.serious-error: dictionary hits are 疑似 (status `suspected`) for human review, never a
failure, a veto or a failed CI gate."""

from __future__ import annotations

import pytest

from checks.pack import load_pack
from checks.rules.content import find_errors
from checks.verdict import compute_verdict
from reports.gate import exit_code
from tests.store_builder import BASE, SiteBuilder, by_rule, days_ago


def test_wrong_country_name_in_a_text_is_suspected(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县民政局")
    col = site.column("/u/", "通知公告", category="notices",
                      items=[{"title": "关于做好救助工作的通知", "list_date": days_ago(3)}])
    url = col["items"][0]["url"]
    site.text(url, "根据《中华人民共合国社会救助法》规定，现通知如下。")
    _, findings = site.audit()
    [f] = by_rule(findings, "content.serious-error")
    assert f["status"] == "suspected" and f["severity"] == "major"
    assert f["unit_name"] == "县民政局" and f["column_name"] == "通知公告" and f["url"] == url
    assert f["message"].startswith("疑似") and "待人工核实" in f["message"]
    [hit] = f["evidence"]["hits"]
    assert hit["wrong"] == "中华人民共合国" and hit["correct"] == "中华人民共和国"
    assert hit["kind"] == "country-name" and "社会救助法" in hit["quote"]


def test_title_hits_and_text_hits_make_one_finding_per_document(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县公安局")
    col = site.column("/u/", "工作动态", category="news",
                      items=[{"title": "我县深入推进扫黑险恶专项斗争", "list_date": days_ago(1)}])
    site.text(col["items"][0]["url"], "扫黑险恶专项斗争取得阶段性成效，攻府各部门协同。")
    _, findings = site.audit()
    [f] = by_rule(findings, "content.serious-error")
    assert {h["where"] for h in f["evidence"]["hits"]} == {"title", "text"}
    assert "“扫黑险恶”（应为“扫黑除恶”）" in f["message"] and "“攻府”" in f["message"]


def test_attachment_hit_is_attributed_to_its_article(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县财政局")
    col = site.column("/u/", "财政预决算", category="budget",
                      items=[{"title": "2026年部门预算", "list_date": days_ago(5)}])
    pdf = BASE + "/u/a.pdf"
    site.link(col["items"][0]["url"], pdf, "预算表", kind="attachment")
    site.text(pdf, "中华人民大和国预算法", kind="pdf")
    _, findings = site.audit()
    [f] = by_rule(findings, "content.serious-error")
    assert f["url"] == pdf and f["unit_name"] == "县财政局"
    assert f["evidence"]["article_url"] == col["items"][0]["url"]


def test_correct_forms_and_clean_text_pass():
    assert find_errors("中华人民共和国政府信息公开条例；示例县人民政府；扫黑除恶；社会主义核心价值观") == []
    assert find_errors("") == []


def test_full_width_text_is_normalised():
    assert [h["wrong"] for h in find_errors("中华人民共合国\u3000")] == ["中华人民共合国"]


def test_suspected_findings_never_veto_or_fail_a_build(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.text(BASE + "/a.html", "中华人民共合国" * 10)
    _, findings = site.audit()
    suspected = by_rule(findings, "content.serious-error")
    assert suspected and all(f["status"] == "suspected" for f in suspected)
    verdict = compute_verdict(suspected, load_pack())
    assert verdict["qualified"] is True and verdict["vetoes"] == []
    assert exit_code(suspected, "info") == 0


def test_title_hits_are_found_among_many_titles_also_through_nfkc_variants(tmp_path):
    # The rule searches all titles at once and only normalises the candidates: a wrong form
    # written with a Kangxi radical (⼤, U+2F24, NFKC 大) or a fullwidth bracket must still be
    # found, and the clean titles around it must stay clean.
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县司法局")
    titles = [f"关于第{n}批（普法）宣传的通知" for n in range(40)]
    titles[7] = "《中华人民⼤和国宪法》宣传周活动"
    titles[30] = "学习（中华人民共合国）民法典"
    col = site.column("/u/", "工作动态", category="news",
                      items=[{"title": t, "list_date": days_ago(1)} for t in titles])
    _, findings = site.audit()
    found = {f["url"]: f for f in by_rule(findings, "content.serious-error")}
    urls = [i["url"] for i in col["items"]]
    assert set(found) == {urls[7], urls[30]}
    assert found[urls[7]]["evidence"]["hits"][0]["wrong"] == "中华人民大和国"
    assert found[urls[30]]["evidence"]["hits"][0]["wrong"] == "中华人民共合国"


# -- a site's own dictionary (site/province pack) ---------------------------------------------


def _local_pack(tmp_path, body: str):
    from checks.pack import load_site_pack

    path = tmp_path / "local.yaml"
    path.write_text(body, encoding="utf-8")
    return load_site_pack(path)


LOCAL = """
rules:
  content.serious-error:
    thresholds:
      local_entries:
        - {wrong: 示列县, correct: 示例县, kind: place-name}
      ignored_wrong_forms: [攻府]
"""


def test_a_site_pack_adds_local_entries_and_drops_a_national_one(tmp_path):
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县民政局")
    col = site.column("/u/", "通知公告", category="notices",
                      items=[{"title": "示列县民政局关于救助工作的通知", "list_date": days_ago(3)},
                             {"title": "攻府开放日活动", "list_date": days_ago(4)}])
    _, national = site.audit()
    assert [f["url"] for f in by_rule(national, "content.serious-error")] == [col["items"][1]["url"]]
    _, local = site.audit(pack=_local_pack(tmp_path, LOCAL))
    [f] = by_rule(local, "content.serious-error")
    assert f["url"] == col["items"][0]["url"] and f["status"] == "suspected"
    [hit] = f["evidence"]["hits"]
    assert (hit["wrong"], hit["correct"], hit["kind"]) == ("示列县", "示例县", "place-name")


@pytest.mark.parametrize("body, message", [
    ("rules:\n  content.serious-error:\n    thresholds:\n      local_entries: 示列县\n", "应为词条列表"),
    ("rules:\n  content.serious-error:\n    thresholds:\n      local_entries:\n        - {wrong: 示列县}\n",
     "第1条应包含非空的 wrong 和 correct"),
    ("rules:\n  content.serious-error:\n    thresholds:\n      local_entries:\n"
     "        - {wrong: 示例县, correct: 示例县}\n", "错误写法与正确写法相同"),
    ("rules:\n  content.serious-error:\n    thresholds:\n      ignored_wrong_forms: 攻府\n",
     "ignored_wrong_forms 应为"),
])
def test_a_malformed_local_dictionary_is_refused_when_the_pack_loads(tmp_path, body, message):
    from checks.pack import PackError

    with pytest.raises(PackError) as err:
        _local_pack(tmp_path, body)
    assert "content.serious-error" in str(err.value) and message in str(err.value)


def test_a_site_rule_reusing_the_function_gets_its_own_dictionary_checked(tmp_path):
    from checks.pack import PackError

    with pytest.raises(PackError, match="local.typos"):
        _local_pack(tmp_path, "rules:\n  local.typos:\n    function: content.serious-error\n"
                              "    thresholds:\n      local_entries: [x]\n")


@pytest.mark.parametrize("with_nul", [False, True])
def test_the_joined_title_search_misses_no_hit_a_search_of_every_title_finds(tmp_path, with_nul):
    """Titles joined by SQLite and searched at once (or, when a title holds NUL, every title)
    against `find_errors` run on every stored title: the same hits, items in item order."""
    import random

    from checks.facts import Facts
    from checks.rules.content import _titles_with_candidates, dictionary, find_errors

    rng = random.Random(9)
    entries = dictionary()
    pieces = ["关于", "印发", "县", "通知", "（", "）", "⼤", "中华人民", "和国", "政府", "全国",
              "人民代表大会", "", " "] + [e.wrong for e in entries]
    site = SiteBuilder(tmp_path / "g.db")
    site.unit("/u/", "县政府办")
    titles = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(300)]
    titles += titles[:40] + [None] * 5  # repeated titles, untitled items
    if with_nul:
        titles.append("带\0空字符的标题人民政俯")
    site.column("/u/", "工作动态", category="news",
                items=[{"title": t, "list_date": days_ago(1)} for t in titles])
    facts = Facts.load(site.store, site.crawl_id)
    everything = {i["id"]: hits for i in facts.items
                  if (hits := find_errors(i["title"] or "", entries))}
    got = list(_titles_with_candidates(facts, entries))
    picked = {i["id"]: hits for i, t in got if (hits := find_errors(t, entries))}
    assert picked == everything and len(everything) > 20
    assert [i["id"] for i, _ in got] == sorted(i["id"] for i, _ in got)
    assert all(t == i["title"] for i, t in got)
    assert len(got) < len(titles) or with_nul
    facts.close()


@pytest.mark.parametrize("with_nul", [False, True])
def test_the_joined_text_search_misses_no_hit_a_search_of_every_text_finds(tmp_path, with_nul):
    """Stored texts joined and searched at once (or, when a text holds NUL, every text) against
    `find_errors` run on every stored text: the same hits, texts in stored order."""
    import random

    from checks.facts import Facts
    from checks.rules.content import _texts_with_candidates, dictionary

    rng = random.Random(11)
    entries = dictionary()
    pieces = ["关于", "印发", "县", "通知", "（", "）", "⼤", "中华人民", "和国", "政府", "全国",
              "人民代表大会", "", " ", "\n", "２０２５年"] + [e.wrong for e in entries]
    site = SiteBuilder(tmp_path / "g.db")
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(300)]
    if with_nul:
        texts.append("带\0空字符的正文人民政俯")
    for n, text in enumerate(texts):
        site.text(f"{BASE}/t/{n}.html", text)
    facts = Facts.load(site.store, site.crawl_id)
    everything = [(t["url"], hits) for t in facts.texts
                  if (hits := find_errors(t["text"] or "", entries))]
    got = list(_texts_with_candidates(facts, entries))
    assert [(t["url"], hits) for t in got
            if (hits := find_errors(t["text"] or "", entries))] == everything
    assert len(everything) > 20
    assert [t["id"] for t in got] == sorted(t["id"] for t in got)
    assert len(got) < len(texts) or with_nul
    facts.close()
