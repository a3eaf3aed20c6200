"""Department budget and final-account disclosures of the replica (财预〔2016〕143号): the body
paragraphs, the required tables (as HTML in the article and as a workbook attachment) and the
三公经费 statement, for a given unit, kind and year.

Table titles and due dates mirror ground/data/budget.yaml and the `budget.*` thresholds of the
national pack by meaning (the replica never imports the checks): budgets of year Y are due by
30 April of Y, final accounts of Y by 30 September of Y+1.
"""
import datetime as dt
import random
from html import escape

BUDGET_TABLES = ["部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支总体情况表",
                 "一般公共预算支出情况表", "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表",
                 "政府性基金预算支出情况表"]
FINAL_TABLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
                "一般公共预算财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
                "国有资本经营预算财政拨款支出决算表"]
# Tables a county department usually has no money for: published empty, with a note (143号).
EMPTY = {"政府性基金预算支出情况表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"}
EMPTY_NOTE = "注：本部门无该项收支，此表为空表。"
WORD = {"budget": "预算", "final-accounts": "决算"}


def due(kind: str, year: int) -> dt.date:
    return dt.date(year, 4, 30) if kind == "budget" else dt.date(year + 1, 9, 30)


def latest_due_year(kind: str, as_of: dt.date) -> int:
    """The latest year whose disclosure is due on as_of (strictly after the due day)."""
    year = as_of.year
    while not as_of > due(kind, year):
        year -= 1
    return year


def title(unit: str, kind: str, year: int) -> str:
    return f"{unit}{year}年度部门{WORD[kind]}公开"


def _sangong_amounts(rng: random.Random) -> dict:
    running = round(rng.uniform(3, 15), 2)
    reception = round(rng.uniform(0.5, 6), 2)
    return {"因公出国（境）费": 0.0, "公务用车购置费": 0.0, "公务用车运行费": running,
            "公务接待费": reception}


def _money(value: float) -> str:
    return f"{value:.2f}"


class Disclosure:
    """One disclosure: paragraphs and (title, rows) tables, drawn from one seeded RNG."""

    def __init__(self, unit: str, kind: str, year: int, rng: random.Random,
                 skip: tuple = (), explained: bool = True, omit: tuple = ()):
        """`skip`: required tables left out; `explained`: whether the 三公 change is explained;
        `omit`: explanations left out (`procurement`, `glossary`)."""
        self.unit, self.kind, self.year = unit, kind, year
        word = WORD[kind]
        total = round(rng.uniform(300, 3000), 2)
        basic = round(total * rng.uniform(0.5, 0.8), 2)
        amounts = _sangong_amounts(rng)
        sangong = round(sum(amounts.values()), 2)
        change = round(rng.uniform(0.2, 2.0), 2)
        vehicle = amounts["公务用车购置费"] + amounts["公务用车运行费"]
        statement = (f"三、“三公”经费{word}情况说明：{year}年“三公”经费{word}数{_money(sangong)}万元，其中："
                     f"因公出国（境）费{_money(amounts['因公出国（境）费'])}万元，公务用车购置及运行费"
                     f"{_money(vehicle)}万元（其中：公务用车购置费{_money(amounts['公务用车购置费'])}万元，"
                     f"公务用车运行费{_money(amounts['公务用车运行费'])}万元），公务接待费"
                     f"{_money(amounts['公务接待费'])}万元。")
        if explained:
            statement += (f"“三公”经费{word}数比上年减少{_money(change)}万元，主要原因是厉行节约，"
                          "严格控制公务接待和公务用车运行支出。")
        parts = {
            "procurement": f"五、政府采购情况：{year}年政府采购{word}总额{_money(total * 0.05)}万元，其中货物类"
                           f"{_money(total * 0.03)}万元、服务类{_money(total * 0.02)}万元，"
                           f"授予中小企业合同金额{_money(total * 0.04)}万元。",
            "glossary": "六、名词解释：基本支出指为保障机构正常运转、完成日常工作任务而发生的支出。",
        }
        self.paragraphs = [
            f"根据《地方预决算公开操作规程》（财预〔2016〕143号）要求，现将{unit}{year}年度部门{word}公开如下。",
            f"一、部门主要职责及机构设置：{unit}负责本行业的政策执行和管理服务工作，内设综合股等机构。",
            f"二、收支{word}总体情况：{year}年收入{word}总计{_money(total)}万元，支出{word}总计{_money(total)}万元，"
            f"其中基本支出{_money(basic)}万元，项目支出{_money(total - basic)}万元。收支{word}总计比上年增加"
            f"{_money(change * 10)}万元，主要原因是项目支出增加。",
            statement,
            f"四、机关运行经费：{year}年机关运行经费{_money(basic * 0.1)}万元，主要用于办公及日常运转。",
            *(text for key, text in parts.items() if key not in omit),
            "附表：",
        ]
        names = BUDGET_TABLES if kind == "budget" else FINAL_TABLES
        self.tables = []
        for name in names:
            if name in skip:
                continue
            if "三公" in name:
                rows = [["项目", f"{year - 1}年数", f"{year}年数"]]
                rows.append(["合计", _money(sangong + change), _money(sangong)])
                for label, value in amounts.items():
                    rows.append([label, _money(value), _money(value)])
                rows[-1][1] = _money(amounts["公务接待费"] + change)
            elif name in EMPTY:
                rows = [["项目", "合计", "基本支出", "项目支出"]]
            else:
                rows = [["项目", "合计", "基本支出", "项目支出"],
                        ["合计", _money(total), _money(basic), _money(total - basic)],
                        ["一般公共服务支出", _money(total * 0.6), _money(basic * 0.6), _money((total - basic) * 0.6)],
                        ["社会保障和就业支出", _money(total * 0.4), _money(basic * 0.4), _money((total - basic) * 0.4)]]
            self.tables.append((name, rows))

    def html(self) -> list:
        """The tables as article HTML: a numbered caption line above each, a note under empty ones."""
        out = []
        for n, (name, rows) in enumerate(self.tables, 1):
            head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                           for row in rows[1:])
            note = f"<p>{EMPTY_NOTE}</p>" if len(rows) == 1 else ""
            out.append(f'<p style="text-align:center;"><strong>表{n} {escape(name)}</strong></p>'
                       f'<p style="text-align:right;">编制单位：{escape(self.unit)}　单位：万元</p>'
                       f'<table border="1"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}')
        return out
