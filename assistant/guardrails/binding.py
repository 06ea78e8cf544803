"""Which input a number's sentence talks about: subject words around the number against figure names and note contexts."""

from __future__ import annotations

from functools import lru_cache

from assistant.guardrails.facts import Group, Index
from assistant.numbers import compatible

STRONG = 0.5  # a clause whose own words score below this inherits the subject of the clause before
BAND = 0.001  # groups within this of the best score are bound together (genuine ties only)


def overlap_score(context: frozenset[str], subject: frozenset[str]) -> tuple[float, int]:
    """Shared word pairs over the smaller set; a single shared pair counts against the larger set.

    The smaller-set ratio lets a short name ("工业投资") bind fully inside a long clause; requiring two
    shared pairs before using it stops one common pair ("项目") from binding anything.
    """
    if not context or not subject:
        return 0.0, 0
    shared = len(context & subject)
    if shared == 0:
        return 0.0, 0
    if shared >= 2:
        return shared / min(len(context), len(subject)), shared
    return shared / max(len(context), len(subject)), shared


def group_score(context: frozenset[str], group: Group) -> tuple[float, int]:
    """Score of one group; a note number's own words count fully, its clause's earlier words at 0.9."""
    own = overlap_score(context, group.subject)
    shortened = any(word and word in context and not _modified(word, context, group.subject) for word in (group.head, group.tail))
    if own[1] == 1 and (len(group.subject) == 1 or shortened):
        # a name of two characters stated in full ("石化"), or shortened to its head or tail word ("税收" for 税收收入,
        # "利税" for 规模以上工业利税) that no other word qualifies ("引进外资企业" is not 新增规上工业企业), binds weakly
        own = (max(own[0], STRONG), 1)
    if group.inherited:
        wide = overlap_score(context, group.subject | group.inherited)
        if wide[0] * 0.9 > own[0]:
            return wide[0] * 0.9, wide[1]
    return own


def _modified(word: str, context: frozenset[str], subject: frozenset[str]) -> bool:
    """The clause writes another word straight before `word` (外资 in 外资企业): a pair ending in its first character."""
    return any(pair[1] == word[0] and pair != word and pair not in subject for pair in context)


def bind(context: frozenset[str], index: Index, unit: str | None) -> tuple[list[Group], float]:
    """The best-scoring groups that can state a number in `unit` (ties kept) and their score."""
    scored: list[tuple[float, int, Group]] = []
    if not context:
        return [], 0.0
    for group in _stating(index, unit):
        if not (context & group.wide):
            continue
        score, shared = group_score(context, group)
        if score > 0:
            scored.append((score, shared, group))
    if not scored:
        return [], 0.0
    if any(shared >= 2 for _, shared, _ in scored):
        # a head or tail word alone ("项目") gives way to a name the clause shares two or more words with (民间投资)
        scored = [item for item in scored if item[1] >= 2 or overlap_score(context, item[2].subject)[0] >= STRONG]
    # Among names the clause states strongly, the one sharing the most words is the most specific
    # (“生物医药产业工业总产值” over “工业总产值” when the clause names the industry).
    strong = [item for item in scored if item[0] >= STRONG]
    if strong:
        def rank(item: tuple[float, int, Group]) -> tuple[float, float]:
            score, _, group = item
            own = len(context & group.subject)
            inherited = len((context & group.inherited) - group.subject)
            # words of its own name stated, less half those not stated; a note's earlier words count a little less
            missing = 0 if group.is_note else (len(group.subject) - own) / 2  # a note's clause is not a name
            return (own + 0.9 * inherited - missing, score)

        top = max(rank(item) for item in strong)
        return [item[2] for item in strong if rank(item)[0] == top[0] and item[0] >= top[1] - BAND], top[1]
    best, best_shared = max((s, n) for s, n, _ in scored)
    return [g for s, n, g in scored if s >= best - BAND and n == best_shared], best


def undistinguished(context: frozenset[str], index: Index, unit: str | None, score: float) -> bool:
    """Two or more inputs score as the clause's best and it states only the words they share ("增幅比上年同期高"
    with rows 饮料类增幅比上年同期提高, 日用品类增幅比上年同期提高): the clause names none of them in particular."""
    tied = [g for g in _stating(index, unit) if context & g.wide and group_score(context, g)[0] >= score - BAND]
    return len(tied) >= 2 and len({context & g.subject for g in tied}) == 1


def _stating(index: Index, unit: str | None) -> list[Group]:
    """Groups that can state a number in `unit`, memoised on the index."""
    cache = index.stating
    if unit not in cache:
        cache[unit] = [g for g in index.groups if can_state(g, unit)]
    return cache[unit]


def bind_all(context: frozenset[str], index: Index, unit: str | None) -> list[Group]:
    """Every group the clause names strongly (for 分别 lists); where two or more are named in full, only those
    ("工业建安和服务业建安分别…" lists those two, not 建安投资, whose head word it also states)."""
    scored = [(g, group_score(context, g)) for g in index.groups if can_state(g, unit)]
    named = [(g, shared) for g, (score, shared) in scored if score >= STRONG]
    full = [g for g, _ in named if g.subject and g.subject <= context]
    if len(full) >= 2:
        return full
    if full:  # one named in full: the others must share more than a head or tail word ("新签约项目和新开工项目", not 竣工投产项目)
        return [g for g, shared in named if shared >= 2 or g in full]
    return [g for g, _ in named]


def can_state(group: Group, unit: str | None) -> bool:
    """A group offers facts (or derived values) in the mention's unit."""
    if not unit:
        return True
    if group.figure is not None and unit in ("%", "个百分点", "倍"):
        return True
    return _states(group.units, unit)


@lru_cache(maxsize=8192)
def _states(units: tuple[str, ...], unit: str) -> bool:
    return any(compatible(unit, u) for u in units)
