"""The overview's trend chart: gaps per audit of the same site, as an inline SVG.

Points come from the store (earlier audits of the same site, as `ground.urls.site_key`
defines it), so the chart needs no JavaScript, no CDN and no file beside the report. The SVG is
built from numbers and our own dates only; every text is escaped all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ground.urls import site_key
from ground.store import Store

from reports.context import SEVERITY_LABELS, SEVERITY_ORDER

MAX_POINTS = 12  # the latest audits shown; older ones stay in the store
COLORS = {"veto": "#b71c1c", "major": "#e65100", "minor": "#757575", "info": "#0277bd"}
UNVERIFIED_COLOR = "#9e9e9e"


@dataclass(frozen=True)
class TrendPoint:
    audit_id: int
    as_of: str
    counts: dict  # severity -> failing findings
    unverified: int
    qualified: bool | None

    @property
    def gaps(self) -> int:
        return sum(self.counts.values())


def trend_points(store: Store, audit_id: int, site_url: str) -> list[TrendPoint]:
    """This audit and the earlier complete audits of the same site, oldest first."""
    key = site_key(site_url)
    ids = [a for a, url in store.audit_sites(before=audit_id + 1) if site_key(url) == key]
    if audit_id not in ids:  # a report of an audit still marked running: show it all the same
        ids = [audit_id, *ids]
    ids = sorted(ids[:MAX_POINTS])
    counts: dict[int, dict] = {a: {s: 0 for s in SEVERITY_ORDER} for a in ids}
    unverified = {a: 0 for a in ids}
    for aid, by_kind in store.finding_counts(ids).items():
        for (severity, status), n in by_kind.items():
            if status == "fail" and severity in counts[aid]:
                counts[aid][severity] += n
            elif status == "unverified":
                unverified[aid] += n
    points = []
    for aid in ids:
        audit = store.audit(aid)
        verdict = audit.get("verdict") or {}
        points.append(TrendPoint(aid, str(audit.get("as_of") or ""), counts[aid], unverified[aid],
                                 verdict.get("qualified") if verdict else None))
    return points


def trend_svg(points: list[TrendPoint], width: int = 720, height: int = 240) -> str:
    """Stacked bars of failing findings by severity per audit, with 未能核验 as a thin bar."""
    left, right, top, bottom = 44, 12, 16, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([p.gaps for p in points] + [p.unverified for p in points] + [1])
    step = _nice_step(top_value)
    y_max = step * -(-top_value // step)
    slot = plot_w / max(len(points), 1)
    bar = min(48.0, slot * 0.55)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-label="历次检查问题数趋势">']
    for value in range(0, y_max + 1, step):
        y = top + plot_h - plot_h * value / y_max
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
                     f'stroke="#e0e0e0"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#555">{value}</text>')
    for i, p in enumerate(points):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for severity in reversed(SEVERITY_ORDER):  # veto on top, where the eye lands
            n = p.counts.get(severity, 0)
            if not n:
                continue
            h = plot_h * n / y_max
            y -= h
            parts.append(f'<rect class="bar bar-{severity}" x="{x:.1f}" y="{y:.1f}" '
                         f'width="{bar:.1f}" height="{h:.1f}" fill="{COLORS[severity]}">'
                         f'<title>{escape(SEVERITY_LABELS[severity])} {n}</title></rect>')
        if p.unverified:
            h = plot_h * p.unverified / y_max
            parts.append(f'<rect class="bar bar-unverified" x="{x + bar + 2:.1f}" '
                         f'y="{top + plot_h - h:.1f}" width="4" height="{h:.1f}" '
                         f'fill="{UNVERIFIED_COLOR}"><title>未能核验 {p.unverified}</title></rect>')
        cx = x + bar / 2
        parts.append(f'<text class="total" x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                     f'font-size="12" fill="#222">{p.gaps}</text>')
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16:.1f}" text-anchor="middle" '
                     f'font-size="11" fill="#333">{escape(p.as_of)}</text>')
        verdict = {True: "合格", False: "不合格"}.get(p.qualified, "")
        parts.append(f'<text x="{cx:.1f}" y="{top + plot_h + 31:.1f}" text-anchor="middle" '
                     f'font-size="10" fill="#777">#{p.audit_id} {verdict}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
                 f'y2="{top + plot_h}" stroke="#999"/>')
    legend_x = left
    for severity in SEVERITY_ORDER:
        parts.append(f'<rect x="{legend_x}" y="{height - 12}" width="10" height="10" '
                     f'fill="{COLORS[severity]}"/><text x="{legend_x + 14}" y="{height - 3}" '
                     f'font-size="11" fill="#333">{escape(SEVERITY_LABELS[severity])}</text>')
        legend_x += 72
    parts.append(f'<rect x="{legend_x}" y="{height - 12}" width="4" height="10" '
                 f'fill="{UNVERIFIED_COLOR}"/><text x="{legend_x + 8}" y="{height - 3}" '
                 f'font-size="11" fill="#333">未能核验</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step
    return -(-top // 6)
