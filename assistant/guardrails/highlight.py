"""The checked text as HTML: supported numbers marked quietly, flagged ones in red with the reason on hover."""

from __future__ import annotations

from html import escape

from assistant.guardrails.report import Report

_STYLE = {
    "supported": "border-bottom:1px dotted #2e7d32;",
    "derived": "border-bottom:1px dotted #1565c0;",
    "unsupported": "background:#ffebee;color:#c62828;font-weight:bold;",
    "placeholder": "background:#fff3e0;color:#c62828;font-weight:bold;",
    "miswritten": "background:#ffebee;color:#c62828;font-weight:bold;",
    "advice": "border-bottom:2px wavy #ef6c00;",
}


def highlight(report: Report) -> str:
    """HTML of the report's text with each figure wrapped in a span carrying its status and reason."""
    text = report.text
    parts: list[str] = []
    pos = 0
    for m in sorted(report.mentions, key=lambda m: m.start):
        style = _STYLE.get(m.status)
        if style is None or m.start < pos:
            continue
        parts.append(_plain(text[pos : m.start]))
        title = escape(f"{m.figure}：{m.reason}" if m.figure else m.reason, quote=True)
        parts.append(f'<span class="num num-{m.status}" style="{style}" title="{title}">{escape(m.text)}</span>')
        pos = m.end
    parts.append(_plain(text[pos:]))
    body = '<div class="number-check" style="white-space:pre-wrap;line-height:1.8">' + "".join(parts) + "</div>"
    return (LEGEND + body) if any(m.status in _STYLE for m in report.mentions) else body


# What the marks mean, shown above every checked text.
LEGEND = (
    '<div class="number-legend" style="font-size:90%;color:#555;margin-bottom:6px">'
    f'<span style="{_STYLE["supported"]}">绿色虚线</span> 与输入一致　'
    f'<span style="{_STYLE["derived"]}">蓝色虚线</span> 由输入推算　'
    f'<span style="{_STYLE["unsupported"]}">红底</span> 需要核实（鼠标停留看原因）　'
    f'<span style="{_STYLE["advice"]}">橙色波浪线</span> 写法建议</div>'
)


def _plain(text: str) -> str:
    return escape(text)
