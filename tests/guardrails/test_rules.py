"""The rounding and approximation rules, value by value."""

from decimal import Decimal

import pytest

from assistant.guardrails.rules import agrees

D = Decimal

RULES = [
    # written, quantum, approx, actual, agrees
    ("4.5", "0.1", None, "4.47", True),
    ("4.4", "0.1", None, "4.47", False),
    ("4.47", "0.01", None, "4.47", True),
    ("4.470", "0.001", None, "4.47", True),
    ("39", "1", None, "38.5", True),
    ("38", "1", None, "38.5", False),
    ("129", "1", None, "128.5", True),
    ("130", "1", None, "128.5", False),
    ("3", "1", None, "3.12", False),
    ("9", "1", None, "9", True),
    ("0.9", "0.1", None, "0.94", True),
    ("130", "1", "below", "128.5", True),
    ("130", "1", "below", "130", True),
    ("130", "1", "below", "131", False),
    ("130", "1", "below", "119", False),
    ("200", "1", "below", "128.5", False),
    ("130", "1", "above", "128.5", False),
    ("120", "1", "above", "128.5", True),
    ("120", "1", "above", "130", False),
    ("100", "1", "above", "128.5", True),
    ("100", "1", "above", "199", True),
    ("3250", "1", "above", "3258", True),
    ("3250", "1", "above", "3260", False),
    ("130", "1", "about", "128.5", True),
    ("130", "1", "about", "135", True),
    ("130", "1", "about", "124", False),
    ("100", "1", "about", "98.6", True),
    ("100", "1", "about", "89", False),
    ("9", "1", "about", "8.72", True),
    ("130", "1", "below_strict", "128.5", True),
    ("130", "1", "below_strict", "130", False),
    ("5", "1", "at_most", "4.6", True),
    ("5", "1", "at_most", "5.2", False),
]


@pytest.mark.parametrize("written, quantum, approx, actual, expected", RULES)
def test_rule(written, quantum, approx, actual, expected):
    assert agrees(D(written), D(quantum), approx, D(actual)) is expected


def test_an_approximate_note_is_covered_only_by_a_wider_wording():
    # note "650余家次" allows 650-659.x; "600余" covers it, "650" (exact) and "700余" do not
    note = (D(650), D("659.999"))
    assert agrees(D(600), D(1), "above", D(650), note)
    assert agrees(D(650), D(1), "above", D(650), note)
    assert not agrees(D(650), D(1), None, D(650), note)
    assert not agrees(D(700), D(1), "above", D(650), note)
