"""`assistant check` exit codes and output, and the HTML highlight."""

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from assistant.cli.check import register
from assistant.guardrails import check_numbers, highlight

DATA = Path(__file__).resolve().parent.parent / "data" / "figures"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Root."""

    register(app)
    return app


def run(*args, stdin=None):
    return CliRunner().invoke(_app(), ["check", *args], input=stdin)


def test_ok_text_exits_zero(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("1-6月，规上工业总产值128.5亿元，同比增长4.47%。", encoding="utf-8")
    result = run("--figures", str(DATA / "figures_2025h1.csv"), str(text))
    assert result.exit_code == 0, result.output
    assert "全部数字均有依据" in result.output


def test_flagged_text_exits_one_and_shows_the_reason(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("固定资产投资同比增长4.47%。", encoding="utf-8")
    result = run("--figures", str(DATA / "figures_2025h1.json"), str(text))
    assert result.exit_code == 1
    assert "无依据" in result.output and "1处需要核实" in result.output


def test_stdin_and_json(tmp_path):
    result = run("--figures", str(DATA / "figures_2025h1.json"), "-", "--json", stdin="规上工业总产值128.5亿元，实现税收XX亿元。")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert [(m["text"], m["status"], m["value"]) for m in data["mentions"]] == [("128.5亿元", "supported", "128.5"), ("XX亿元", "placeholder", None)]


def test_bad_input_exits_two(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("规上工业总产值128.5亿元。", encoding="utf-8")
    assert run("--figures", str(tmp_path / "none.json"), str(text)).exit_code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("指标,数值,单位\n产值,abc,亿元\n", encoding="utf-8")
    result = run("--figures", str(bad), str(text))
    assert result.exit_code == 2 and "第2行" in result.output
    assert run("--figures", str(DATA / "figures_2025h1.json"), str(tmp_path / "missing.txt")).exit_code == 2
    assert run("--figures", str(DATA / "figures_2025h1.json"), "-", stdin="   ").exit_code == 2


def test_gbk_text_file(tmp_path):
    text = tmp_path / "t.txt"
    text.write_bytes("新签约项目19个。".encode("gbk"))
    assert run("--figures", str(DATA / "figures_2025h1.json"), str(text)).exit_code == 0


def test_highlight_marks_flagged_in_red_with_reason(figures):
    report = check_numbers("规上工业总产值128.5亿元，同比下降4.47%，完成全年目标的48.3%，税收XX亿元<b>。", figures)
    html = highlight(report)
    assert '<span class="num num-supported"' in html and '<span class="num num-derived"' in html
    flagged = html.split('num-unsupported"', 1)[1]
    assert "#c62828" in flagged.split(">", 1)[0] and "方向不符" in flagged.split(">", 1)[0]
    assert "num-placeholder" in html and "&lt;b&gt;" in html and "<b>" not in html
    assert html.count("<span class=\"num ") == 4  # not-a-figure numbers are left plain
    assert "需要核实" in html.split("number-check")[0]  # a legend says what the marks mean


def test_report_ok_and_flagged(figures):
    report = check_numbers("2025年1-6月，新签约项目19个，协议资金约86亿元。", figures)
    assert not report.ok and [m.text for m in report.flagged] == ["86亿元"]
    assert report.mentions[0].status == "not_a_figure"
    assert check_numbers("2025年1-6月，新签约项目19个。", figures).ok


def test_inputs_in_all_three_forms_give_the_same_verdicts(figures):
    text = "规上工业总产值128.5亿元，同比增长4.47%，固定资产投资增长4.47%。"
    as_dict = {
        "figures": [
            {"name": f.name, "value": str(f.value), "unit": f.unit, "period": f.period, "yoy": None if f.yoy is None else str(f.yoy)}
            for f in figures.figures
        ],
        "notes": figures.notes,
    }
    as_list = as_dict["figures"]
    want = [m.status for m in check_numbers(text, figures).mentions]
    assert want == [m.status for m in check_numbers(text, as_dict).mentions] == [m.status for m in check_numbers(text, as_list).mentions]
    assert want == ["supported", "supported", "unsupported"]


def test_same_inputs_same_verdict(figures):
    text = "1-6月，规上工业总产值近130亿元，工业投资占固定资产投资的57.1%，竣工项目17个。"
    first = check_numbers(text, figures).to_dict()
    assert all(check_numbers(text, figures).to_dict() == first for _ in range(3))
