"""Chinese titles and body paragraphs for replica articles, chosen by a column's theme.

Titles are derived from the item's date (a 2026 budget is published in 2026) so a reader
of the replica sees plausible content; wording is generic and invented.
"""
import random

from . import names


def _topic(rng: random.Random) -> str:
    return rng.choice(names.TOPICS)


def _project(rng: random.Random) -> str:
    return rng.choice(names.PROJECTS)


def _person(rng: random.Random) -> str:
    return rng.choice(names.SURNAMES) + "某某"


def title(theme: str, unit: str, short: str, day, rng: random.Random, n: int) -> str:
    """A title for the n-th item (0 = newest) of a column with this theme."""
    y, m = day.year, day.month
    t = _topic(rng)
    if theme == "news":
        return rng.choice([
            f"{short}召开{t}工作推进会",
            f"{short}开展{t}专项行动",
            f"{short}部署{t}重点工作",
            f"{short}组织学习{t}相关政策",
            f"{rng.choice(names.LEADER_ROLES)}{_person(rng)}调研{t}工作",
        ])
    if theme == "notices":
        return rng.choice([
            f"关于做好{t}工作的通知",
            f"{short}关于{t}有关事项的公告",
            f"关于{y}年{t}示范点拟认定名单的公示",
        ])
    if theme in ("policy", "gwywj"):
        if theme == "gwywj":
            return f"国务院办公厅关于转发{t}工作意见的通知（转载）"
        return f"{short}关于印发《{names.COUNTY}{t}实施方案》的通知"
    if theme == "interpretation":
        return rng.choice([f"《{names.COUNTY}{t}实施方案》政策解读", f"图解：{names.COUNTY}{t}实施方案"])
    if theme == "plans":
        return rng.choice([f"{short}{y}年工作计划", f"{short}{y - 1}年工作总结和{y}年工作计划",
                           f"{names.COUNTY}{t}专项规划（{y}—{y + 4}年）"])
    if theme == "statistics":
        return rng.choice([f"{names.COUNTY}{y}年{m}月主要经济指标", f"{names.COUNTY}{y}年1-{m}月统计数据"])
    if theme == "license":
        return f"行政许可结果公示（{y}年第{n + 1}期）"
    if theme == "penalty":
        return f"行政处罚决定公示（{y}年第{n + 1}期）"
    if theme == "power-list":
        return rng.choice([f"{short}权力清单和责任清单（{y}年版）", f"{short}行政权力事项调整情况公示"])
    if theme == "budget":
        return rng.choice([f"{short}{y}年部门预算公开", f"{short}{y - 1}年部门决算公开",
                           f"{short}{y}年“三公”经费预算情况说明"])
    if theme == "fees":
        return f"{names.COUNTY}行政事业性收费目录清单（{y}年）"
    if theme == "procurement":
        p = _project(rng)
        return rng.choice([f"{p}采购项目中标（成交）结果公告", f"{p}竞争性磋商公告"])
    if theme == "major-projects":
        p = _project(rng)
        return rng.choice([f"{p}批准结果信息公开", f"{p}施工进度信息公开"])
    if theme == "snhnzj":
        return f"{y}年{rng.choice(['耕地地力保护补贴', '农机购置补贴', '种粮一次性补贴'])}资金发放公示"
    if theme == "bzxzf":
        return f"{y}年公共租赁住房保障对象公示（第{n + 1}批）"
    if theme == "shjz":
        return f"{y}年{m}月城乡最低生活保障资金发放情况公示"
    if theme == "emergency":
        return rng.choice([f"{names.COUNTY}{t}应急预案", f"关于做好{t}安全防范工作的提示"])
    if theme == "supervision":
        return rng.choice([f"{y}年{m}月“双随机、一公开”抽查结果公示", f"食品安全监督抽检信息公告（{y}年第{n + 1}期）"])
    if theme == "personnel":
        return rng.choice([f"{y}年{names.COUNTY}事业单位公开招聘工作人员公告",
                           f"关于{_person(rng)}等同志职务任免的通知", f"{y}年{names.COUNTY}公益性岗位招聘拟聘用人员公示"])
    if theme == "org":
        return [f"{short}机构职能", f"{short}领导分工", f"{short}内设机构及联系方式"][n % 3]
    if theme == "guide":
        return f"{unit}政府信息公开指南" + ("" if n == 0 else f"（{y}年版）")
    if theme == "rules":
        return [f"{names.COUNTY}政府信息公开保密审查制度", f"{names.COUNTY}政府信息公开工作考核制度",
                f"{names.COUNTY}政府信息公开申请办理制度", f"{names.COUNTY}政府信息主动公开制度"][n % 4]
    if theme == "on-request":
        return [f"{unit}依申请公开指引", "政府信息公开申请表"][n % 2]
    if theme == "interaction":
        return rng.choice([f"关于{t}问题的回复", f"县长信箱留言办理情况（{y}年{m}月）"])
    return f"{short}{t}工作信息"


def paragraphs(theme: str, unit: str, title_text: str, rng: random.Random) -> list[str]:
    """Two to four generic paragraphs; enough text for content checks, no real facts."""
    t = _topic(rng)
    pool = [
        f"为深入贯彻落实上级关于{t}工作的决策部署，{unit}结合工作实际，认真研究制定了相关措施。",
        f"{unit}高度重视{t}工作，成立工作专班，明确责任分工，确保各项任务落到实处。",
        "各有关单位要进一步提高思想认识，加强组织领导，强化督促检查，确保工作取得实效。",
        "本信息依据《中华人民共和国政府信息公开条例》主动公开，欢迎社会各界监督。",
        f"下一步，{unit}将持续推进{t}工作，不断提升群众的获得感、幸福感、安全感。",
        "如对本信息有疑问，请在工作日内与发布机构联系。",
    ]
    rng.shuffle(pool)
    lead = f"{title_text}。" if theme in ("news", "notices") else f"现将《{title_text}》予以公开。"
    return [lead] + pool[: rng.randint(2, 4)]


def annual_report_paragraphs(unit: str, year: int) -> list[str]:
    """A short annual-report body; the full 2021-template tables are a later issue."""
    return [
        f"根据《中华人民共和国政府信息公开条例》规定，现公布{unit}{year}年政府信息公开工作年度报告。",
        f"一、总体情况。{year}年，{unit}认真贯彻落实政府信息公开工作要求，不断完善公开制度，拓展公开渠道。",
        "二、主动公开政府信息情况。全年主动公开政府信息，涵盖机构职能、政策文件、财政预决算等内容。",
        "三、收到和处理政府信息公开申请情况。全年收到并按期办结政府信息公开申请，无逾期答复情况。",
        "四、政府信息公开行政复议、行政诉讼情况。全年未发生因政府信息公开引起的行政复议、行政诉讼。",
        "五、存在的主要问题及改进情况。部分栏目更新不够及时，下一步将加强日常维护。",
        "六、其他需要报告的事项。无。",
    ]


def guide_paragraphs(unit: str, code: str, variant: str = None) -> list[str]:
    """The text of a 政府信息公开指南 with every element of 条例 第十二条 and the 2019 reply
    periods. `variant`: "no-fax" leaves out the 传真号码, "old-reply" states the 2007 条例's 15
    working days (both planted defects, see defects.GUIDE_DEFECTS). No random numbers: the
    contact details derive from the unit's 索引号 code so every guide differs."""
    n = int(code[-3:])
    office = f"{unit}办公室" if not unit.endswith("办公室") else unit
    phone = f"0951-50{n:05d}"
    contact = [f"名称：{office}", f"办公地址：{names.COUNTY}人民路{n % 90 + 1}号",
               "办公时间：周一至周五上午8:30-12:00，下午14:30-18:00（法定节假日除外）",
               f"联系电话：{phone}", f"传真：0951-51{n:05d}", f"电子邮箱：xxgk{n:03d}@shilixian.example"]
    if variant == "no-fax":
        contact = [c for c in contact if not c.startswith("传真")]
    if variant == "old-reply":
        reply = ("本机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；不能当场答复的，"
                 "应当自收到申请之日起15个工作日内予以答复；如需延长答复期限的，应当经政府信息公开工作机构"
                 "负责人同意，并告知申请人，延长答复的期限最长不得超过15个工作日。")
    else:
        reply = ("本机关收到政府信息公开申请，能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起"
                 "20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
                 "延长的期限最长不超过20个工作日。")
    return [
        f"为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"
        f"公民、法人和其他组织可以通过本指南了解{unit}政府信息公开的有关事项。",
        "一、主动公开。本机关主动公开的政府信息按照机构职能、政策文件、规划计划、财政预决算等类别分类编排，"
        f"在{names.SITE_NAME}门户网站“政府信息公开”专栏发布，公众可以在线查阅、下载获取。"
        "属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内予以公开。",
        "二、依申请公开。申请人可以通过网上申请、信函、当面提交等方式提出申请。" + reply
        + "申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人作出补正。",
        "需要征求第三方意见的，第三方应当自收到征求意见书之日起15个工作日内提出意见，"
        "所需时间不计算在答复期限内。",
        "三、政府信息公开工作机构。" + "；".join(contact) + "。",
        "四、监督和救济。公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
        "可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
    ]


def message(rng: random.Random, unit: str) -> tuple[str, str, str]:
    """(title, question, reply) of an invented 县长信箱 letter about `unit`'s work."""
    t = _topic(rng)
    title = rng.choice([f"关于{t}有关问题的咨询", f"咨询{t}相关政策", f"反映{t}工作中的问题",
                        f"{t}办理流程咨询"])
    question = rng.choice([
        f"您好，我想了解{names.COUNTY}{t}的具体政策和办理条件，请问需要准备哪些材料？",
        f"我村在{t}方面存在一些困难，希望有关部门能够关注并给予指导。",
        f"请问{t}的申报时间是什么时候？在哪里可以办理？",
    ])
    reply = (f"您好！您反映的问题已收悉。经{unit}核实，{t}相关工作按照有关规定办理，"
             f"具体事宜可在工作日到{unit}咨询。感谢您对我县工作的关注与支持！")
    return title, question, reply
