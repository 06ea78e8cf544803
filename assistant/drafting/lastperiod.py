"""Last period's plan of the same unit: its commitments as context, its figures as prior values and targets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.periods import year_and_label

PLAN_QUERY = "工作计划 主要目标 重点抓好"


@dataclass
class LastPeriod:
    """What the knowledge base holds from the period before."""

    passages: list = field(default_factory=list)  # Hit of last period's plan section(s)
    figures: list = field(default_factory=list)  # Figure list with prior/target filled where found
    offered: list[str] = field(default_factory=list)  # Chinese lines saying what was filled in


def last_period(kb, figures: list, unit: str | None, period: str | None, plan_kind: str = "工作计划", k: int = 2) -> LastPeriod:
    """Find the same unit's previous plan and last year's same-period figures; never overwrite given values."""
    year, span = year_and_label(period)
    if kb is None or not unit or year is None:
        return LastPeriod(figures=list(figures))
    # The plan for this period sits in last year's annual document, or in this year's half-year one.
    plan_years = {year - 1} | ({year} if span == "全年" else set())
    hits = [h for h in kb.search(PLAN_QUERY, k=k * 3, filters={"unit": unit, "section_kind": plan_kind}) if _year(h) in plan_years]
    hits = hits[:k]
    targets: dict[str, Any] = {}  # past figures as stored: dicts in hit metadata, PastFigure from the store
    for hit in hits:
        for past in hit.metadata.get("figures") or ():
            targets.setdefault(_name(past), past)
    priors: dict[str, Any] = {}
    for info, past in kb.past_figures(unit=unit, year=year - 1):
        if (getattr(info, "period", None) or "全年") == (span or "全年") and getattr(info, "doc_type", "") != "计划":
            priors.setdefault(_name(past), past)
    out, offered = [], []
    for figure in figures:
        changes = {}
        target = targets.get(figure.name)
        if figure.target is None and target is not None and _unit(target) == figure.unit:
            changes["target"] = Decimal(_value(target))
            offered.append(f"{figure.name}：按上期计划取目标值{_value(target)}{figure.unit}")
        prior = priors.get(figure.name)
        if figure.prior is None and prior is not None and _unit(prior) == figure.unit:
            changes["prior"] = Decimal(_value(prior))
            offered.append(f"{figure.name}：按上年同期材料取上年同期值{_value(prior)}{figure.unit}")
        out.append(dataclasses.replace(figure, **changes) if changes else figure)
    return LastPeriod(passages=hits, figures=out, offered=offered)


def _year(hit) -> int | None:
    value = hit.metadata.get("year")
    return int(value) if value not in (None, "") else None


def _get(past, key: str):
    return past.get(key) if isinstance(past, dict) else getattr(past, key, None)


def _name(past) -> str:
    return _get(past, "indicator") or ""


def _unit(past) -> str:
    return _get(past, "unit") or ""


def _value(past) -> Decimal:
    return Decimal(str(_get(past, "value")))
