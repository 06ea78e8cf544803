"""Render slots while the model streams: emit clause by clause, never a half-written slot."""

from __future__ import annotations

from assistant.drafting.slots import SlotBook

# Slot wording depends only on the words around it inside one clause, so clause ends are safe cut points.
_BOUNDARIES = "，。；！？\n、："


class StreamRenderer:
    """Feed raw deltas, get rendered text for every finished clause."""

    def __init__(self, book: SlotBook) -> None:
        self.book = book
        self.raw = ""
        self.done = 0  # raw characters already rendered and emitted

    def feed(self, delta: str) -> str:
        """Rendered text of the clauses this delta finished."""
        self.raw += delta
        cut = self._cut()
        if cut <= self.done:
            return ""
        piece, self.done = self.raw[self.done : cut], cut
        return self.book.render(piece).text

    def finish(self) -> str:
        """Whatever remains once the model stops."""
        piece, self.done = self.raw[self.done :], len(self.raw)
        return self.book.render(piece).text if piece else ""

    def _cut(self) -> int:
        open_slot = self.raw.rfind("【")
        limit = open_slot if open_slot > self.raw.rfind("】") else len(self.raw)
        for i in range(limit - 1, self.done - 1, -1):
            if self.raw[i] in _BOUNDARIES:
                return i + 1
        return self.done
