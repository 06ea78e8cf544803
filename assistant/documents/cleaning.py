"""Strip the noise downloaded material carries (site headers, ads, watermarks, page fragments) and keep the report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.textnorm import normalize_text

# Title captured from a site header: 《XX.docx》由会员分享,可在线阅读…
_SITE_HEADER = re.compile(r"^\s*《(?P<title>[^《》\n]{2,120}?)\.(?:docx?|pdf|txt|wps|pptx?)》由会员分享[^\n]*$", re.M)
# 下面是小编为大家整理的XX,供大家参考。 / 以下是小编整理的XX，欢迎阅读。
_EDITOR_INTRO = re.compile(
    r"^\s*(?:下面|以下)是(?:小编|本站|我)?(?:为大家|为你|给大家)?(?:精心)?(?:整理|收集|搜集|推荐)的(?P<title>[^\n]{2,120}?)[,，]\s*"
    r"(?:供大家参考|欢迎(?:大家)?(?:阅读|参考|借鉴|分享)|希望[^\n]{0,30})[^\n]{0,40}?(?:[。.!！]|$)",
    re.M,
)
# Boilerplate of document-sharing sites, one per line (optionally as "- " list items).
_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:[-•·]\s*)?(?:"
    r"\d+(?:\.\d+)?\s*[KMG]B"  # file size: - 24.02 KB
    r"|\d{4}-\d{1,2}-\d{1,2}\s*(?:发布|上传|更新)"  # - 2021-04-17 发布
    r"|\d、\s*本文档(?:由用户上传|内容版权归属|由会员上传)[^\n]*"
    r"|[^\n]{0,40}(?:网站客服|本站不保证|付费之前|版权争议|侵权请联系|免责声明)[^\n]*"
    r"|推荐访问[:：][^\n]*"
    r"|(?:相关推荐|猜你喜欢|热门推荐|相关文章)[:：]?[^\n]{0,200}"
    r"|限制\d+内"
    r"|[—－–-]\s*\d{1,4}\s*[—－–-]"  # page number of an official document: — 1 —
    r")\s*$"
)
# View counters glued before a title: "8402+ 工业园区…"
_VIEW_COUNTER = re.compile(r"^\d{2,7}\+\s+(?=\S)")
_PAYWALL = re.compile(r"##paid(?:bein|begin|end)##")
# Watermarks such as [公众~@号：老*#船%长君]: obfuscated 公众号 inside brackets.
_WATERMARK = re.compile(
    r"[\[【［(（][^\[\]【】［］()（）\n]{0,12}?公\W{0,3}众\W{0,3}号\W{0,3}[:：][^\[\]【】［］()（）\n]{0,24}?[\]】］)）]"
)
# Words that mark a line as an advertisement when two or more of them appear.
_AD_WORDS = ("素材库", "代笔", "会员", "客服", "公众号", "谨防假冒", "一键", "网盘", "svip", "vip", "接单", "小伙伴", "下载", "加入", "联系")
_AD_LINE_START = re.compile(r"^\s*(?:【[^】\n]{0,20}(?:素材|代笔|文库|会员|写作)[^】\n]{0,10}】|欢迎加入)")
# A page number glued to the first line of each page: "2、完成2栋厂房…" (pages of a converted file).
_PAGE_PREFIX = re.compile(r"^\s*(\d{1,3})、\s*")
_SENTENCE_END = "。！？；;!?：:”’」』）)"
# "90%o铝基二路": OCR reads a full stop after % as "o".
_PERCENT_O = re.compile(r"(?<=\d)%o(?=[\u4e00-\u9fff]|$)", re.M)


@dataclass(frozen=True)
class Cleaned:
    """Clean text plus the title a site header or editor's intro named, if any."""

    text: str
    title_hint: str | None = None


def clean_text(raw: str) -> Cleaned:
    """Remove site noise from a document's text and keep every sentence of the report."""
    text = _normalize_whitespace(raw)
    title = None
    match = _SITE_HEADER.search(text) or _EDITOR_INTRO.search(text)
    if match:
        title = match.group("title").strip()
    text = _SITE_HEADER.sub("", text)
    text = _EDITOR_INTRO.sub("", text)
    text = _PAYWALL.sub("\n", text)
    text = _WATERMARK.sub("", text)
    text = _PERCENT_O.sub("%。", text)
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not is_ad_line(line) and not is_boilerplate_line(line)]
    lines[:3] = [_VIEW_COUNTER.sub("", line) for line in lines[:3]]
    lines = join_page_fragments(lines)
    return Cleaned(fix_conversion_words("\n".join(lines)), title)


# Words a machine conversion substitutes systematically; their presence marks a converted text.
_CONVERSION_MARKS = re.compile(r"根底|效劳|顽强领导|仔细贯彻|仔细履行")
_KEEP_JIANLI = re.compile(r"健全|完善|了|起|机制|制度|长效|体系|台账|档案|联系|一套|一支|一批")
_KEEP_JINZHAN = re.compile(r"顺利|情况|缓慢|迅速|良好|明显|了|定期")
_JINZHAN_EVENT = re.compile(r"(?:取得|获得|有了)[^，,。；;]{0,3}$|(?:有序|新的|最新|实质性|重大|积极|重要|阶段性)$")


def fix_conversion_words(text: str) -> str:
    """Undo the systematic wrong words of machine-converted files (根底→基础, 效劳→服务, 进展→发展, 建立→建设)."""
    # Only texts with two or more conversion marks are touched: in a normal text 建立 and 进展 are right.
    # Even then they keep their own meaning where the context asks for it (建立健全…机制, 取得…进展, 进展顺利).
    if len(_CONVERSION_MARKS.findall(text)) < 2:
        return text
    text = text.replace("根底", "基础").replace("效劳", "服务")

    def jianli(match: re.Match) -> str:
        following = text[match.end() : match.end() + 4]
        return match.group(0) if _KEEP_JIANLI.match(following) else "建设"

    def jinzhan(match: re.Match) -> str:
        before = text[max(0, match.start() - 5) : match.start()]
        following = text[match.end() : match.end() + 2]
        return match.group(0) if _KEEP_JINZHAN.match(following) or _JINZHAN_EVENT.search(before) else "发展"

    text = re.sub("建立", jianli, text)
    return re.sub("进展", jinzhan, text)


def _normalize_whitespace(text: str) -> str:
    """Unify line ends and exotic spaces, after the normalisation every entering text gets."""
    text = normalize_text(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text = re.sub(r" *\t[ \t]*", "\t", text)  # tabs separate table cells: keep one
    return re.sub(r" +", " ", text)


def is_boilerplate_line(line: str) -> bool:
    """True for a short line of a sharing site's boilerplate (file size, upload date, disclaimers, footers)."""
    return len(line) <= 300 and bool(_BOILERPLATE_LINE.match(line))


def is_ad_line(line: str) -> bool:
    """True for an advertising line of a material-sharing site."""
    if len(line) > 400:
        return False
    lowered = line.lower()
    hits = sum(1 for word in _AD_WORDS if word in lowered)
    if _AD_LINE_START.match(line) and hits >= 2:
        return True
    return hits >= 4


def join_page_fragments(lines: list[str]) -> list[str]:
    """Drop the page numbers "1、" "2、"… that open each page of a converted file and rejoin split sentences."""
    starts = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _PAGE_PREFIX.match(line))]
    pages = _page_run(lines, starts)
    if not pages:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in pages:
            body = _PAGE_PREFIX.sub("", line, count=1)
            # A page break mid-sentence: glue the page to the previous line.
            if out and pages[i] > 1 and not out[-1].endswith(tuple(_SENTENCE_END)):
                out[-1] += body
            else:
                out.append(body)
        else:
            out.append(line)
    return out


def _page_run(lines: list[str], starts: list[tuple[int, int]]) -> dict[int, int]:
    """The lines that begin with page numbers 1, 2, 3… in a row, breaking sentences (not a real list)."""
    best: dict[int, int] = {}
    run: dict[int, int] = {}
    expected = 1
    for index, number in starts:
        if number == 1:
            run, expected = {}, 1
        if number != expected:
            continue
        run[index] = number
        expected += 1
        if len(run) > len(best):
            best = dict(run)
    if len(best) < 2:
        return {}
    broken = sum(1 for i in best if best[i] > 1 and i > 0 and not lines[i - 1].endswith(tuple(_SENTENCE_END)))
    # Real "1、2、3、" lists follow complete sentences; page numbers split them most of the time.
    if broken * 2 < len(best) - 1:
        return {}
    return best
