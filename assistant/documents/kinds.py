"""Section kinds (总述, 主要经济指标, 重点工作·<theme>, 存在问题, 工作计划, 意见建议) by keyword rules."""

from __future__ import annotations

import re

from assistant.documents.model import Section
from assistant.documents.structure import is_title_line

# A level-1 heading decides the family (checked in this order):
#   意见建议   意见|建议
#   存在问题   问题|困难|不足|短板|瓶颈|差距
#   主要经济指标 指标|经济运行|运行情况|主要经济
#   重点工作   完成情况|开展情况|工作总结|做法|成效|回顾|工作情况|主要工作|重点工作任务|取得
#   工作计划   计划|打算|安排|思路|谋划|规划|要点|重点|下半年|下一步|明年|目标|展望|保障措施
#   other level-1 headings: 其他; article titles and the text before the first heading: 总述.
# Inside 重点工作 a section gets a theme, 重点工作·<theme>, from THEMES: a keyword in its own heading wins,
# then its parent's theme, then the theme whose keywords its text repeats most (at least twice).
# A (sub)section whose heading speaks of economic growth/indicators is 主要经济指标.
# A 总述 passage dense with figures (亿元/万元/同比/%) is 主要经济指标.

OVERVIEW = "总述"
INDICATORS = "主要经济指标"
KEY_WORK = "重点工作"
PROBLEMS = "存在问题"
PLAN = "工作计划"
SUGGESTIONS = "意见建议"
OTHER = "其他"

THEMES: dict[str, str] = {
    "招商引资": r"招商|引资|签约|招大引强|双招双引|招引|招优引强|引进.{0,6}项目",
    "项目建设": r"项目建设|项目推进|抓项目|项目攻坚|开工|竣工|投产|重点项目|在建项目|落项目",
    "为企服务": r"为企服务|营商环境|惠企|帮扶企业|助企|纾困|服务企业|企业服务|政务服务|扶优扶强|帮办|代办|走访企业|企业诉求|审批服务|奖补",
    "存量盘活": r"存量|盘活|低效|闲置|僵尸企业|腾笼换鸟|亩均|标准地|集约|土地管理|征迁|收储",
    "平台与基础设施": r"平台|基础设施|根底设施|功能提升|功能品质|道路|管网|厂房|配套设施|污水处理|城市.{0,4}建设",
    "科技创新": r"科技创新|创新驱动|研发|高新技术|专精特新|人才|科创|技术改造|数字化",
    "安全生产": r"安全生产|安全隐患|隐患排查|排查隐患|消防|应急|安全环保|安环|安全培训",
    "生态环保": r"生态|环保|环境保护|污染|治污|大气|扬尘|绿色发展|环境整治",
    "党建": r"党建|党风|廉政|党的建设|从严治党|作风|主题教育|党支部|党组织|党工委|队伍建设",
    "民生": r"民生|稳定|信访|就业|社会事业|扫黑|文明城市|乡村振兴|脱贫|扶贫|和谐|社会治理",
}
_THEME_RE = {name: re.compile(pattern) for name, pattern in THEMES.items()}
SECTION_KINDS: tuple[str, ...] = (
    OVERVIEW,
    INDICATORS,
    *(f"{KEY_WORK}·{name}" for name in THEMES),
    KEY_WORK,
    PROBLEMS,
    PLAN,
    SUGGESTIONS,
    OTHER,
)

_FAMILY = (
    (SUGGESTIONS, re.compile(r"意见|建议")),
    (PROBLEMS, re.compile(r"问题|困难|不足|短板|瓶颈|差距")),
    (INDICATORS, re.compile(r"指标|经济运行|运行情况|主要经济")),
    (KEY_WORK, re.compile(r"完成情况|开展情况|工作总结|做法|成效|回顾|工作情况|主要工作|重点工作任务|取得")),
    (PLAN, re.compile(r"计划|打算|安排|思路|谋划|规划|要点|重点|下半年|下一步|明年|目标|展望|保障措施")),
)
_GROWTH_HEADING = re.compile(r"经济.{0,4}增长|经济运行|主要指标|主要经济指标|指标完成")
_FIGURE_WORD = re.compile(r"亿元|万元|万美元|同比|%|增长")


def family_of(heading: str) -> str:
    """The kind a level-1 heading names."""
    for kind, pattern in _FAMILY:
        if pattern.search(heading):
            return kind
    return OTHER


def theme_of(heading: str, text: str, inherited: str | None) -> str | None:
    """The 重点工作 theme of a section: its heading's keywords, else the parent's theme, else its text's."""
    for name, pattern in _THEME_RE.items():
        if pattern.search(heading):
            return name
    if inherited:
        return inherited
    counts = {name: len(pattern.findall(text)) for name, pattern in _THEME_RE.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= 2 else None


def assign_kinds(roots: list[Section]) -> None:
    """Set `kind` on every section of a document's tree."""
    for root in roots:
        family = OVERVIEW if root.level == 0 or (root.level == 1 and _is_article(root)) else family_of(root.heading)
        _assign(root, family, None, top=True)


def _is_article(section: Section) -> bool:
    return is_title_line(section.heading)


def _assign(section: Section, family: str, inherited: str | None, top: bool) -> None:
    theme = None
    if family == KEY_WORK:
        if not top and _GROWTH_HEADING.search(section.heading):
            section.kind = INDICATORS
        else:
            theme = theme_of(section.heading if not top else "", section.text, inherited)
            section.kind = f"{KEY_WORK}·{theme}" if theme else KEY_WORK
    else:
        section.kind = family
    for child in section.children:
        _assign(child, family, theme, top=False)


def passage_kind(kind: str, text: str) -> str:
    """Refine a passage's kind: an overview passage dense with figures reports the main indicators."""
    if kind == OVERVIEW and len(_FIGURE_WORD.findall(text)) >= 4:
        return INDICATORS
    return kind
