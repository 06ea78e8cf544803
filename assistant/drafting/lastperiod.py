"""Last period's plan of the same unit: its commitments as context, its figures as prior values and targets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.figures.model import Figure
from assistant.periods import year_and_label
from assistant.store.knowledge_base import KnowledgeBase
from assistant.store.records import Hit

PLAN_QUERY = "工作计划 主要目标 重点抓好"


@dataclass
class LastPeriod:
    """What the knowledge base holds from the period before."""

    passages: list[Hit] = field(default_factory=list)  # last period's plan section(s)
    figures: list[Figure] = field(default_factory=list)  # the writer's figures with prior/target filled where found
    offered: list[str] = field(default_factory=list)  # Chinese lines saying what was filled in


def last_period(kb: KnowledgeBase | None, figures: list[Figure], unit: str | None, period: str | None,
                plan_kind: str = "工作计划", k: int = 2) -> LastPeriod:
    """Find the same unit's previous plan and last year's same-period figures; never overwrite given values."""
    year, span = year_and_label(period)
    if kb is None or not unit or year is None:
        return LastPeriod(figures=list(figures))
    # The plan for this period sits in last year's annual document, or in this year's half-year one.
    plan_years = {year - 1} | ({year} if span == "全年" else set())
    hits = [h for h in kb.search(PLAN_QUERY, k=k * 3, filters={"unit": unit, "section_kind": plan_kind}) if _year(h) in plan_years]
    hits = hits[:k]
    targets: dict[str, Figure] = {}
    for hit in hits:
        for past in hit.metadata.get("figures") or ():
            targets.setdefault(past.name, past)
    priors: dict[str, Figure] = {}
    for info, past in kb.past_figures(unit=unit, year=year - 1):
        if (info.period or "全年") == (span or "全年") and info.doc_type != "计划":
            priors.setdefault(past.name, past)
    out, offered = [], []
    for figure in figures:
        target = _fill(figure.target, targets.get(figure.name), figure.unit)
        if target is not None:
            offered.append(f"{figure.name}：按上期计划取目标值{target}{figure.unit}")
        prior = _fill(figure.prior, priors.get(figure.name), figure.unit)
        if prior is not None:
            offered.append(f"{figure.name}：按上年同期材料取上年同期值{prior}{figure.unit}")
        if target is not None or prior is not None:
            figure = dataclasses.replace(figure, target=figure.target if target is None else target,
                                         prior=figure.prior if prior is None else prior)
        out.append(figure)
    return LastPeriod(passages=hits, figures=out, offered=offered)


def _fill(given: Decimal | None, past: Figure | None, unit: str) -> Decimal | None:
    """The past value to fill in: only where none is given and the past figure is stated in the same unit."""
    return past.value if given is None and past is not None and past.unit == unit else None


def _year(hit: Hit) -> int | None:
    value = hit.metadata.get("year")
    return int(value) if value not in (None, "") else None
