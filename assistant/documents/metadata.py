"""Document metadata read from the title (and the opening text): unit, year, period, type."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.periods import parse_period, period_label

_CN_YEAR_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_YEAR = re.compile(r"(20\d{2}|[二][〇零][一二三四五六七八九〇零]{2})\s*年")
_UNIT = re.compile(
    r"^((?:(?!工作|总结|计划|上半年|下半年|年度)[^\s，,。:：]){1,20}"
    r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|工业园区|产业园区|工业园|园区|新区|管委会|示范区)(?:[(（][^()（）\s]{1,8}[)）])?)"
)
_GENERIC_UNIT = re.compile(r"^(?:[县市区省]|经济|技术|高新|产业|工业|开发区|经开区|园区|工业园|新区|管委会|示范区|[xX*＊某])*$")
_TITLE_NOISE = re.compile(r"(?:范文|精选|\d+篇|（\d+篇）|\(\d+篇\)|最新|优选|通用)+$")
_SUMMARY = re.compile(r"总结|回顾|工作报告|汇报|完成情况")
_PLAN = re.compile(r"计划|安排|打算|思路|谋划|规划|要点")
_ECONOMY = re.compile(r"经济运行|运行情况|运行分析")
# A Markdown file's front matter (web clippers and note apps write one): `---`, `key: value` lines, `---`.
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>(?:[^\n]*\n){0,40}?)---[ \t]*(?:\r?\n|\Z)")
_FRONT_LINE = re.compile(r"^\s*(?P<key>[\w\u4e00-\u9fff-]{1,20})\s*[:：]\s*(?P<value>.*?)\s*$")
_FRONT_KEYS = {
    "title": "title", "标题": "title", "题目": "title",
    "unit": "unit", "单位": "unit", "发文单位": "unit",  # not "author": web clippers write the reporter there
    "year": "year", "年份": "year", "年度": "year",
    "period": "period", "期间": "period",
    "doc_type": "doc_type", "type": "doc_type", "类型": "doc_type", "文种": "doc_type",
}
# A news page's dateline under its title: "2020-05-14 16:33:00 来源:临川区人民政府", "时间:… 来源:…", "日期:12-02".
_DATELINE = re.compile(
    r"^(?:(?:时间|日期|发布时间|发表日期|发布日期)\s*[:：]\s*)?(?:\d{4}\s*[-年/.]\s*)?\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*[|｜]?\s*(?:来源|作者|浏览|字号|发布)[:：次]?.*)?$"
    r"|^来源\s*[:：].{1,60}$"
)
_SOURCE_ORG = re.compile(r"来源\s*[:：]\s*(?P<org>[^\s|｜:：]{2,30})")
# A 来源 that is an office (its own report), not a newspaper or a site reposting it.
_ORG_END = re.compile(r"(?:人民政府|管委会|管理委员会|开发区|园区|工业园|高新区|新区|[局委办厅处]|街道|中心|分局)$")
_MEDIA = re.compile(r"报|网|台|社|媒体|新闻|传媒|频道|杂志|公众号")


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself."""

    unit: str | None
    year: int | None
    period: str | None
    doc_type: str | None


def tidy_title(title: str) -> str:
    """A title without download-site decorations (范文, 3篇 …)."""
    return _TITLE_NOISE.sub("", title.strip()).strip()


def front_matter(raw: str) -> tuple[dict[str, str], str]:
    """The fields a Markdown front matter gives (title, unit, year, period, doc_type) and the text after it.

    A text without one (or whose `---` block is not `key: value` lines, such as a rule under a first line) is returned whole.
    """
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    fields: dict[str, str] = {}
    for line in match.group("body").splitlines():
        if not line.strip():
            continue
        entry = _FRONT_LINE.match(line)
        if entry is None:
            return {}, raw
        key = _FRONT_KEYS.get(entry.group("key").lower())
        value = entry.group("value").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":  # YAML quoting, not the title's own quotes
            value = value[1:-1].strip()
        if key and value:
            fields.setdefault(key, value)
    return fields, raw[match.end() :]


def is_dateline(line: str) -> bool:
    """A news page's date/source line under its title (not a sentence of the report)."""
    return len(line) <= 80 and bool(_DATELINE.match(line.strip()))


def read_metadata(title: str, text: str, given: dict[str, str] | None = None, dateline: str = "") -> Metadata:
    """Unit, year, period and type from the title, falling back to the opening text and the page's dateline.

    `given` (a front matter's fields) wins over what is read.
    """
    given = given or {}
    opening = text[:300]
    doc_type = given.get("doc_type") or _doc_type(title) or _doc_type(opening)
    year = _given_year(given.get("year")) or _year(title) or _year(opening)
    unit = given.get("unit") or _unit(title) or _source_unit(dateline)
    return Metadata(unit, year, given.get("period") or _period(title, doc_type), doc_type)


def _given_year(value: str | None) -> int | None:
    match = re.search(r"(?:19|20)\d{2}", value or "")
    return int(match.group(0)) if match else None


def _source_unit(dateline: str) -> str | None:
    """The office a dateline names as its 来源 (来源：临川区人民政府), when it is an office and not a newspaper."""
    match = _SOURCE_ORG.search(dateline)
    if match and _ORG_END.search(match.group("org")) and not _MEDIA.search(match.group("org")):
        return match.group("org")
    return None


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    if not match:
        return None
    digits = "".join(_CN_YEAR_DIGITS.get(c, c) for c in match.group(1))
    return int(digits)


def _unit(title: str) -> str | None:
    stripped = re.sub(r"(?:20\d{2}|[xX]{4})\s*年度?", "", title)
    match = _UNIT.match(stripped)
    if not match:
        return None
    unit = match.group(1)
    return None if _GENERIC_UNIT.match(unit) else unit


def _period(title: str, doc_type: str | None) -> str | None:
    """The span a title names, as the one label drafting filters on (上半年, 前三季度, 1-5月, 全年)."""
    label = period_label(parse_period(re.sub(r"半年度", "上半年", title)))
    if label and label != "全年":
        return label
    if re.search(r"年度|全年|(?:20\d{2}|[xX]{4})\s*年", title) and doc_type:
        return "全年"
    return None


def _doc_type(text: str) -> str | None:
    if _ECONOMY.search(text):
        return "经济运行"
    summary, plan = bool(_SUMMARY.search(text)), bool(_PLAN.search(text))
    if summary and plan:
        return "总结及计划"
    if summary:
        return "总结"
    if plan:
        return "计划"
    return None
