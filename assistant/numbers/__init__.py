"""Numbers in Chinese report text, as one package that imports nothing of the project but units, periods and textnorm:

- `numerals`: Chinese and Arabic numerals read exactly, `fmt` to write a Decimal back;
- `normal`: the text made scannable (full-width digits, spaces and breaks inside numbers), offsets kept;
- `mentions`: every number with its unit, period, direction, approximation and kind, and the indicator it names.

Units live in `assistant.units`, periods in `assistant.periods` (one Period type); both are re-exported here.
"""

from assistant.numbers.mentions import NOT_FIGURE_REASONS, PEER_WORDS, NumberMention, direction_of, find_mentions, indicator_of
from assistant.numbers.normal import normalize
from assistant.numbers.numerals import CN_DIGITS, CN_NUMERAL_CHARS, arabic_number, chinese_integer, chinese_number, fmt, last_place, significant_digits
from assistant.periods import Period, parse_period, period_text, same_period
from assistant.units import MEASURE_WORDS, RATE_UNITS, SCALES, compatible, dimension, is_known_unit, scale_of, split_unit

__all__ = [
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "MEASURE_WORDS",
    "NOT_FIGURE_REASONS",
    "PEER_WORDS",
    "RATE_UNITS",
    "SCALES",
    "NumberMention",
    "Period",
    "arabic_number",
    "chinese_integer",
    "chinese_number",
    "compatible",
    "dimension",
    "direction_of",
    "find_mentions",
    "fmt",
    "indicator_of",
    "is_known_unit",
    "last_place",
    "normalize",
    "parse_period",
    "period_text",
    "same_period",
    "scale_of",
    "significant_digits",
    "split_unit",
]
