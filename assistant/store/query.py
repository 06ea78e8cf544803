"""What a writer's question becomes before it is matched: the words that frame it are taken out.

"其他园区在盘活闲置土地方面有哪些做法？" is about 盘活闲置土地; "其他园区", "有哪些做法" and "怎么写" occur in no report,
so as keywords they reward whatever passage happens to hold 其他 or 做法, and they pull the question's vector
towards other questions. On the real practice set, stripping them before both the keyword match and the
embedding raised dense recall@5 from 0.61 to 0.68 and keyword recall@5 by about 0.01 (bench/retrieval_real.py).
"""

from __future__ import annotations

import re

# The one home of the question-frame vocabulary. Only words that ask, point at others or name the writing
# belong here; a word that can be the subject of a report (招商, 安全, 服务) never does.
FRAME_PHRASES = (
    # whose practice
    "其他园区", "其它园区", "其他开发区", "其它开发区", "别的园区", "兄弟园区", "其他地方", "别的地方", "外地", "别人", "其他", "其它",
    # how / which / whether
    "有哪些", "有什么", "哪些", "什么", "怎么样", "怎么做", "怎样做", "如何做", "怎么", "怎样", "如何", "是否", "有没有", "吗", "呢",
    # what is asked for
    "做法", "经验", "举措", "措施", "办法", "可以借鉴", "借鉴", "参考",
    # how to write it
    "怎么写", "如何写", "怎样写", "写进总结", "写进",
    # fillers
    "方面", "一般", "具体", "比如", "例如", "这些", "这部分", "可以", "请问",
)
_FRAME = re.compile("|".join(re.escape(p) for p in sorted(FRAME_PHRASES, key=len, reverse=True)))
_GAPS = re.compile(r"[\s？?，,。、；;！!：:]+")


def strip_frame(question: str) -> str:
    """The question without its frame words; the question itself when nothing else is left."""
    core = _GAPS.sub(" ", _FRAME.sub(" ", question)).strip()
    return core or question.strip()
