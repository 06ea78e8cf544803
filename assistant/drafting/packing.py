"""Pack past passages into a token budget by relevance, never cutting a sentence in half."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from assistant.sentences import sentences
from assistant.tokens import count_tokens

T = TypeVar("T")



@dataclass(frozen=True)
class Packed(Generic[T]):
    """One passage that made it into the prompt, possibly shortened to whole sentences."""

    item: T
    text: str
    tokens: int


def pack(
    items: Sequence[T],
    budget: int,
    *,
    text_of: Callable[[T], str],
    score_of: Callable[[T], float] | None = None,
    overhead: Callable[[T], int] | None = None,
    min_tokens: int = 40,
) -> list[Packed[T]]:
    """Most relevant first: whole passages while they fit, then the leading whole sentences of one that does not."""
    ranked = sorted(items, key=score_of, reverse=True) if score_of else list(items)
    packed: list[Packed[T]] = []
    left = budget
    for item in ranked:
        cost_extra = overhead(item) if overhead else 0
        text = text_of(item).strip()
        room = left - cost_extra
        if room <= 0 or not text:
            continue
        tokens = count_tokens(text)
        if tokens > room:
            text, tokens = _head(text, room)
            if tokens < min_tokens:
                continue
        packed.append(Packed(item, text, tokens))
        left -= tokens + cost_extra
    return packed


def _head(text: str, room: int) -> tuple[str, int]:
    """The longest run of whole leading sentences within `room` tokens."""
    kept, used = "", 0
    for piece in sentences(text):
        cost = count_tokens(kept + piece) - used
        if used + cost > room:
            break
        kept += piece
        used = count_tokens(kept)
    return kept.strip(), count_tokens(kept.strip()) if kept.strip() else 0


def excerpt(text: str, room: int, score: Callable[[str], float]) -> str:
    """The sentences of `text` that score highest, in their own order, within `room` tokens (at least the best one whole).

    A passage gives an answer its few sentences on the question, so five documents fit where two whole passages did.
    """
    pieces = [p for p in sentences(text) if p.strip()]
    if count_tokens(text) <= room or len(pieces) <= 1:
        return text.strip()
    ranked = sorted(range(len(pieces)), key=lambda i: (-score(pieces[i]), i))
    chosen: list[int] = []
    used = 0
    for i in ranked:
        cost = count_tokens(pieces[i])
        if chosen and used + cost > room:
            continue
        chosen.append(i)
        used += cost
    return "".join(pieces[i] for i in sorted(chosen)).strip()


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def select_notes(notes: Sequence[str], query: str, budget: int) -> list[str]:
    """The notes sharing most wording with the query, whole, in their original order, within `budget` tokens."""
    wanted = _bigrams(query)
    ranked = sorted(range(len(notes)), key=lambda i: len(_bigrams(notes[i]) & wanted), reverse=True)
    chosen: list[int] = []
    left = budget
    for i in ranked:
        cost = count_tokens(notes[i]) + 2
        if cost <= left:
            chosen.append(i)
            left -= cost
    return [notes[i] for i in sorted(chosen)]
