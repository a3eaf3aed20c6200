"""HTML of the replica in the TRS WCM dialect (portals.md §2.1, §7.3, §7.4).

Pure functions of the plan: no randomness here. Markup follows the real templates the
crawler must parse: gov meta tags, breadcrumb, JS-only pagers, ul/li and table lists,
索引号 blocks in three layouts, `div.TRS_Editor` bodies and `附件：` lists.
"""
from html import escape

from . import dates, names

STYLE = ("body{font-family:sans-serif;margin:0}.head{background:#b71c1c;color:#fff;padding:12px}"
         ".nav a{color:#fff;margin-right:16px}.main{width:1000px;margin:0 auto}"
         ".position{padding:8px 0;color:#666}.list li{list-style:none;line-height:2}"
         ".list li span{float:right;color:#999}.foot{margin-top:24px;padding:12px;background:#eee;font-size:12px}")

MAIN_NAV = [("首页", "/"), ("政府信息公开", names.PLATFORM), ("今日要闻", "/xwzx/jryw/"),
            ("通知公告", "/xwzx/tzgg/"), ("政民互动", names.PLATFORM + "zmhd/")]

CREATE_PAGE_JS = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("<span>首页</span>&nbsp;");
  else document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;");
  for(var i=0; i<_nPageCount; i++){
    var sHref = (i==0) ? _sPageName+"."+_sPageExt : _sPageName+"_"+i+"."+_sPageExt;
    if(i == nCurrIndex) document.write("<span class=\\"current\\">"+(i+1)+"</span>&nbsp;");
    else document.write("<a href=\\""+sHref+"\\">"+(i+1)+"</a>&nbsp;");
  }
  document.write("共"+_nPageCount+"页");
}
</script>"""


def meta_tags(column_name: str, title: str = "", pub: str = "", source: str = "") -> str:
    rows = [("SiteName", names.SITE_NAME), ("SiteDomain", names.SITE_DOMAIN),
            ("SiteIDCode", names.SITE_ID_CODE), ("ColumnName", column_name),
            ("ColumnDescription", ""), ("ColumnKeywords", ""), ("ColumnType", "")]
    if title:
        rows += [("ArticleTitle", title), ("PubDate", pub), ("ContentSource", source),
                 ("Keywords", ""), ("Author", ""), ("Description", ""), ("Image", ""), ("Url", "")]
    return "\n".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in rows)


def page(title: str, body: str, metas: str = "", head_extra: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="X-UA-Compatible" content="IE=edge">\n{metas}\n'
            f'<title>{escape(title)}</title>\n<style>{STYLE}</style>\n{head_extra}</head>\n<body>\n'
            f'<div class="head"><div class="main"><h1>{names.SITE_NAME}</h1><div class="nav">'
            + "".join(f'<a href="{p}">{n}</a>' for n, p in MAIN_NAV)
            + f'</div></div></div>\n<div class="main">\n{body}\n</div>\n'
            f'<div class="foot"><div class="main">主办：{names.SITE_NAME}办公室&nbsp;&nbsp;'
            f'网站标识码：{names.SITE_ID_CODE}&nbsp;&nbsp;地址：示例县城关镇人民路1号</div></div>\n'
            '</body>\n</html>\n')


def breadcrumb(crumbs: list, last: str) -> str:
    links = " &gt; ".join(f'<a href="{p}">{escape(n)}</a>' for n, p in crumbs)
    return f'<div class="position">当前位置：{links} &gt; <span>{escape(last)}</span></div>'


def side_nav(title: str, entries: list) -> str:
    lis = "".join(f'<li><a href="{p}">{escape(n)}</a></li>' for n, p in entries)
    return f'<div class="left-nav"><h3>{escape(title)}</h3><ul>{lis}</ul></div>'


# ---- list pages ----------------------------------------------------------------------------
def _rel(col_path: str, item_path: str) -> str:
    return "./" + item_path[len(col_path):]


def _date_cell(item, fmt) -> str:
    return dates.show(item.list_date, fmt) if item.list_date else ""


def list_rows(col, items) -> str:
    if col.placeholder:
        return f'<div class="nodata">{col.placeholder}</div>'
    if col.template == "script":
        # Rows that exist only inside <script> (Wuhan-style gfxwj lists, portals.md §2.1).
        rows = "".join(
            f'<script type="text/javascript">\nvar url = "{_rel(col.path, i.path)}";\n'
            f'var title = "{escape(i.title)}";\nvar FILENUM = "{escape(i.doc_no)}";\n'
            f'var pubDate = "{_date_cell(i, col.date_fmt)}";\n'
            'document.writeln("<li><a href=\\""+url+"\\" title=\\""+title+"\\" target=\\"_blank\\">"'
            '+title+"</a><span>"+pubDate+"</span></li>");\n</script>\n'
            for i in items)
        return f'<ul class="list">\n{rows}</ul>'
    if col.template == "messages":
        return message_rows(col, items)
    if col.template == "table":
        rows = "".join(
            f'<tr><td class="bt"><a href="{_rel(col.path, i.path)}" title="{escape(i.title)}" '
            f'target="_blank">{escape(i.title)}</a></td><td class="rq">{_date_cell(i, col.date_fmt)}</td></tr>\n'
            for i in items)
        return ('<table class="gl_list" width="100%" cellspacing="0" cellpadding="0">\n'
                f'<tr class="gl_title"><th>标题</th><th>发布日期</th></tr>\n{rows}</table>')
    lis = "".join(
        f'<li><a href="{_rel(col.path, i.path)}" title="{escape(i.title)}" target="_blank">'
        f'{escape(i.title)}</a>' + (f'<span>{_date_cell(i, col.date_fmt)}</span>' if i.list_date else "")
        + '</li>\n' for i in items)
    return f'<ul class="list">\n{lis}</ul>'


def message_rows(col, items) -> str:
    """A 县长信箱 list: 标题 | 留言时间 | 办理状态 | 回复时间 (blank while unanswered)."""
    rows = []
    for i in items:
        m = i.message
        replied = m.replied.isoformat() if m.replied and m.list_shows_reply else ""
        rows.append(f'<tr><td class="bt"><a href="{_rel(col.path, i.path)}" title="{escape(i.title)}" '
                    f'target="_blank">{escape(i.title)}</a></td><td>{m.asked:%Y-%m-%d}</td>'
                    f'<td>{escape(m.status)}</td><td>{replied}</td></tr>\n')
    return ('<table class="hd_list" width="100%" cellspacing="0" cellpadding="0">\n'
            '<tr class="hd_title"><th>留言标题</th><th>留言时间</th><th>办理状态</th><th>回复时间</th></tr>\n'
            + "".join(rows) + '</table>')


def pager(col, index: int) -> str:
    n = col.pages
    if col.template == "ul_old":
        return f"""<div class="page"><script language="JavaScript">
var currentPage = {index};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {n}//共多少页
document.write("共"+countPage+"页&nbsp;&nbsp;");
if(countPage>1&&currentPage!=0&&currentPage!=1)
    document.write("<a href=\\"index"+"_" + prevPage + "."+"html\\">上一页</a>&nbsp;");
else if(countPage>1&&currentPage!=0&&currentPage==1)
    document.write("<a href=\\"index.html\\">上一页</a>&nbsp;");
for(var i=0;i<countPage;i++){{
    if(currentPage==i) document.write("<span>"+(i+1)+"</span>&nbsp;");
    else if(i==0) document.write("<a href=\\"index.html\\">"+(i+1)+"</a>&nbsp;");
    else document.write("<a href=\\"index"+"_" + i + "."+"html\\">"+(i+1)+"</a>&nbsp;");
}}
if(countPage>1&&currentPage!=(countPage-1))
    document.write("<a href=\\"index"+"_" + nextPage + "."+"html\\">下一页</a>&nbsp;");
</script></div>"""
    return f'<div class="page"><script type="text/javascript">createPageHTML({n}, {index}, "index", "html");</script></div>'


def list_page(col, index: int, siblings: list) -> str:
    start = index * col.per_page
    items = col.items[start:start + col.per_page]
    nav_title = col.parent.name if col.parent else col.unit.name
    body = (breadcrumb(col.crumbs, col.name)
            + f'\n<div class="content">{side_nav(nav_title, siblings)}\n'
            f'<div class="right"><div class="column-title"><h2>{escape(col.name)}</h2></div>\n'
            f'{list_rows(col, items)}\n{pager(col, index)}\n</div></div>')
    return page(f"{col.name}_{names.SITE_NAME}", body, meta_tags(col.name),
                CREATE_PAGE_JS if col.template != "ul_old" else "")


def container_page(col, entries: list, siblings: list) -> str:
    """A container (法定主动公开内容, 部门信息公开 …): a nav of what it holds, no items."""
    lis = "".join(f'<li><a href="{p}">{escape(n)}</a></li>' for n, p in entries)
    nav_title = col.parent.name if col.parent else col.unit.name
    body = (breadcrumb(col.crumbs, col.name)
            + f'\n<div class="content">{side_nav(nav_title, siblings)}\n'
            f'<div class="right"><h2>{escape(col.name)}</h2><ul class="sub-columns">{lis}</ul></div></div>')
    return page(f"{col.name}_{names.SITE_NAME}", body, meta_tags(col.name))


def unit_page(unit, crumbs: list, entries: list) -> str:
    """A unit's 政府信息公开 landing page: the standard tiles (指南/制度/法定主动/年报 …)."""
    tiles = "".join(f'<li class="tile"><a href="{p}">{escape(n)}</a></li>' for n, p in entries)
    title = "政府信息公开" if unit.kind == "county" else unit.name
    body = (breadcrumb(crumbs, title)
            + f'\n<div class="xxgk-home"><h2>{escape(unit.name)}政府信息公开</h2>'
            f'<ul class="tiles">{tiles}</ul></div>')
    return page(f"{title}_{names.SITE_NAME}", body, meta_tags(title))


# ---- article ------------------------------------------------------------------------------
def _meta_block(item) -> str:
    written = item.written.isoformat() if item.written else ""
    fields = [("索引号", item.index_no), ("主题分类", item.subject), ("发布机构", item.publisher),
              ("成文日期", written), ("发布日期", item.pub.date().isoformat()), ("文号", item.doc_no),
              ("有效性", item.valid)]
    if item.layout == 0:
        cells = [f'<td class="label">{k}：</td><td>{escape(v)}</td>' for k, v in fields] + ["<td></td><td></td>"]
        rows = "".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
        return (f'<table class="xxgk_table" border="1" cellspacing="0">{rows}'
                f'<tr><td class="label">标题：</td><td colspan="3">{escape(item.title)}</td></tr></table>')
    if item.layout == 1:
        lis = "".join(f"<li>{'索 引 号' if k == '索引号' else k}：{escape(v)}</li>" for k, v in fields)
        return f'<ul class="xxgk_info">{lis}</ul>'
    return '<div class="xxgk_inline">' + "&nbsp;&nbsp;".join(f"{k}：{escape(v)}" for k, v in fields) + "</div>"


def _info_line(item) -> str:
    stamp = item.pub.strftime("%Y-%m-%d %H:%M")
    if item.info == 0:
        source = item.publisher or names.SITE_NAME
        return (f'<div class="info">发布时间：{stamp}&nbsp;&nbsp;来源：{escape(source)}&nbsp;&nbsp;'
                f'浏览次数：<span id="count"></span></div>')
    return f'<div class="info">日期 : {item.pub:%Y-%m-%d}&nbsp;&nbsp;字号 : [ 大 中 小 ]</div>'


def article_page(col, item) -> str:
    paras = "".join(f'<p style="text-indent:2em;">{escape(p)}</p>' for p in item.paragraphs)
    paras += "".join(item.body_html() if item.body_html else [])
    paras += "".join(item.extra_html)
    files = ""
    if item.attachments:
        folder = item.path.rsplit("/", 1)[0] + "/"
        links = "".join(f'<p><a href="./{a.path[len(folder):]}" oldsrc="{a.path.rsplit("/", 1)[1]}">'
                        f'{escape(a.label)}</a></p>' for a in item.attachments)
        files = f'<div class="fj"><span>附件：</span>{links}</div>'
    body = (breadcrumb(col.crumbs + [(col.name, col.path)], "正文")
            + f'\n<div class="article">{_meta_block(item)}\n<h1 class="title">{escape(item.title)}</h1>\n'
            f'{_info_line(item)}\n<div class="TRS_Editor">{paras}</div>\n{files}</div>')
    metas = meta_tags(col.name, item.title, item.pub.strftime("%Y-%m-%d %H:%M"), item.publisher)
    return page(f"{item.title}_{col.name}_{names.SITE_NAME}", body, metas)


def message_page(col, item) -> str:
    """One letter: the question, then 回复单位 / 回复时间 / 回复内容 once it is answered."""
    m = item.message
    fields = [("留言标题", item.title), ("留言时间", m.asked.strftime("%Y-%m-%d %H:%M")),
              ("留言内容", m.question), ("办理状态", m.status)]
    if m.replied:
        fields += [("回复单位", m.reply_unit), ("回复时间", m.replied.isoformat()),
                   ("回复内容", m.reply)]
    rows = "".join(f'<tr><td class="label">{k}</td><td>{escape(v)}</td></tr>' for k, v in fields)
    body = (breadcrumb(col.crumbs + [(col.name, col.path)], "信件详情")
            + f'\n<div class="article"><h1 class="title">{escape(item.title)}</h1>\n'
            f'<table class="xjxq" border="1" cellspacing="0">{rows}</table></div>')
    metas = meta_tags(col.name, item.title, m.asked.strftime("%Y-%m-%d %H:%M"), "")
    return page(f"{item.title}_{col.name}_{names.SITE_NAME}", body, metas)


# ---- homepage and misc --------------------------------------------------------------------
def homepage(news: list, notices: list) -> str:
    def block(cls, title, more, items):
        lis = "".join(f'<li><a href="{i.path}" title="{escape(i.title)}">{escape(i.title)}</a>'
                      f'<span>{i.effective_date.isoformat()}</span></li>' for i in items)
        return (f'<div class="{cls}"><div class="title"><h3>{title}</h3>'
                f'<a class="more" href="{more}">更多</a></div><ul>{lis}</ul></div>')

    body = (block("yw", "要闻", "/xwzx/jryw/", news) + "\n"
            + block("tzgg", "通知公告", "/xwzx/tzgg/", notices) + "\n"
            + '<div class="entries"><a href="' + names.PLATFORM + '">政府信息公开</a>'
            f'<a href="{names.PLATFORM}ysqgk/">依申请公开</a>'
            f'<a href="{names.PLATFORM}zmhd/">政民互动</a></div>')
    return page(names.SITE_NAME, body, meta_tags("首页"))


def not_found() -> str:
    return page(f"页面不存在_{names.SITE_NAME}", '<div class="error"><h2>404</h2><p>您访问的页面不存在或已被删除。</p>'
                '<p><a href="/">返回首页</a></p></div>', meta_tags("404"))


ROBOTS = "User-agent: *\nDisallow: /search/\n"
