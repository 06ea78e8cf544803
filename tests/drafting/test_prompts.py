"""The prompt loader fails loudly; the shipped prompt files match the variables the code passes."""

from pathlib import Path

import pytest

from assistant.drafting.prompts import PromptError, load_prompt
from assistant.settings import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


def test_missing_variable_is_an_error(tmp_path: Path):
    (tmp_path / "p.md").write_text("单位：$unit，期间：${period}", encoding="utf-8")
    with pytest.raises(PromptError, match="period"):
        load_prompt(tmp_path, "p").render(unit="青川")


def test_unknown_variable_is_an_error(tmp_path: Path):
    (tmp_path / "p.md").write_text("单位：$unit", encoding="utf-8")
    with pytest.raises(PromptError, match="extra"):
        load_prompt(tmp_path, "p").render(unit="青川", extra="x")


def test_missing_file_is_an_error(tmp_path: Path):
    with pytest.raises(PromptError, match="找不到提示词文件"):
        load_prompt(tmp_path, "nope")


def test_stray_dollar_is_an_error(tmp_path: Path):
    (tmp_path / "p.md").write_text("价格 $ 5", encoding="utf-8")
    with pytest.raises(PromptError, match=r"\$"):
        load_prompt(tmp_path, "p").render()


def test_render_keeps_braces_and_escaped_dollar(tmp_path: Path):
    (tmp_path / "p.md").write_text("{不是变量} $$ 【$name】", encoding="utf-8")
    assert load_prompt(tmp_path, "p").render(name="规上工业总产值") == "{不是变量} $ 【规上工业总产值】\n"


@pytest.mark.parametrize(
    "name, variables",
    [
        ("draft_system", {"guidance", "examples"}),
        ("draft_user", {"unit", "period", "figures", "notes", "section", "length"}),
        ("draft_slots", {"slots"}),
        ("draft_skeleton", {"skeleton"}),
        ("repair_user", {"slots", "notes", "items"}),
        ("ask_system", set()),
        ("ask_user", {"passage", "question"}),
        ("guide_indicators", set()),
        ("narrative_system", {"guidance"}),
        ("narrative_user", {"section", "note"}),
        ("narrative_examples", set()),
        ("item_summary", set()),
        ("item_work", set()),
        ("item_problems", set()),
        ("item_plan", set()),
    ],
)
def test_shipped_prompts_have_the_expected_variables(name, variables):
    assert load_prompt(PROMPTS, name).variables == variables
