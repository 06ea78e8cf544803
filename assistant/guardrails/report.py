"""What the checker returns: one Mention per number found, and the Report holding them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

STATUSES = ("supported", "derived", "unsupported", "not_a_figure", "placeholder", "miswritten", "advice")
# Must be fixed before the report goes out: the ✅ stays red while one remains.
FLAGGED = frozenset({"unsupported", "placeholder", "miswritten"})
# Shown and commented like a flag, but a matter of style: never turns the ✅ red.
ADVISORY = frozenset({"advice"})
STATUS_ZH = {
    "supported": "有依据", "derived": "推算得出", "unsupported": "无依据", "placeholder": "待填占位", "not_a_figure": "非数据",
    "miswritten": "写法有误", "advice": "写法建议",
}


@dataclass(frozen=True)
class Mention:
    """A number in the checked text, its verdict and the reason a writer can read."""

    start: int
    end: int
    text: str
    value: Decimal | None
    unit: str | None
    status: str
    figure: str | None = None  # name of the matched input figure
    reason: str = ""
    basis: tuple[str, ...] = ()  # the inputs used, as written (“规上工业总产值128.5亿元”)
    operation: str | None = None  # how a derived number follows: 增速 / 完成率 / 占比 / 差值 / 百分点差 / 合计

    @property
    def flagged(self) -> bool:
        """Unsupported, a leftover placeholder or a number written wrong."""
        return self.status in FLAGGED

    @property
    def remarked(self) -> bool:
        """Flagged or advised: the places that get a mark and a comment."""
        return self.status in FLAGGED or self.status in ADVISORY


@dataclass
class Report:
    """Every number found in a text with its verdict."""

    text: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def flagged(self) -> list[Mention]:
        """Mentions a writer must fix: unsupported figures, placeholders and numbers written wrong."""
        return [m for m in self.mentions if m.status in FLAGGED]

    @property
    def advice(self) -> list[Mention]:
        """Places where the writing could be better (a thousands separator used unevenly): shown, never failing."""
        return [m for m in self.mentions if m.status in ADVISORY]

    @property
    def remarks(self) -> list[Mention]:
        """Everything a writer is shown a comment on: the flagged places and the advice, in text order."""
        return [m for m in self.mentions if m.remarked]

    @property
    def ok(self) -> bool:
        """True iff nothing is flagged (advice does not count)."""
        return not any(m.status in FLAGGED for m in self.mentions)

    def to_dict(self) -> dict:
        """JSON-ready form; values as strings so no digit is lost."""
        return {
            "ok": self.ok,
            "mentions": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "value": None if m.value is None else format(m.value, "f"),
                    "unit": m.unit,
                    "status": m.status,
                    "figure": m.figure,
                    "reason": m.reason,
                    "basis": list(m.basis),
                    "operation": m.operation,
                }
                for m in self.mentions
            ],
        }
