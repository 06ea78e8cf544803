"""The statistics change: a draft checked (or drafted) against a table, held against the revised table.

Offices revise their figures between the 快报 and the 正式数, after a draft was written. Every number the draft
took from an input that changed is listed old → new with its place; a number stated directly gets its
replacement text (in the unit and scale the draft wrote it in), a number computed from changed inputs (a 完成率,
a share) is named for recomputing, and a rate whose direction flipped is named for rewording (增长 → 下降).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.figures import FigureSet
from assistant.guardrails.checker import check_numbers
from assistant.numbers import fmt, scale_of

_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


@dataclass(frozen=True)
class Change:
    """One number of the draft whose input was revised."""

    start: int
    end: int
    text: str  # as the draft writes it
    name: str  # the input it came from (规上工业总产值同比)
    old: str  # the input's value before, as the table gave it
    new: str | None  # after; None where the revised table no longer gives it
    replacement: str | None  # the span's new text, or None where the writer must recompute or reword
    reason: str
    paragraph: int

    def line(self) -> str:
        """The change as the writer reads it."""
        return f"第{self.paragraph}段“{self.text}”（{self.name}）：{self.reason}"


def _fields(figures: FigureSet) -> dict[tuple[str, str | None, str], tuple[Decimal, str]]:
    """Every input number: (indicator, period, aspect) -> (value, unit)."""
    out: dict[tuple[str, str | None, str], tuple[Decimal, str]] = {}
    for f in figures.figures:
        named = [("", f.value, f.unit), ("同比", f.yoy, "%"), ("上年同期", f.prior, f.unit), ("目标", f.target, f.unit)]
        named += [(a.label or a.kind, a.value, a.unit) for a in f.aspects]
        for aspect, value, unit in named:
            if value is not None:
                out[(f.name, f.period, aspect)] = (value, unit)
    return out


def revisions(text: str, old: FigureSet, new: FigureSet) -> list[Change]:
    """The draft's numbers whose inputs differ between `old` and `new` (the notes are compared as the check reads them)."""
    before, after = _fields(old), _fields(new)
    changed = {key: (value, unit) for key, (value, unit) in before.items() if after.get(key, (None, ""))[0] != value}
    out: list[Change] = []
    for m in check_numbers(text, old).mentions:
        paragraph = text.count("\n", 0, m.start) + 1
        if m.status == "supported" and m.figure and m.value is not None:
            for (name, _, aspect), (value, unit) in changed.items():
                if name != m.figure or not _same(m.value, m.unit or "", value, unit):
                    continue
                label = f"{name}{aspect}"
                revised = after.get((name, _period_of(before, name, aspect, value), aspect))
                out.append(_change(m, label, value, unit, revised, paragraph))
                break
        elif m.status == "derived" and any(name in " ".join(m.basis) for (name, _, _) in changed):
            out.append(_recomputed(m, new, paragraph))
    return out


_STATED = re.compile(r"-?[\d.,]+[^\d]*$")  # the value and unit at the end of a basis string (规上工业总产值128.5亿元)


def _recomputed(m, new: FigureSet, paragraph: int) -> Change:
    """A derived number (完成率, 占比, 增速) computed again from the revised inputs, at the precision the draft wrote it."""
    from assistant.guardrails.checker import prepare

    label = f"{m.figure or ''}{m.operation or '推算值'}"
    names = {_STATED.sub("", b) for b in m.basis}
    prepared = prepare(new)
    found = [
        c for g in prepared.index.groups for c in prepared.derived[g.key]
        if c.figure == m.figure and c.operation == m.operation and {_STATED.sub("", b) for b in c.basis} == names
    ]
    number = _NUMBER.search(m.text)
    if len(found) != 1 or number is None or m.unit != found[0].unit:
        return Change(m.start, m.end, m.text, label, "", None, None, f"推算所用的数据（{'、'.join(m.basis)}）已修订，请按新数据重新计算。", paragraph)
    places = Decimal(1).scaleb(-len(number.group().partition(".")[2]))
    value = abs(found[0].value).quantize(places, rounding=ROUND_HALF_UP)
    replacement = _with_number(m.text, value)
    reason = f"按修订后的数据重新计算（{'、'.join(found[0].basis)}）：{m.text} → {replacement}"
    return Change(m.start, m.end, m.text, label, m.text, replacement, replacement, reason, paragraph)


def _period_of(fields, name: str, aspect: str, value: Decimal) -> str | None:
    return next(key[1] for key, (v, _) in fields.items() if key[0] == name and key[2] == aspect and v == value)


def _same(written: Decimal, written_unit: str, value: Decimal, unit: str) -> bool:
    if written_unit in ("%", "个百分点", "位") or unit in ("%", "个百分点", "位"):
        return abs(written) == abs(value)
    return written * scale_of(written_unit) == value * scale_of(unit)


def _change(m, label: str, value: Decimal, unit: str, revised: tuple[Decimal, str] | None, paragraph: int) -> Change:
    was = f"{fmt(value)}{unit}"
    if revised is None:
        return Change(m.start, m.end, m.text, label, was, None, None, f"修订后的数据表不再给出这个数（原为{was}），请核实后改写或删去。", paragraph)
    new_value, new_unit = revised
    now = f"{fmt(new_value)}{new_unit}"
    if unit in ("%", "个百分点") and (value < 0) != (new_value < 0) and new_value != 0:
        turned = f"{_direction(value)}{fmt(abs(value))}{unit} → {_direction(new_value)}{fmt(abs(new_value))}{new_unit}"
        return Change(m.start, m.end, m.text, label, was, now, None, f"{turned}：增减方向变了，请改写这一句。", paragraph)
    written_unit = m.unit or ""
    scaled = abs(new_value) if unit in ("%", "个百分点", "位") else new_value * scale_of(new_unit) / scale_of(written_unit or new_unit)
    replacement = _with_number(m.text, scaled.normalize() if scaled == scaled.to_integral() else scaled)
    reason = f"{was} → {now}" + ("" if replacement else "：请按新数据改写。")
    return Change(m.start, m.end, m.text, label, was, now, replacement, reason, paragraph)


def _with_number(written: str, value: Decimal) -> str | None:
    """The span as written with its number replaced by `value` (its unit and words kept), or None without a digit number."""
    number = _NUMBER.search(written)
    return None if number is None else written[: number.start()] + fmt(value) + written[number.end() :]


def _direction(value: Decimal) -> str:
    return "增长" if value > 0 else "下降"


def rewrite(text: str, changes: list[Change]) -> str:
    """The draft with every replaceable number replaced by its revised value (the others are left for the writer)."""
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        if change.replacement is not None:
            text = text[: change.start] + change.replacement + text[change.end :]
    return text
