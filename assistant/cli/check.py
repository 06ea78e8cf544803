"""`assistant check`: every number of a text or a Word draft checked against a figure file (and materials)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from assistant.cli import fail
from assistant.decoding import decode_text
from assistant.errors import AssistantError
from assistant.guardrails.consistency import AGAINST_ITSELF
from assistant.guardrails.report import STATUS_ZH

_STYLE = {"supported": "green", "derived": "cyan", "unsupported": "bold red", "placeholder": "bold red", "miswritten": "bold red", "advice": "yellow"}


def register(app: typer.Typer) -> None:
    """Add the check command."""

    @app.command("check")
    def check_command(
        ctx: typer.Context,
        figures: Path | None = typer.Option(
            None,
            "--figures",
            help="数据表：JSON / YAML / CSV / XLSX；不给时只核对稿件自身：同一指标前后写法不一、遗留占位符、空标题、重复句、其他年份",
        ),
        text_file: str | None = typer.Argument(None, help="要核对的稿件（docx、有文字层的 pdf 或 txt/md）；省略或写 - 时从标准输入读取文字"),
        as_json: bool = typer.Option(False, "--json", help="输出 JSON 核对报告"),
        period: str | None = typer.Option(None, "--period", help="报告期，例如 2025年上半年：文中其他年份会被标出"),
        materials: list[Path] | None = typer.Option(None, "--materials", help="部门报送材料（可多次给出）：其中的数字也作为依据"),
        out: Path | None = typer.Option(
            None,
            "--out",
            help="Word 稿件核对后另存为此文件，存疑处加批注；默认“原名（核对）.docx”。给了 --was 时，文本稿件也按修订后的数据更新后另存",
        ),
        was: Path | None = typer.Option(
            None,
            "--was",
            help="修订前的数据表（例如快报数）：--figures 为修订后的（正式数）；列出稿件中取自已修订数据的每个数字（旧 → 新），并更新能直接更新的",
        ),
    ) -> None:
        """核对文中每个数字是否有数据依据，并标出遗留占位符、空标题、重复句和其他年份：全部通过时退出码 0，有存疑处时 1，输入有误时 2。"""
        from assistant.documents.loading import describe_os_error, os_error_hint
        from assistant.export.annotate import annotate_file
        from assistant.figures import FigureSet, load_figures
        from assistant.guardrails import review
        from assistant.guardrails.revision import revisions, rewrite

        word = text_file is not None and text_file.lower().endswith(".docx")
        try:
            figure_set = None  # neither table nor materials: the draft is checked against itself
            if figures is not None or materials:
                given = load_figures(figures) if figures is not None else FigureSet(figures=[], notes=[])
                figure_set = with_material_files(given, materials or [])
                warn_disagreements(given, materials or [])
            before = None
            if was is not None:
                if figure_set is None:
                    raise AssistantError("给了修订前的数据表（--was），却没有修订后的数据表。", "请同时用 --figures 给出修订后的数据表。")
                before = with_material_files(load_figures(was), materials or [])
            changes = []
            if word and text_file is not None:
                source = Path(text_file)
                target = out or source.with_name(f"{source.stem}（核对）.docx")
                annotated = annotate_file(source, target, figure_set, period, was=before)
                report, changes = annotated.report, annotated.changes
            else:
                text = read_text(text_file)
                if before is not None and figure_set is not None:
                    changes = revisions(text, before, figure_set)
                    if out is not None:
                        text = rewrite(text, changes)
                        out.write_text(text, encoding="utf-8")
                report = review(text, figure_set, period)
        except AssistantError as error:
            fail(error, 2)
        except OSError as error:  # a permission or a symlink loop: said in Chinese, not as a traceback
            name = Path(error.filename).name if error.filename else "输入文件"
            fail(AssistantError(f"无法读取文件：{name}（{describe_os_error(error)}）。", os_error_hint(error)), 2)
        if was is not None:
            print_changes(changes, updated_into=target if word else out)
        if as_json:
            typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            print_report(report, against_itself=figure_set is None)
            if word:
                advised = f"、{len(report.advice)}处写法建议" if report.advice else ""
                Console().print(f"已另存为 {target}：{len(report.flagged)}处存疑{advised}，均已加批注。")
        raise typer.Exit(0 if report.ok else 1)


def print_changes(changes, updated_into: Path | None) -> None:
    """The numbers taken from revised inputs, old → new, on standard error (the --json report stays as it is)."""
    console = Console(stderr=True)
    if not changes:
        console.print("统计数据修订：稿件中没有取自已修订数据的数字。")
        return
    done = sum(1 for c in changes if c.replacement is not None)
    console.print(f"[bold yellow]统计数据修订：稿件中有{len(changes)}处数字取自已修订的数据。[/bold yellow]")
    for c in changes:
        console.print(f"  {c.line()}")
    if updated_into is not None:
        console.print(f"已更新{done}处，另存为 {updated_into}；其余{len(changes) - done}处请按说明改写。")


def warn_disagreements(figures, paths: list[Path]) -> None:
    """Said first, on standard error (the --json report stays as it is): where the table and the materials disagree."""
    from assistant.documents.loading import load_document
    from assistant.guardrails.consistency import DISAGREE, disagreements

    found = disagreements(figures, [(f"《{path.name}》", load_document(path).text) for path in paths])
    if found:
        console = Console(stderr=True)
        console.print(f"[bold yellow]{DISAGREE}[/bold yellow]")
        for d in found:
            console.print(f"  {d}")


def with_material_files(figures, paths: list[Path]):
    """The figures with every line of the department material files as further notes."""
    from assistant.documents.loading import load_document
    from assistant.drafting.chain import with_materials

    return with_materials(figures, [load_document(path).text for path in paths])


def read_text(name: str | None) -> str:
    """The text to check, from a file or standard input (UTF-8, or GB18030 for older files)."""
    if name in (None, "-"):
        raw = sys.stdin.buffer.read()
        where = "标准输入"
    else:
        path = Path(name)
        if not path.is_file():
            raise AssistantError(f"找不到要核对的文件：{name}。", "请检查路径，或用 - 从标准输入读取。")
        if path.suffix.lower() == ".pdf":  # its text layer, page headers and footers removed as for the knowledge base
            from assistant.documents.loading import load_document

            return load_document(path).text
        raw = path.read_bytes()
        where = path.name
    text = decode_text(raw, where)
    if not text.strip():
        raise AssistantError(f"{where}没有文字可核对。", "请提供要核对的正文。")
    return text


def print_report(report, against_itself: bool = False) -> None:
    """A table of the figures found, flagged ones in red, and a one-line summary."""
    console = Console()
    if against_itself:
        verdict = "[green]没有发现问题。[/green]" if report.ok else f"[bold red]{len(report.flagged)}处需要核实：[/bold red]"
        console.print(AGAINST_ITSELF + verdict)
        for m in report.flagged:
            console.print(f"  [bold red]{m.text.replace(chr(10), '')}[/bold red]：{m.reason}")
        _print_advice(console, report)
        return
    table = Table(show_lines=False)
    for column in ("原文", "数值", "单位", "核对结果", "依据"):
        table.add_column(column, no_wrap=True)
    table.add_column("说明", overflow="fold")
    shown = [m for m in report.mentions if m.status != "not_a_figure"]
    for m in shown:
        style = _STYLE[m.status]
        value = "—" if m.value is None else format(m.value, "f")
        table.add_row(m.text.replace("\n", ""), value, m.unit or "—", f"[{style}]{STATUS_ZH[m.status]}[/{style}]", m.figure or "—", m.reason)
    console.print(table)
    flagged = len(report.flagged)
    skipped = len(report.mentions) - len(shown)
    verdict = "[green]全部数字均有依据，没有遗留问题。[/green]" if report.ok else f"[bold red]{flagged}处需要核实。[/bold red]"
    console.print(f"共{len(shown)}处数据（另有年份、序号等非数据数字{skipped}处）。{verdict}")
    _print_advice(console, report)


def _print_advice(console: Console, report) -> None:
    """The advice on how numbers are written: listed after the verdict, never changing it."""
    if report.advice:
        console.print(f"[yellow]另有{len(report.advice)}处写法建议（不影响核对结论）：[/yellow]")
        for m in report.advice:
            console.print(f"  [yellow]{m.text.replace(chr(10), '')}[/yellow]：{m.reason}")
