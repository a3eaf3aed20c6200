"""Fictional names of the replica county: the site, its departments, towns and topics.

Everything here is invented ("示例县" = "example county"); no real county is named, so the
replica can be published and screenshotted without implicating anyone.
"""

SITE_NAME = "示例县人民政府"
COUNTY = "示例县"
SITE_DOMAIN = "www.shilixian.example"
SITE_ID_CODE = "6400000099"
PLATFORM = "/xxgk_13648/"
# The 索引号 prefix: area code + unit number, as on real Ningxia TRS portals.
AREA_CODE = "640422"

# (directory, name, 文号 abbreviation). The order matters: units that carry an injected
# defect come first so that every size, even a small integer one, keeps them. "swj_15234"
# mimics TRS appending a channel id when two pinyin directory names collide (水务局/商务局).
DEPARTMENTS = [
    ("czj", "示例县财政局", "财"),
    ("jyj", "示例县教育局", "教"),
    ("fgj", "示例县发展和改革局", "发改"),
    ("mzj", "示例县民政局", "民"),
    ("zjj", "示例县住房和城乡建设局", "建"),
    ("jtysj", "示例县交通运输局", "交"),
    ("scjgj", "示例县市场监督管理局", "市监"),
    ("tjj", "示例县统计局", "统"),
    ("ybj", "示例县医疗保障局", "医保"),
    ("lcj", "示例县林业和草原局", "林草"),
    ("tyjrswj", "示例县退役军人事务局", "退役"),
    ("xzfb", "示例县人民政府办公室", "政办"),
    ("rsj", "示例县人力资源和社会保障局", "人社"),
    ("nyncj", "示例县农业农村局", "农"),
    ("zrzyj", "示例县自然资源局", "自然资源"),
    ("swj", "示例县水务局", "水"),
    ("swj_15234", "示例县商务局", "商"),
    ("wjj", "示例县卫生健康局", "卫健"),
    ("yjglj", "示例县应急管理局", "应急"),
    ("sfj", "示例县司法局", "司"),
    ("wlj", "示例县文化旅游广电局", "文旅"),
    ("sjj", "示例县审计局", "审"),
]

TOWNS = [
    ("cgz", "示例县城关镇人民政府", "城关"),
    ("dlz", "示例县东岭镇人民政府", "东岭"),
    ("xcx", "示例县西川乡人民政府", "西川"),
    ("nhx", "示例县南河乡人民政府", "南河"),
    ("bsx", "示例县北山乡人民政府", "北山"),
    ("qsz", "示例县清水镇人民政府", "清水"),
    ("smx", "示例县石门乡人民政府", "石门"),
    ("ylx", "示例县杨柳乡人民政府", "杨柳"),
    ("hyx", "示例县红崖乡人民政府", "红崖"),
    ("byz", "示例县白杨镇人民政府", "白杨"),
    ("sgx", "示例县沙沟乡人民政府", "沙沟"),
    ("mlx", "示例县马莲乡人民政府", "马莲"),
    ("xjx", "示例县新集乡人民政府", "新集"),
    ("hsz", "示例县黄石镇人民政府", "黄石"),
]

TOPICS = [
    "秋冬季安全生产", "农村人居环境整治", "冬春农田水利建设", "优化营商环境", "森林草原防火",
    "根治欠薪", "乡村振兴", "防汛抗旱", "民生实事", "文明城市创建", "食品安全", "粮食生产",
    "燃气安全", "耕地保护", "特色产业发展", "义务教育均衡发展", "基层医疗服务", "就业创业",
    "社会救助", "道路交通安全", "生态环境保护", "招商引资", "数字政府建设", "人才引进",
]

PROJECTS = [
    "县城供水管网改造工程", "第二中学教学楼建设项目", "乡村道路硬化工程", "县人民医院门诊楼改造项目",
    "高标准农田建设项目", "老旧小区改造工程", "污水处理厂提标改造项目", "农贸市场升级改造项目",
    "清水河堤防加固工程", "文化活动中心建设项目",
]

SURNAMES = "王李张刘陈杨赵黄周吴马孙"
LEADER_ROLES = ["县长", "副县长", "县委常委、副县长"]
