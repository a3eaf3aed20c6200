"""The injected defects: which unit gets which fault, and the manifest records for them.

Keeping the list in one place makes the ground truth auditable: every deviation from a
clean portal that the generator renders is declared here and nowhere else. Which finding each
defect must produce is declared with the rule, in the rule pack (see Recorder).
"""
from . import declared

# How many days past its freshness window (the pack's column.stale thresholds, a month counted
# as 31 days) a planted stale column's newest item lies, so that no reasonable month arithmetic
# in the checks can disagree: 30, 245 and 480 days old for the national 14 days, 6 and 12 months.
STALE_OVERSHOOT = {"dynamic": 16, "notice-policy": 59, "personnel-plans": 108}
# The same for a frozen homepage (`stale_homepage`, the pack's homepage.stale window): 40 days.
HOMEPAGE_OVERSHOOT = 26

# Unit directory -> what goes wrong there. Read by the planning steps (trees, plant, budget_plan).
PLAN = {
    "czj": {"empty_column": "budget"},              # 财政预决算 list with zero items
    "ybj": {"placeholder_column": "power-list"},   # 权力清单 showing 暂无信息
    "tjj": {"missing_category": "budget"},          # no budget column at all
    "xcx": {"missing_category": "guide"},           # a town without 指南
    "jyj": {"stale": "gzdt"},                       # 工作动态 (dynamic) a month old
    "dlz": {"stale": "tzgg"},                       # 公示公告 (notice-policy) eight months old
    "fgj": {"stale": "ghjh"},                       # 规划计划 (personnel-plans) sixteen months old
    "mzj": {"dead_article": "tzgg", "masked_id": "shjz", "roster_masked": "shjz"},
    "zjj": {"dead_attachment": "bzxzf"},
    "jtysj": {"dead_external": "tzgg"},
    "lcj": {"report_missing": True},
    "tyjrswj": {"report_late": True},               # latest report on 2月1日: one day late
    "zrzyj": {"report_on_deadline": True,           # latest report on 1月31日 itself: on time
              "budget_defect": "narrative_missing"},    # latest budget without 政府采购 and 名词解释
    "scjgj": {"privacy": "xzcf"},
    "cgz": {"masked_phone": "tzgg"},
    "swj": {"budget_defect": "missing_final_accounts"},  # no final accounts for the due year
    "wjj": {"budget_defect": "missing_table"},           # latest budget without one (empty) table
    "sfj": {"budget_defect": "sangong_unexplained"},     # 三公 amounts with no word on their change
    "swj_15234": {"budget_defect": "year_mismatch"},     # "2026 budget" holding the 2025 one
    "rsj": {"budget_defect": "unit_mismatch"},           # "its budget" holding a sister department's
    # Attachments (see attachments.VARIANTS): a subsidy roster with an unmasked mobile and bank
    # card (privacy.exposed), its masked twin (clean, 民政局 above) and a legacy Word file
    # (document.unreadable).
    "nyncj": {"roster_exposed": "snhnzj"},
    "yjglj": {"legacy_doc": "yjya"},
}

# Annual-report document defects (replica/annual_reports.py DEFECTS): the unit's latest report
# has this fault. "county" is the county government itself.
ANNUAL_DEFECTS = {
    "jyj": "missing-section",     # 五、存在的主要问题及改进情况 left out
    "fgj": "broken-identity",     # table 三: 一+二 != 三(七)+四 in the 自然人 column
    "mzj": "old-template",        # a 2021-or-later report with the 60号 table 二
    "zjj": "copied",              # the previous year's text again (内容雷同)
    "tjj": "placeholder",         # XXXX年 and （单位名称） left in
    "county": "shuanggongshi",    # table 二 counts fewer 行政许可 than the site published
    "ybj": "signed-late",         # listed before the deadline, 落款 after it (annual-report.late)
    "jtysj": "wrong-unit",        # 市场监督管理局's report on 交通运输局's column (residue)
}
# The sister department a `wrong-unit` report (and an `unit_mismatch` budget) was copied from.
WRONG_UNIT_SOURCE = "scjgj"
# Older county reports (old format as PDF, 60号 format as DOCX) take document ids from here, so
# no other article changes its URL.
ANNUAL_DOCID_BASE = 3970000
ANNUAL_OLDER_YEARS = {2016: "pdf", 2019: "docx", 2020: "docx"}

DEAD_EXTERNAL = "http://127.0.0.1:1/cggg/index.html"
MASKED_ID = "640422********123X"
MASKED_PHONE = "138****1234"

# disclosure.late (条例第二十六条 20 working days; 双公示 7 working days). These items are added
# after every other one, with their own document-id range, so no other article changes its URL.
LATE_UNIT = "scjgj"
LATE_DOCID_BASE = 3950000
# (成文日期, last on-time day) of 7-working-day deadlines that span 国庆 and its 调休 Saturday:
# a decision published on that day is on time only because of the holiday (it must stay clean);
# its twin published the next day is late by one working day.
HOLIDAY_DEADLINES = [("2025-09-30", "2025-10-16"), ("2026-09-30", "2026-10-15")]
# A policy document published this many calendar days after its 成文日期: more than 20 working
# days in any stretch of the year (a 9-day 春节 still leaves over 25 in 45 calendar days).
GENERAL_LATE_GAP = 45

# 政民互动 (interaction.unanswered, 3 months; WS-V5) and 政策解读 (interpretation.missing / .late,
# 3 working days). Messages and interpretations take document ids from their own range.
INTERACTION_DOCID_BASE = 3940000
INTERPRETATION_DOCID_BASE = 3941000
# Letters of the county 县长信箱: (days before as_of it was asked, reply gap in days or None).
UNANSWERED_AGE = 130          # 未回复 for over four months: the planted veto
# An 办理中 letter asked 3 months minus this many days before the audit: unanswered, but not yet
# for more than 3 months (must stay clean).
PENDING_MARGIN_DAYS = 3
# A letter answered 45 days after it was asked: slow, but answered within 3 months (clean).
SLOW_REPLY = (200, 45)
# (document published, 解读 on time, 解读 one working day late) around 国庆: 3 working days after
# 09-30 end on the 调休 Saturday after the holiday, so the on-time 解读 comes 9-10 calendar days
# later and the late twin on the Monday after.
INTERPRETATION_HOLIDAY = [("2025-09-30", "2025-10-10", "2025-10-13"),
                          ("2026-09-30", "2026-10-09", "2026-10-12")]
# (document published on a Thursday, 解读 the next Tuesday): exactly 3 working days across an
# ordinary weekend (no 调休 nearby), on time.
INTERPRETATION_WEEKEND = [("2024-11-14", "2024-11-19"), ("2025-11-13", "2025-11-18"),
                          ("2026-11-12", "2026-11-17")]
# Which existing county 行政规范性文件 (index in its list) is left without any 解读.
UNINTERPRETED_INDEX = 2


# budget.* (财预〔2016〕143号): every department's 财政预决算 column holds real disclosures (the
# budgets of the two latest due years and the final accounts of the two latest due years, tables
# in the article and as a workbook). Their document ids come from this range, BUDGET_SLOTS per
# department in department order, so no other article changes its URL.
BUDGET_DOCID_BASE = 3980000
BUDGET_SLOTS = 20
# The table the `missing_table` department leaves out: one it has no money for, the classic gap
# (143号: tables without data must still be published, empty).
BUDGET_MISSING_TABLE = "政府性基金预算支出情况表"
# The explanations the `narrative_missing` department's latest budget leaves out (replica/budget.py
# Disclosure `omit` keys), and the department an `unit_mismatch` budget was copied from.
BUDGET_NARRATIVE_OMITTED = ("procurement", "glossary")
BUDGET_MISMATCH_SOURCE = "nyncj"


def resident_id(area: str, birth: str, seq: str) -> str:
    """A syntactically valid 18-digit resident ID (ISO 7064 mod 11-2 check digit)."""
    body = area + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


# Fictional person; the number is valid by construction, which is the point of the defect.
EXPOSED_ID = resident_id("640422", "19850315", "241")


def luhn_complete(body: str) -> str:
    """`body` plus the Luhn check digit: a bank-card number valid by construction."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str(-total % 10)


# Fictional roster entries planted in attachments (privacy.exposed) and their masked twins.
EXPOSED_MOBILE = "13909510417"
EXPOSED_CARD = luhn_complete("622848123456789012")   # 19 digits, UnionPay prefix
MASKED_MOBILE = "139****0417"
MASKED_CARD = "6228 **** **** 0128"
OFFICE_MOBILE = "13800951234"  # an office's published 咨询电话: must never be reported
# Attachment file names of planted items take serials from here (no random draws, so nothing
# else in the replica changes).
DOCS_DOCID_BASE = 3960000


class Recorder:
    """Collects manifest defect records with stable ids D001, D002, ...

    Each record names the defect planted (a name of this module: a PLAN key or value, an
    ANNUAL_DEFECTS or GUIDE_DEFECTS value, a switch) and the rule it makes fire, which is the
    rule whose pack entry declares that defect (`replica_defect`, read by replica.declared):
    the replica keeps no mapping of its own."""

    def __init__(self):
        self.records: list[dict] = []

    def add(self, defect, unit, category=None, column_path=None, url_path=None, detail=""):
        self.records.append({
            "id": f"D{len(self.records) + 1:03d}", "rule": declared.rule_of(defect),
            "defect": defect, "unit": unit,
            "category": category, "column_path": column_path, "url_path": url_path,
            "detail": detail,
        })


# Guide, platform-structure and serious-misstatement defects (guide.*, platform.structure,
# content.serious-error). Every unit's guide gets a full 条例第十二条 text; these get a faulty one.
GUIDE_DEFECTS = {"jyj": "no-fax", "fgj": "old-reply"}
# Every department and town gets 政府信息公开制度 and 依申请公开 sub-columns, except:
STRUCTURE_MISSING = {"mzj": "on-request"}
# Those sub-columns are added after every other item, with their own document-id range.
STRUCTURE_DOCID_BASE = 3990000
# (unit, column directory, sentence) of a suspected serious misstatement (疑似严重表述错误).
SERIOUS_ERROR = ("tjj", "tjxx", "根据《中华人民共合国统计法》及有关规定，现将数据予以公布。")
# Hostile content (not a defect: it must produce no finding of its own). Crawled text is
# untrusted, and a report must show it as text. The privacy.exposed article carries a title that
# is script markup (escaped in the replica's HTML, so the crawler reads it as plain text and the
# finding quotes it) and a real inline script in its body (kept in the saved page). Either one
# running when the report or its saved copy is opened sets `data-pwned` on the document root.
HOSTILE_TITLE = ('<script>document.documentElement.setAttribute("data-pwned","title")</script>'
                 '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\',\'img\')">')
HOSTILE_SCRIPT = '<script>document.documentElement.setAttribute("data-pwned","page")</script>'
PWNED_ATTRIBUTE = "data-pwned"


# The `fixed` variant (build_site(fixed=True), `--fixed`): a second audit of "the same portal
# after 整改". These planted defects are repaired (unit directory -> PLAN key removed) ...
FIXED_REPAIRS = {"czj": "empty_column", "xcx": "missing_category"}
# ... and this one appears: 人事招考 of the 人社局 not updated for sixteen months.
FIXED_NEW = {"rsj": {"stale": "rsxx"}}
# Items added by a repair take document ids from here, so every other article keeps its URL
# (and its findings their fingerprints) between the two variants.
FIXED_DOCID_BASE = 3900000


def plan_for(slug: str, fixed: bool) -> dict:
    """The defect plan of one unit in the chosen variant."""
    d = dict(PLAN.get(slug, {}))
    if fixed:
        d.pop(FIXED_REPAIRS.get(slug, ""), None)
        d.update(FIXED_NEW.get(slug, {}))
    return d
