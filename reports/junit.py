"""`junit.xml`: the audit as JUnit XML, so any CI shows it as a test report.

One testsuite per unit (plus one for site-level findings), one testcase per rule × unit: a
finding is a `<failure>`, a 未能核验 finding (nothing could be read, so nothing was judged) is
`<skipped>`, a rule that found nothing passes. Text from crawled pages is escaped by the XML
serialiser; characters XML 1.0 cannot carry at all (most C0 controls) are dropped first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree

from ground.store import Store

from checks.pack import Pack, load_pack
from reports.load import AuditData, load_audit

FILENAME = "junit.xml"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    return _XML_INVALID.sub("", "" if value is None else str(value))


def build_junit(data: AuditData, pack: Pack | None = None) -> etree._Element:
    pack = pack or load_pack()
    titles = {rid: meta.title for rid, meta in {**dict(pack.rules), **dict(pack.system)}.items()}
    for f in data.findings:  # rules of a stored audit that the current pack lacks
        titles.setdefault(f["rule"], f.get("title") or f["rule"])
    site = data.crawl.get("site_name") or data.crawl["site_url"]
    groups = [(f"{site}（全站）", data.site_findings)]
    groups += [(u.name, u.findings) for u in data.units]
    root = etree.Element("testsuites", name=xml_text(f"govaudit {site} {data.audit['as_of']}"))
    totals = {"tests": 0, "failures": 0}
    for suite_name, findings in groups:
        suite = _suite(suite_name, findings, titles, data.audit["as_of"])
        root.append(suite)
        totals["tests"] += int(suite.get("tests"))
        totals["failures"] += int(suite.get("failures"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("time", "0")
    return root


SKIP_PREFIX = {"waived": "已豁免：", "suspected": "疑似（待人工核实）："}

def _suite(name: str, findings, titles: dict[str, str], as_of: str) -> etree._Element:
    suite = etree.Element("testsuite", name=xml_text(name))
    failures = skipped = 0
    for rule_id, title in titles.items():
        mine = [f for f in findings if f["rule"] == rule_id]
        case = etree.SubElement(suite, "testcase", name=xml_text(f"{rule_id} {title}"),
                                classname=xml_text(name), time="0")
        fails = [f for f in mine if f["status"] == "fail"]
        # waived (approved waiver) and suspected (疑似) count like 未能核验: shown, never a failure
        unverified = [f for f in mine if f["status"] in ("unverified", "waived", "suspected")]
        for f in fails:
            el = etree.SubElement(case, "failure", type=xml_text(f["severity"]),
                                  message=xml_text(f.get("message")))
            el.text = xml_text(_detail(f))
        if fails:
            failures += 1
        elif unverified:
            el = etree.SubElement(case, "skipped", message=xml_text(
                "；".join(SKIP_PREFIX.get(f["status"], "未能核验：")
                         + (f.get("message") or "") for f in unverified)))
            el.text = xml_text("\n\n".join(_detail(f) for f in unverified))
            skipped += 1
    suite.set("tests", str(len(titles)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", "0")
    suite.set("timestamp", xml_text(as_of))
    return suite


def _detail(f: dict) -> str:
    lines = [f.get("message") or "", f"依据：{f.get('basis') or ''}"]
    if f.get("url"):
        lines.append(f"链接：{f['url']}")
    lines.append(f"指纹：{f['fingerprint']}")
    if f.get("evidence"):
        lines.append(json.dumps(f["evidence"], ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


def write_junit(store: Store, audit_id: int, out_dir: str | Path,
                data: AuditData | None = None, pack: Pack | None = None) -> Path:
    """Write `out_dir/junit.xml` for audit `audit_id` and return its path."""
    data = data or load_audit(store, audit_id)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILENAME
    path.write_bytes(etree.tostring(build_junit(data, pack), xml_declaration=True,
                                    encoding="UTF-8", pretty_print=True))
    return path
