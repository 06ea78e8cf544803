"""`assistant draft` (a section or a whole document from figures) and `assistant ask` (past practice)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from assistant.cli import fail, settings_from
from assistant.decoding import decode_text
from assistant.errors import AssistantError

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add the draft and ask commands."""

    @app.command("draft")
    def draft(
        ctx: typer.Context,
        figures: Path = typer.Option(..., "--figures", help="数据表：JSON / YAML / CSV / XLSX"),
        notes: Path | None = typer.Option(None, "--notes", help="补充情况或部门报送材料（txt / docx）"),
        section: str | None = typer.Option(None, "--section", help="章节：总述、主要经济指标、重点工作·主题、存在问题、工作计划"),
        document: bool = typer.Option(False, "--document", help="起草全文（先提纲，再逐章）"),
        unit: str | None = typer.Option(None, "--unit", help="单位名称，如 青川经济开发区"),
        period: str | None = typer.Option(None, "--period", help="期间，如 2025年上半年"),
        as_json: bool = typer.Option(False, "--json", help="输出 JSON：正文、章节、核对报告、来源"),
    ) -> None:
        """根据数据表起草一个章节或全文，数字逐一核对。"""
        if bool(section) == document:
            fail(AssistantError("请在 --section 与 --document 中选择一个。", "例如 --section 主要经济指标，或 --document 起草全文。"))
        settings = settings_from(ctx)
        try:
            from assistant.drafting.chain import Drafter
            from assistant.drafting.records import Done, DraftRequest, Status, TextDelta
            from assistant.figures import load_figures
            from assistant.llm import get_chat_model
            from assistant.store.knowledge_base import KnowledgeBase

            figure_set = load_figures(figures)
            materials = [_read_text(notes)] if notes else []
            drafter = Drafter(settings, KnowledgeBase(settings), get_chat_model(settings))
            request = DraftRequest(figures=figure_set, unit=unit, period=period, section=section, whole_document=document, materials=materials)
            result, streaming = None, False
            for event in drafter.stream(request):
                if isinstance(event, Status):
                    err.print(f"[dim]{event.message}[/dim]")
                elif isinstance(event, TextDelta) and not as_json:
                    err.print(event.text, end="", style="dim", markup=False, highlight=False)
                    streaming = True
                elif isinstance(event, Done):
                    result = event.result
        except AssistantError as error:  # the model's reply empty, malformed, cut off or late: a non-zero exit
            if streaming:
                err.print()
            fail(error)
        if result is None:  # the stream ends with Done or raises; said as Drafter.draft says it, never a traceback
            fail(AssistantError("起草没有得到结果。", "请重试；如果反复出现，请检查模型配置。"))
        if as_json:
            typer.echo(json.dumps(result_json(result, figure_set, period, unit), ensure_ascii=False, indent=2))
            return
        err.print()
        typer.echo(result.text)
        if result.coverage.left_out:
            typer.echo("\n没有写入正文的要点：")
            for use in result.coverage.left_out:
                typer.echo(f"- {use.note}：{use.how}")
        if result.pending:
            typer.echo("\n待核实：")
            for item in result.pending:
                typer.echo(f"- {item}")
        if result.sources:
            typer.echo("\n参考：")
            for source in result.sources:
                typer.echo(f"- {source.citation}")

    @app.command("ask")
    def ask(
        ctx: typer.Context,
        question: str = typer.Argument(..., help="问题，如 其他园区在盘活低效闲置用地方面有哪些做法？"),
        as_json: bool = typer.Option(False, "--json", help="输出 JSON：回答与来源"),
    ) -> None:
        """从素材库中查找做法并回答，注明出处。"""
        settings = settings_from(ctx)
        try:
            from assistant.drafting.ask import Asker
            from assistant.llm import get_chat_model
            from assistant.store.knowledge_base import KnowledgeBase

            answer = Asker(settings, KnowledgeBase(settings), get_chat_model(settings)).ask(question)
        except AssistantError as error:
            fail(error)
        if as_json:
            payload = {"text": answer.text, "found": answer.found, "sources": [_source_json(s) for s in answer.sources]}
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            typer.echo(answer.text)


def _read_text(path: Path) -> str:
    """A notes file as text: .docx through the document loader, anything else as UTF-8/GBK text."""
    if not path.is_file():
        raise AssistantError(f"找不到文件 {path}。", "请检查 --notes 的路径。")
    if path.suffix.lower() in {".docx", ".pdf"}:
        from assistant.documents.loading import load_document

        return load_document(path).text
    return decode_text(path.read_bytes(), path.name)


def _source_json(source) -> dict:
    return {"source": source.source, "title": source.title, "heading_path": list(source.heading_path)}


def result_json(result, figures, period: str | None, unit: str | None) -> dict:
    """A DraftResult as plain JSON with the verdict the app shows (review_draft; Decimal values as strings, never floats)."""
    from assistant.guardrails import review_draft

    return {
        "text": result.text,
        "sections": [{"kind": kind, "text": text} for kind, text in result.sections],
        "report": review_draft(result.text, result.inputs or figures, period, unit).to_dict(),
        "sources": [_source_json(s) for s in result.sources],
        "pending": result.pending,
        "rounds": result.rounds,
        "coverage": {
            "share": result.coverage.share,
            "notes": [{"note": u.note, "section": u.section, "used": u.used, "how": u.how} for u in result.coverage.notes],
        },
    }
