"""Named things in a text (quoted phrases, places, enterprises, projects) and the ones its inputs never mention.

The drafting drops a sentence holding a name its inputs lack; the check flags one that remains in a draft
made here (a writer's edit, a section drafted before the notes changed), so a ✅ never stands over an
invented place, project or slogan.

A small model copies whatever concrete text it has seen: a place from another zone's report ("珠三角"
where the notes say 长三角), a slogan, an enterprise. What counts as a name here is deliberately broad
(jieba's proper-noun tags, quotes, book titles, enterprise suffixes, regional words): a drafted sentence
holding a name its inputs lack is not kept, so a false alarm only costs a model rewording.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from assistant.figures import FigureSet
from assistant.guardrails.report import Mention

_QUOTED = re.compile(r"“([^“”\n]{1,40})”|\"([^\"\n]{1,40})\"|《([^《》\n]{1,60})》|「([^「」\n]{1,40})」")
# Regions a report names that jieba does not always tag.
_REGIONS = re.compile(r"长三角|珠三角|京津冀|粤港澳|大湾区|成渝|长江经济带|黄河流域|一带一路|自贸区|自贸试验区|东盟|欧盟|中亚")
_ENTERPRISE = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,6}?(?:集团|有限公司|股份公司|公司)")
# not part of a name: 二是美的集团
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+是|引进|引入|新引进|签约|落户|对接|走访|服务|推动|支持|培育|[和与及的在由对把将是为同向从其中、，])+")
_PROPER_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "nrfg"})
# Words jieba tags as proper nouns that are the common vocabulary of a report, not names of anything.
_COMMON = frozenset(
    [
        "力争", "同比", "深化", "光伏", "党建", "环保", "新区", "新城", "开区", "宜居", "智慧", "惠民", "人均", "省委", "市委", "区委", "县委",
        "中国", "全国", "国家", "全省", "全市", "全区", "通信", "通电", "通讯", "重大进展", "新兴产业", "公共财政", "改革开放", "深化改革", "开放型",
        "中国式", "新开工", "美丽", "青春", "共同富裕", "党代会", "三中全会", "二十大", "习近平", "高新区", "开发区", "经开区", "园区", "工业园",
        "产业园", "管委会", "党工委", "重特大", "中争", "锂电", "新能源", "数字化", "智能化", "高质量", "现代化", "一体化", "市场化", "法治化",
        "国际化", "营商环境", "专精特新", "小巨人", "双招双引", "中保", "新质", "新进展", "重要进展", "明显进展", "积极进展", "新成效", "新突破",
        "新动能", "新格局", "新征程", "新篇章", "新业态", "新模式", "主阵地", "主战场", "主引擎",
    ]
)


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


def named_things(text: str) -> list[str]:
    """The named things a text holds, each once, in order: quoted phrases, regions, enterprises, proper nouns."""
    found: list[str] = []
    for match in _QUOTED.finditer(text):
        found.append(next(g for g in match.groups() if g))
    found.extend(m.group() for m in _REGIONS.finditer(text))
    found.extend(_LEAD.sub("", m.group()) for m in _ENTERPRISE.finditer(text))
    plain = _QUOTED.sub("，", text)
    for token in _tagger().cut(plain):
        word = token.word.strip()
        if token.flag in _PROPER_TAGS and len(word) >= 2 and word not in _COMMON:
            found.append(word)
    return list(dict.fromkeys(found))


def unknown_names(text: str, source: str) -> list[str]:
    """Named things of `text` that `source` (the writer's inputs as one text) does not contain."""
    flat = _flat(source)
    return [name for name in named_things(text) if _flat(name) not in flat]


def missing_names(text: str, note: str) -> list[str]:
    """Named things of `note` that `text` lost (a rewording must keep every one, quotes included)."""
    flat = _flat(text)
    return [name for name in named_things(note) if _flat(name) not in flat]


def _flat(text: str) -> str:
    """Compare names without spacing or quote style: “三个年” and "三个年" are one name."""
    return re.sub(r"[\s“”\"「」《》]", "", text).lower()


def inputs_text(inputs: FigureSet, unit: str | None, period: str | None) -> str:
    """Everything the writer gave, as one text: where every name in a draft must come from."""
    figures = [f"{f.name}{f.period or ''}" for f in inputs.figures]
    return "\n".join([*inputs.notes, *figures, unit or "", period or ""])


def invented(text: str, source: str) -> list[Mention]:
    """A flag on the first place the text writes each named thing that `source` (the writer's inputs) lacks."""
    out = []
    for name in unknown_names(text, source):
        at = text.find(name)
        if at >= 0:
            reason = f"输入（笔记、报送材料、数据表）中没有“{name}”：请核实这一名称（地名、企业、项目、口号）确属本单位，或删去。"
            out.append(Mention(at, at + len(name), name, None, None, "unsupported", None, reason))
    return out
