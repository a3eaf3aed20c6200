"""The budget analyser reads a document's text in one pass (checks/documents/budget.py,
budget_text.py): normalised once with its lines or sentences kept apart, searched once per
pattern, only the lines or sentences holding a match looked at. These tests hold that to the
plain definitions, line by line and sentence by sentence, over made-up texts mixing the
characters that normalisation drops or changes, full-width punctuation and empty lines."""

from __future__ import annotations

import random
import re

from checks.documents import budget, budget_text
from ground.documents import Document, Table
from tests import budget_samples as samples

# Pieces a budget text is made of: table titles (with synonyms' words), 三公 names and amounts,
# explanation and narrative words, and the characters norm drops or replaces.
_PIECES = [
    "收入支出决算总表", "财政拨款收入支出决算总表", "收支总体情况表", "财政拨款收支总体情况表",
    "一般公共预算支出情况表", "“三公”经费支出表", "三公经费", "因公出国（境）费", "公务接待费",
    "公务用车购置及运行费", "预算数为", "0.5", "1,234.56", "万元", "元", "比上年", "减少", "增加",
    "持平", "主要原因是", "原因", "编制单位：", "单位名称:", "示例县教育局", "部门职责", "机构设置",
    "政府采购", "名词解释", "收支增减变化", "。", "；", ";", "，", "：", "（", "）", "\n", "\n\n",
    " ", "\u3000", "\u00a0", "\t", "\r", "《", "》", "“", "”", "'", "【", "】", "x", "\x00",
]


def _texts(n: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    out = [samples.disclosure_text("某局", "budget", 2026),
           samples.disclosure_text("某局", "final-accounts", 2025), "", "\n", "三公经费"]
    for _ in range(n):
        out.append("".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 120))))
    return out


def _tables_found_line_by_line(doc: Document, kind: str) -> set[str]:
    """Every line normalised on its own and searched by the per-line definition (uncached)."""
    found: set[str] = set()
    lines = list(budget._table_lines(doc)) + (doc.text or "").split("\n")
    for raw in lines:
        found |= budget._line_titles(budget.norm(raw), kind, None)
    return found


def test_norm_lines_is_norm_of_each_line_and_of_the_text():
    for text in _texts(2000):
        assert budget.norm_lines(text).split("\n") == [budget.norm(line) for line in text.split("\n")]
        assert budget.norm_lines(text).replace("\n", "") == budget.norm(text)


def test_the_listed_spaces_are_every_whitespace_character_but_the_newline():
    # The normalisation's character class lists \s's characters below U+3001; no code point
    # above it is whitespace (else that list would miss it).
    every = "".join(map(chr, range(0x110000)))
    assert budget._SPACES == "".join(re.findall(r"[^\S\n]", every))
    assert sorted(re.findall(r"\s", every)) == sorted(budget._SPACES + "\n")


def test_norm_drops_what_the_whitespace_pattern_and_the_quotes_drop():
    # The plain definition: \s and the quotes, by the regex engine's own whitespace class.
    drop = re.compile(r"[\s\u3000\u00a0“”\"'‘’「」『』《》【】]+")
    spaces = [c for c in map(chr, range(0x3100)) if c.isspace()]
    rng = random.Random(5)
    for text in _texts(2000) + ["".join(rng.choice(spaces + _PIECES) for _ in range(60))
                                for _ in range(500)]:
        expected = text
        for wide, narrow in budget._BRACKETS:
            expected = expected.replace(wide, narrow)
        assert budget._norm(text) == drop.sub("", expected)
        assert budget.norm_lines(text).replace("\n", "") == drop.sub("", expected)


def test_years_are_found_as_by_the_look_behind_first_definition():
    # The plain definition: 19xx/20xx, no digit right before it, optional spaces, 年.
    plain = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
    rng = random.Random(9)
    pieces = ["1", "2", "9", "0", "19", "20", "2026", "1999", "年", " ", "\n", "\u3000", "x", "预算"]
    texts = _texts(1000) + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
                            for _ in range(5000)]
    hits = 0
    for text in texts:
        spans = [(m.span(), m.group(1)) for m in budget._YEAR.finditer(text)]
        assert spans == [(m.span(), m.group(1)) for m in plain.finditer(text)]
        for start in range(0, len(text), 7):  # searched from inside a text, as classify does
            found = budget._YEAR.search(text, start)
            expected = plain.search(text, start)
            assert (found and found.span()) == (expected and expected.span())
        hits += bool(spans)
    assert hits > 500  # the made-up texts do hold years
    assert budget.text_years("2026年、2025 年、12026年和2026年") == [2026, 2025]


def test_narrative_topics_as_sentence_by_sentence_substrings():
    # The plain definition: a topic is given when one normalised sentence holds one of its words
    # and none of its `unless` words (most topics have none).
    topics = budget_text.topics(None)
    assert any(t.get("unless") for t in topics) and any(not t.get("unless") for t in topics)
    given = 0
    for text in _texts(2000):
        sentences = [budget.norm(s) for s in budget_text._SENTENCE.split(text)]
        expected = {t["key"]: any(any(budget.norm(w) in s for w in t["words"])
                                  and not any(budget.norm(w) in s for w in t.get("unless", []))
                                  for s in sentences) for t in topics}
        assert budget_text.narrative(text) == expected
        given += sum(expected.values())
    assert given > 2000


def test_tables_found_in_one_pass_as_line_by_line():
    hits = 0
    for text in _texts(2000):
        table = Table(rows=[["收支总体情况表", ""], ["项目", "金额"]], caption="一般公共预算支出情况表")
        for doc in (Document(url="u", kind="html", text=text),
                    Document(url="u", kind="html", text=text, tables=[table])):
            for kind in ("budget", "final-accounts"):
                found = budget.tables_found(doc, kind)
                assert found == _tables_found_line_by_line(doc, kind)
                hits += bool(found)
    assert hits > 1000  # the made-up texts do name tables


def _explanation_sentence_by_sentence(text: str) -> str:
    subjects, change, same, reasons = budget._explanation_words(None)
    raw = [s.strip() for s in budget._SENTENCE.split(text or "")]
    sentences = [budget.norm(s) for s in raw]
    for i, sentence in enumerate(sentences):
        if not any(s in sentence for s in subjects) or not any(w in sentence for w in change):
            continue
        if any(w in sentence for w in same):
            return raw[i][:budget._EXPLANATION_CHARS]
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        if any(w in sentence for w in reasons):
            return raw[i][:budget._EXPLANATION_CHARS]
        if any(w in following for w in reasons):
            return f"{raw[i]}。{raw[i + 1]}"[:budget._EXPLANATION_CHARS]
    return ""


def _amounts_in_text_name_by_name(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    flat = budget.norm(text)
    for key, patterns in budget._amount_patterns(None):  # (its order of equally long names)
        for name, _ in patterns:
            match = re.search(re.escape(name) + rf"[^0-9。;,]{{0,12}}?({budget._NUMBER})(万元|元)", flat)
            if match:
                out[key] = float(match.group(1).replace(",", ""))
                break
    return out


def test_sangong_explanation_and_amounts_as_sentence_by_sentence():
    explained = amounts = 0
    rng = random.Random(5)
    for text in _texts(2000):
        table = Table(rows=[[rng.choice(_PIECES) for _ in range(3)] for _ in range(4)])
        doc = Document(url="u", kind="html", text=text, tables=[table])
        result = budget.sangong(doc)
        assert result.explanation == _explanation_sentence_by_sentence(text)
        assert budget._amounts_in_text(text, None) == _amounts_in_text_name_by_name(text)
        explained += bool(result.explanation)
        amounts += bool(result.amounts)
    assert explained > 50 and amounts > 50


def _fields_line_by_line(text: str) -> list[str]:
    spec = budget_text._spec(None)
    field = re.compile(rf"(?:{'|'.join(map(re.escape, spec['fields']))})[:：]\s*(\S+)")
    return [budget.norm(m.group(1)) for line in (text or "").split("\n")
            for m in field.finditer(line.replace("\u3000", " "))]


def test_subject_fields_in_one_pass_as_line_by_line():
    fields = 0
    for text in _texts(3000):
        lines = budget_text.subject_lines(text)
        expected = _fields_line_by_line(text)
        assert lines[len(lines) - len(expected):] == expected
        fields += len(expected)
    assert fields > 100


def _tables(n: int, seed: int = 23) -> list[list[list]]:
    """Made-up table grids: 三公 names (spaced, bracketed, quoted), amounts, zero marks, other
    labels, empty cells, a long cell and a missing (None) one."""
    rng = random.Random(seed)
    cells = ["因公出国（境）费", "因公 出国(境)费", "公务接待费", "“公务用车运行维护费”", "公务用车购置费",
             "公务车购置费", "合计", "项目", "0.5", "1,234.56", "-", "—", "0", "", "x", "\u3000",
             "一般公共预算", "收入", "支出", "公务", "接待费", "万元"]
    out = []
    for _ in range(n):
        rows = [[rng.choice(cells) for _ in range(rng.randint(0, 5))]
                for _ in range(rng.randint(0, 5))]
        if rows and rng.random() < 0.05:
            rows[0].append("公务接待费" + "说明" * 120)  # longer than a short cell
        if rows and rng.random() < 0.05:
            rows[-1].append(None)
        out.append(rows)
    return out


def test_amounts_in_tables_as_when_every_cell_is_looked_at(monkeypatch):
    tables = _tables(4000)
    docs = [Document(url="u", kind="xls", tables=[Table(rows=rows) for rows in tables[i:i + 3]])
            for i in range(0, len(tables), 3)]
    found = [budget._amounts_in_tables(doc, None) for doc in docs]
    _, any_name = budget._sangong_names(None)
    skipped = sum(not budget._may_name(rows, any_name) for rows in tables)
    monkeypatch.setattr(budget, "_may_name", lambda rows, any_name: True)  # every cell looked at
    assert found == [budget._amounts_in_tables(doc, None) for doc in docs]
    assert sum(map(bool, found)) > 300 and skipped > 300  # both kinds of table were made up
