"""Test helper: the text of department budget / final-accounts disclosures as the crawler stores
it (one line per paragraph or table row), complete by default so a test removes only the part it
is about. Used by tests/test_checks_budget*.py and tests/store_builder.py."""

from __future__ import annotations

# The required table titles, as the replica publishes them (财预〔2016〕143号).
from replica.budget import BUDGET_TABLES, FINAL_TABLES  # noqa: F401 (used by the tests too)

EXPLANATION = "“三公”经费预算比上年减少1.2万元，主要原因是厉行节约，压减公务接待支出。"

# The other explanations BG-NARRATIVE asks for (budget.narrative-incomplete), by topic key;
# `omit` leaves some out.
NARRATIVE = {
    "operating": "四、机关运行经费：机关运行经费45.6万元，主要用于办公及日常运转。",
    "procurement": "五、政府采购情况：政府采购预算总额30万元，其中货物类20万元、服务类10万元。",
    "glossary": "六、名词解释：基本支出指为保障机构正常运转、完成日常工作任务而发生的支出。",
}

def title(unit: str, kind: str, year: int) -> str:
    return f"{unit}{year}年度部门{'预算' if kind == 'budget' else '决算'}公开"

def sangong_paragraph(year: int, explained: bool = True, split_vehicle: bool = True) -> str:
    vehicle = ("公务用车购置及运行费8.5万元（其中：公务用车购置费0万元，公务用车运行维护费8.5万元）"
               if split_vehicle else "公务用车购置及运行费8.5万元")
    text = (f"三、“三公”经费情况说明：{year}年“三公”经费支出12.3万元，其中：因公出国（境）费0万元，"
            f"{vehicle}，公务接待费3.8万元。")
    return text + (EXPLANATION if explained else "")

def disclosure_text(unit: str, kind: str, year: int, skip: tuple[str, ...] = (),
                    empty: tuple[str, ...] = (), explained: bool = True,
                    split_vehicle: bool = True, omit: tuple[str, ...] = ()) -> str:
    tables = BUDGET_TABLES if kind == "budget" else FINAL_TABLES
    lines = [f"{unit}{year}年部门{'预算' if kind == 'budget' else '决算'}公开说明",
             f"一、部门职责及机构设置：{unit}负责本行业管理工作。",
             f"二、收支情况：{year}年收入总计1234.56万元，支出总计1234.56万元。收支总计比上年增加"
             "56.78万元，主要原因是项目支出增加。",
             sangong_paragraph(year, explained, split_vehicle),
             *(NARRATIVE[key] for key in NARRATIVE if key not in omit)]
    for n, name in enumerate(tables, 1):
        if name in skip:
            continue
        lines.append(f"表{n} {name}")
        lines.append(f"编制单位：{unit} 单位：万元")
        lines.append("项目 金额")
        if name in empty:
            lines.append("注：本部门无此项收支，此表为空表。")
        else:
            lines.append("合计 1234.56")
    return "\n".join(lines)
