"""When a written number agrees with an exact input: the rounding and approximation rules."""

from __future__ import annotations

from decimal import Decimal

from assistant.numbers import last_place, significant_digits

_TENTH = Decimal("0.1")
_HALF = Decimal("0.5")


def span(written: Decimal, quantum: Decimal, approx: str | None) -> tuple[Decimal, Decimal]:
    """The interval of true values a wording allows, for a non-negative magnitude.

    - Plain number: the input must round to it half-up (四舍五入) at the written precision, so it lies
      in [written - half a unit of the last digit, written + half a unit) ("4.47" -> "4.5" yes, "4.4"
      no; 38.5 -> "39" yes, "38" no). The upper end is open; `agrees` applies that.
    - 约 / 左右 / 上下 (about): within half the place of the last non-zero digit, but never more than
      10% of the number ("约130亿" allows 125-135; "约100亿" allows 90-110).
    - 近 / 接近 / 将近 (below): not above the number and short of it by at most one place of its last
      non-zero digit, capped at 10% ("近130亿" allows 120-130, so 128.5 passes).
    - 不到 / 不足: as 近 but strictly below.
    - 超 / 逾 / 突破 / 余 / 多 / 以上 (above): at least the number and below the next step of its last
      non-zero digit ("超130亿" allows 130-140, so 128.5 fails; "3250余人" allows 3250-3259).
    - 以下 / 以内 (at most): not above the number, same reach as 近.
    """
    half = quantum * _HALF
    if approx is None:
        return written - half, written + half
    # The step the wording implies: for a whole number its last non-zero digit ("130" -> 10), for a
    # number written with decimals the last written digit ("3.0" -> 0.1: the writer chose that precision).
    place = max(last_place(written), quantum) if quantum >= 1 else quantum
    reach = min(place, abs(written) * _TENTH) if written else place
    reach = max(reach, half)
    if approx == "about":
        reach = max(min(place * _HALF, abs(written) * _TENTH), half)
        return written - reach, written + reach
    if approx in ("below", "at_most"):
        return written - reach, written
    if approx == "below_strict":
        return written - reach, written - quantum / 1000
    if approx == "above":
        return written, written + place - quantum / 1000
    return written - half, written + half


def agrees(written: Decimal, quantum: Decimal, approx: str | None, actual: Decimal, actual_span: tuple[Decimal, Decimal] | None = None) -> bool:
    """A written magnitude agrees with an exact input (or an input interval, for notes written with 余/约)."""
    lo, hi = span(written, quantum, approx)
    a_lo, a_hi = actual_span if actual_span else (actual, actual)
    if not (lo <= a_lo and a_hi <= hi):
        return False
    if approx is None and actual_span is None and actual == hi:
        return False  # half-up: 38.5 rounds to 39, never to 38
    if approx is None and actual_span is None and actual != written and quantum >= 1:
        # A whole number rounded from an input must keep at least two significant digits (or as many
        # as the input has): "3亿元" for 3.12亿元 needs 约; "4.5%" for 4.47% and "0.9%" are fine,
        # the writer chose the decimal places.
        return significant_digits(written) >= min(2, significant_digits(actual))
    return True
