"""`assistant draft --json` carries the verdict the app shows, in the one JSON shape a report has (Report.to_dict)."""

from decimal import Decimal

from assistant.cli.draft import result_json
from assistant.drafting.records import DraftResult
from assistant.figures import FigureSet
from assistant.figures.model import Figure
from assistant.guardrails import Report, review_draft


def test_the_json_report_is_the_review_the_app_shows():
    figures = FigureSet([Figure("规上工业总产值", Decimal("128.5"), "亿元", "2025年1-6月", yoy=Decimal("4.47"))])
    text = "上半年，规上工业总产值128.5亿元，同比增长4.47%；实现税收XX亿元。"
    result = DraftResult(text, [("主要经济指标", text)], Report(text=text, mentions=[]), [], [], 0, inputs=figures)
    data = result_json(result, figures, "2025年1-6月", "青川经济开发区")
    assert data["report"] == review_draft(text, figures, "2025年1-6月", "青川经济开发区").to_dict()
    mentions = {m["text"]: m for m in data["report"]["mentions"]}
    assert mentions["128.5亿元"]["status"] == "supported" and mentions["128.5亿元"]["value"] == "128.5" and "basis" in mentions["128.5亿元"]
    assert not data["report"]["ok"] and any("XX" in m["text"] for m in data["report"]["mentions"])  # a leftover: review() only
