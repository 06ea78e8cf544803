"""The real retrieval set (tests/data/practice/) is well formed: sources, front matter, answer ids, size."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PRACTICE = Path(__file__).resolve().parents[1] / "data" / "practice"
DOCS = PRACTICE / "docs"


def front_matter(path: Path) -> tuple[dict, str]:
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("---\n"), f"{path.name}: no front matter"
    head, sep, body = raw[4:].partition("\n---\n")
    assert sep, f"{path.name}: front matter not closed"
    return yaml.safe_load(head), body


def test_every_document_has_its_source_and_text():
    paths = sorted(DOCS.glob("*.md"))
    assert len(paths) >= 40
    for path in paths:
        assert re.fullmatch(r"\d{3}", path.stem), path.name
        meta, body = front_matter(path)
        assert set(meta) >= {"source", "title", "unit", "year"}, path.name
        assert re.match(r"https?://\S+$", meta["source"]), f"{path.name}: source is not a page address"
        assert meta["title"] and meta["unit"], path.name
        assert meta["year"] is None or 1990 <= meta["year"] <= 2030, path.name
        assert len(body.strip()) >= 100, f"{path.name}: no report text"


def test_every_question_names_existing_documents():
    ids = {p.stem for p in DOCS.glob("*.md")}
    questions = yaml.safe_load((PRACTICE / "questions.yaml").read_text(encoding="utf-8"))
    assert len(questions) >= 40
    assert len({q["question"] for q in questions}) == len(questions), "a question is listed twice"
    for q in questions:
        assert q["question"].strip()
        assert q["answers"], q["question"]
        assert len(set(q["answers"])) == len(q["answers"]), f"repeated answer id: {q['question']}"
        unknown = set(q["answers"]) - ids
        assert not unknown, f"{q['question']}: no such documents {sorted(unknown)}"


def test_the_unrelated_messages_are_a_list_of_distinct_texts_none_a_practice_question():
    unrelated = yaml.safe_load((PRACTICE / "unrelated.yaml").read_text(encoding="utf-8"))
    questions = {q["question"] for q in yaml.safe_load((PRACTICE / "questions.yaml").read_text(encoding="utf-8"))}
    assert len(unrelated) >= 30 and all(isinstance(u, str) and u.strip() for u in unrelated)
    assert len(set(unrelated)) == len(unrelated) and not set(unrelated) & questions
