"""Annual disclosure reports (政府信息公开工作年度报告): analysis of one document.

`analyse(text, tables)` / `analyse_document(doc)` (checks.annual.analyse) return what was
found: year, format (old | 2019 | 2021), dating, sections, tables cell by cell, key figures
and the problems the report shows on its own. The rules in checks/rules/annual_content.py and
`govaudit analyze` build on it.
"""

from checks.annual.analyse import analyse, analyse_document

__all__ = ["analyse", "analyse_document"]
