"""The injected defects: which unit gets which fault, and the manifest records for them.

Keeping the list in one place makes the ground truth auditable: every deviation from a
clean portal that the generator renders is declared here and nowhere else.
"""

# Stale ages (days before as_of) chosen well past each freshness window so that no
# reasonable month arithmetic in the checks can disagree: 14 days, 6 months, 12 months.
STALE_AGE = {"dynamic": 30, "notice-policy": 245, "personnel-plans": 480}

# Unit directory -> what goes wrong there. Read by generator.py while planning.
PLAN = {
    "czj": {"empty_column": "budget"},              # 财政预决算 list with zero items
    "ybj": {"placeholder_column": "power-list"},   # 权力清单 showing 暂无信息
    "tjj": {"missing_category": "budget"},          # no budget column at all
    "xcx": {"missing_category": "guide"},           # a town without 指南
    "jyj": {"stale": ("gzdt", "dynamic")},          # 工作动态 a month old
    "dlz": {"stale": ("tzgg", "notice-policy")},    # 公示公告 eight months old
    "fgj": {"stale": ("ghjh", "personnel-plans")},  # 规划计划 sixteen months old
    "mzj": {"dead_article": "tzgg", "masked_id": "shjz"},
    "zjj": {"dead_attachment": "bzxzf"},
    "jtysj": {"dead_external": "tzgg"},
    "lcj": {"report_missing": True},
    "tyjrswj": {"report_late": True},
    "scjgj": {"privacy": "xzcf"},
    "cgz": {"masked_phone": "tzgg"},
}

DEAD_EXTERNAL = "http://127.0.0.1:1/cggg/index.html"
MASKED_ID = "640422********123X"
MASKED_PHONE = "138****1234"


def resident_id(area: str, birth: str, seq: str) -> str:
    """A syntactically valid 18-digit resident ID (ISO 7064 mod 11-2 check digit)."""
    body = area + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


# Fictional person; the number is valid by construction, which is the point of the defect.
EXPOSED_ID = resident_id("640422", "19850315", "241")


class Recorder:
    """Collects manifest defect records with stable ids D001, D002, ..."""

    def __init__(self):
        self.records: list[dict] = []

    def add(self, rule, unit, category=None, column_path=None, url_path=None, detail=""):
        self.records.append({
            "id": f"D{len(self.records) + 1:03d}", "rule": rule, "unit": unit,
            "category": category, "column_path": column_path, "url_path": url_path,
            "detail": detail,
        })
