"""The rooms of the code base import only rooms below them: data flows one way (see README, 代码结构).

A module that reaches up (numbers importing documents, guardrails importing drafting) is how a rule ends up
written twice and a change in one room breaks another; this test names the import that does it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"

# Lowest first: a room may import its own modules and any room of a lower layer.
LAYERS = [
    {"errors", "textnorm", "units", "tokens", "settings", "sentences"},
    {"decoding", "periods"},
    {"numbers", "figures"},
    {"documents", "guardrails", "llm"},
    {"store"},
    {"drafting"},
    {"export"},
    {"ui", "cli"},
]
LEVEL = {room: level for level, rooms in enumerate(LAYERS) for room in rooms}


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "assistant" and len(parts) > 1 else None


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def test_every_room_is_placed_in_a_layer():
    rooms = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir() if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    assert rooms - LEVEL.keys() == set(), "a new room: place it in LAYERS"


def test_no_module_imports_a_room_above_its_own():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _room(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        if own is None or own == "__init__":
            continue
        for line, module in _imports(path):
            target = _room(module)
            if target is not None and target != own and LEVEL[target] >= LEVEL[own]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module} ({own} → {target})")
    assert upward == [], "\n".join(upward)
