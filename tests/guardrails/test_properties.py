"""Property tests: generated figure sets, correct sentences in many surface forms pass; one corruption is flagged where it is."""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.figures import Figure, FigureSet
from assistant.guardrails import check_numbers

NAMES = {
    "亿元": ["规上工业总产值", "固定资产投资", "税收收入", "营业收入", "签约项目协议资金", "高新技术产业产值"],
    "万美元": ["进出口总额", "实际利用外资"],
    "个": ["新签约项目", "新开工项目", "竣工投产项目"],
    "家": ["新增规上工业企业", "高新技术企业"],
    "亩": ["盘活低效闲置用地"],
}
PERIODS = {"1-6月": ["1-6月", "上半年"], "1-9月": ["1-9月", "前三季度"], "1-5月": ["1-5月", "1-5月份"]}
OTHER = {"1-6月": "1-5月", "1-9月": "上半年", "1-5月": "全年"}
CN = "零一二三四五六七八九"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cn_int(n: int) -> str:
    """1 <= n < 100 in Chinese numerals."""
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


@st.composite
def figure_sets(draw):
    period = draw(st.sampled_from(sorted(PERIODS)))
    figures = []
    for unit, names in NAMES.items():
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)):
            if unit in ("个", "家"):
                value = Decimal(draw(st.integers(3, 99)))
            else:
                places = draw(st.integers(0, 2)) if unit != "万美元" else 0
                value = Decimal(draw(st.integers(11 * 10**places, 999 * 10**places))).scaleb(-places)
            yoy = draw(st.one_of(st.none(), st.integers(-2500, 5000).filter(lambda n: n % 100 != 0).map(lambda n: Decimal(n).scaleb(-2))))
            target = draw(st.one_of(st.none(), st.integers(15, 30).map(lambda k, value=value: (value * k / 10).quantize(Decimal(1)))))
            figures.append(Figure(name, value, unit, period=period, yoy=yoy, target=target))
    return FigureSet(figures=figures), period


def value_form(figure: Figure, form: str) -> tuple[str, str]:
    """(words before, the number as written) for a correct statement of the figure's value."""
    v, unit = figure.value, figure.unit
    if form == "wan" and unit == "亿元":
        return "", f"{v * 10000:,f}".rstrip("0").rstrip(".") + "万元" if "." in f"{v * 10000:f}" else f"{int(v * 10000):,}万元"
    if form == "yi" and unit == "万美元":
        return "", format((v / 10000).normalize(), "f") + "亿美元"
    if form == "chinese" and unit in ("个", "家"):
        return "", cn_int(int(v)) + unit
    if form in ("近", "超", "约"):
        step = Decimal(10) ** (v.adjusted() - 1)
        rounding = {"近": ROUND_CEILING, "超": ROUND_FLOOR, "约": ROUND_HALF_UP}[form]
        x = (v / step).quantize(Decimal(1), rounding) * step
        x = x.quantize(Decimal(1)) if x == x.to_integral_value() else x.normalize()
        return form, format(x, "f") + unit
    if form == "round" and v.as_tuple().exponent < 0:
        r = v.quantize(Decimal(1).scaleb(v.as_tuple().exponent + 1), ROUND_HALF_UP)
        if len(r.as_tuple().digits) >= 2:
            return "", format(r, "f") + unit
    return "", format(v, "f") + unit


def sentence(figure: Figure, form: str, period_word: str):
    """Text, span of the value, span of the yoy (or None), span of the completion rate (or None)."""
    lead, number = value_form(figure, form)
    text = f"{period_word}，{figure.name}{lead}"
    spans = {"value": (len(text), len(text) + len(number))}
    text += number
    if figure.yoy is not None:
        word = "增长" if figure.yoy > 0 else "下降"
        text += f"，同比{word}"
        rate = f"{abs(figure.yoy)}%"
        spans["yoy"] = (len(text), len(text) + len(rate))
        text += rate
    if figure.target is not None:
        text += "，完成全年目标的"
        rate = f"{(figure.value / figure.target * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
        spans["derived"] = (len(text), len(text) + len(rate))
        text += rate
    return text + "。", spans


FORMS = st.sampled_from(["plain", "plain", "wan", "yi", "chinese", "近", "超", "约", "round"])


@SETTINGS
@given(data=figure_sets(), form=FORMS, pick=st.integers(0, 100), word=st.integers(0, 1))
def test_correct_sentences_are_supported(data, form, pick, word):
    fs, period = data
    figure = fs.figures[pick % len(fs.figures)]
    text, _ = sentence(figure, form, PERIODS[period][word])
    report = check_numbers(text, fs)
    assert report.ok, [(m.text, m.reason) for m in report.flagged]
    assert sum(m.status in ("supported", "derived") for m in report.mentions) == 1 + (figure.yoy is not None) + (figure.target is not None)


def _flag_at(report, span) -> bool:
    return any(m.start < span[1] and span[0] < m.end for m in report.flagged)


def _swap_digit(number: str, k: int) -> str:
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    i = digits[k % len(digits)]
    new = str((int(number[i]) + 1 + k % 8) % 10)
    if i == digits[0] and new == "0" and len(digits) > 1:
        new = "9" if number[i] != "9" else "8"
    return number[:i] + new + number[i + 1 :]


@SETTINGS
@given(
    data=figure_sets(),
    kind=st.sampled_from(["digit", "scale", "sign", "indicator", "period", "placeholder", "invented", "derived"]),
    pick=st.integers(0, 100),
    k=st.integers(0, 50),
)
def test_one_corruption_is_flagged_where_it_is(data, kind, pick, k):
    fs, period = data
    figure = fs.figures[pick % len(fs.figures)]
    word = PERIODS[period][0]
    text, spans = sentence(figure, "plain", word)
    start, end = spans["value"]
    number = text[start:end]
    if kind == "digit":
        text = text[:start] + _swap_digit(number, k) + text[end:]
        span = (start, end)
    elif kind == "scale":
        if "亿元" in number or "万美元" in number:
            scaled = number.replace("亿元", "万元") if "亿元" in number else number.replace("万美元", "亿美元")
        else:
            scaled = format(Decimal(number[: -len(figure.unit)]) * 10, "f") + figure.unit
        text = text[:start] + scaled + text[end:]
        span = (start, start + len(scaled))
    elif kind == "sign":
        if "yoy" not in spans:
            return
        text = text.replace("同比增长", "同比下降") if "同比增长" in text else text.replace("同比下降", "同比增长")
        span = spans["yoy"]
    elif kind == "indicator":
        others = [g for g in fs.figures if g.unit == figure.unit and g.name != figure.name and g.value != figure.value]
        if not others:
            return
        other = others[k % len(others)]
        text = text.replace(figure.name, other.name, 1)
        shift = len(other.name) - len(figure.name)
        span = (start + shift, end + shift)
    elif kind == "period":
        new = OTHER[period]
        text = new + text[len(word) :]
        shift = len(new) - len(word)
        span = (start + shift, end + shift)
    elif kind == "placeholder":
        unit = figure.unit
        filler = ["XX", "x.xx", "*", "XXX"][k % 4]
        text = text[:start] + filler + unit + text[end:]
        span = (start, start + len(filler) + len(unit))
    elif kind == "invented":
        extra = ["，引进外资企业", "，新增发明专利", "，化解信访积案"][k % 3]
        unit = ["家", "项", "件"][k % 3]
        number = f"{k + 3}{unit}"
        text = text[:-1] + extra + number + "。"
        span = (len(text) - 1 - len(number), len(text) - 1)
    else:
        if "derived" not in spans:
            return
        ds, de = spans["derived"]
        rate = Decimal(text[ds : de - 1]) + Decimal("0.3") * (1 + k % 3)
        text = text[:ds] + f"{rate}%" + text[de:]
        span = (ds, ds + len(f"{rate}%"))
    report = check_numbers(text, fs)
    assert _flag_at(report, span), (text, [(m.text, m.status, m.reason) for m in report.mentions])
