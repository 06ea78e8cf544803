"""The sections set (tests/data/sections/): real sections of public reports with the notes a writer would start from.

Material for evaluating narrative drafting (issue 13, "Drafts a writer keeps: every note used, nothing invented"):
each file holds one real section (总述 / 重点工作 / 存在问题 / 工作计划) from its own public document, the facts
of that section rewritten as terse notes, its statistics as a figures table in the shape offices send, and the
named things a draft may mention. These tests keep the files honest: every number of the real text is in the
notes, every figure and every name comes from the real text, and every table loads with the project's loader.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from assistant.figures import figure_set_from_rows

SECTIONS = Path(__file__).resolve().parents[1] / "data" / "sections"
KINDS = {"重点工作", "存在问题", "工作计划", "总述"}
FIELDS = ("source", "title", "unit", "period", "kind", "heading", "real", "notes", "figures", "names")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LIST_MARKER = re.compile(r"(?:^|(?<=[。：；\n]))\d+[、.](?!\d)")  # "1、基础设施…" "：1.一些园区…" number items, not facts


def _load() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(SECTIONS.glob("*.yaml"))}


FILES = _load()


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(n) for n in _NUMBER.findall(_LIST_MARKER.sub("", text))}


def test_the_set_is_large_varied_and_from_distinct_documents():
    assert len(FILES) >= 15
    kinds = [f["kind"] for f in FILES.values()]
    assert set(kinds) == KINDS and min(kinds.count(k) for k in KINDS) >= 3
    sources = [f["source"] for f in FILES.values()]
    assert len(set(sources)) == len(sources), "one section per document"


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_file_is_complete(name):
    f = FILES[name]
    assert set(FIELDS) <= set(f), f"{name} lacks {set(FIELDS) - set(f)}"
    assert f["source"].startswith(("http://", "https://"))
    assert f["kind"] in KINDS
    for key in ("title", "unit", "period", "heading", "real"):
        assert isinstance(f[key], str) and f[key].strip(), f"{name}: {key} is empty"
    assert 150 <= len(f["real"].strip()) <= 900, f"{name}: the real section is {len(f['real'].strip())} characters"
    assert isinstance(f["notes"], list) and 3 <= len(f["notes"]) <= 10
    assert all(isinstance(n, str) and n.strip() for n in f["notes"])
    assert isinstance(f["names"], list) and isinstance(f["figures"], str)


@pytest.mark.parametrize("name", sorted(FILES))
def test_notes_keep_every_number_and_copy_no_sentence(name):
    f = FILES[name]
    notes = "\n".join(f["notes"])
    assert _numbers(f["real"]) <= _numbers(notes), f"{name}: numbers missing from the notes: {_numbers(f['real']) - _numbers(notes)}"
    sentences = [s for s in re.split(r"[。；]", f["real"]) if len(s) >= 40]
    assert not any(s in notes for s in sentences), f"{name}: a note copies a whole sentence"


@pytest.mark.parametrize("name", sorted(FILES))
def test_names_are_in_the_real_text(name):
    f = FILES[name]
    missing = [n for n in f["names"] if n not in f["real"]]
    assert not missing, f"{name}: {missing}"


@pytest.mark.parametrize("name", sorted(n for n, f in FILES.items() if f["figures"].strip()))
def test_figures_load_and_come_from_the_real_text(name):
    f = FILES[name]
    rows = list(csv.reader(io.StringIO(f["figures"])))
    figures = figure_set_from_rows(rows, source=name).figures
    assert figures, f"{name}: no figure read from the table"
    in_text = _numbers(f["real"])
    for fig in figures:
        stated = [fig.value, fig.yoy, fig.prior, fig.target] + [a.value for a in fig.aspects if a.kind != "rank"]
        for value in (v for v in stated if v is not None):
            assert abs(value) in in_text, f"{name}: {fig.name} {value} is not in the real text"
