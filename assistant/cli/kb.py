"""Knowledge base commands: ingest, search, corpus list / remove."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from assistant.cli import fail, settings_from
from assistant.errors import AssistantError

console = Console()


def _kb(ctx: typer.Context):
    from assistant.store.knowledge_base import KnowledgeBase

    return KnowledgeBase(settings_from(ctx))


def ingest(ctx: typer.Context, paths: list[Path] = typer.Argument(..., help="文件或文件夹")) -> None:
    """导入文件或文件夹（.docx .pdf .txt .md）到素材库。"""
    try:
        kb = _kb(ctx)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("预计还需"), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("正在入库", total=None)

            def show(p) -> None:
                bar.update(task, total=p.total_files, completed=p.done_files, description=f"正在入库 {Path(p.current).name}" if p.current else "完成")

            report = kb.ingest(paths, progress=show)
    except AssistantError as error:
        fail(error)
    for item in report.files:
        console.print(escape(item.line()), style="red" if item.status == "failed" else None)
    console.print(f"共 {len(report.files)} 个文件：新增 {report.count('added')}，更新 {report.count('replaced')}，"
                  f"未变化 {report.count('unchanged')}，失败 {report.count('failed')}。")
    if report.failed:
        raise typer.Exit(1)


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="检索内容"),
    k: int = typer.Option(5, "--k", help="返回条数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    year: int | None = typer.Option(None, help="年份"),
    period: str | None = typer.Option(None, help="期间，如 上半年、全年、1-9月"),
    doc_type: str | None = typer.Option(None, "--type", help="文档类型，如 总结、计划、总结及计划"),
    kind: str | None = typer.Option(None, "--kind", help="章节类型，如 存在问题、工作计划"),
    source: str | None = typer.Option(None, help="只在某个文件中检索"),
    unit: str | None = typer.Option(None, help="单位名称"),
    mode: str = typer.Option("hybrid", help="hybrid（默认）/ dense / keyword"),
) -> None:
    """在素材库中检索（语义 + 关键词），给出出处。"""
    filters = {"year": year, "period": period, "doc_type": doc_type, "section_kind": kind, "source": source, "unit": unit}
    try:
        kb = _kb(ctx)
        # the best passage of each document, unless the search is within one document
        hits = kb.search(query, k=k, filters=filters, mode=mode, per_document=None if source else kb.settings.search.per_document)
    except AssistantError as error:
        fail(error)
    if as_json:
        typer.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        console.print("没有找到相关内容。")
    for i, hit in enumerate(hits, 1):
        console.print(f"[bold]{i}. {hit.citation}[/bold]  [dim]{hit.source}  得分 {hit.score:.4f}[/dim]")
        console.print(hit.text, highlight=False)
        console.print()


def corpus_list(ctx: typer.Context) -> None:
    """列出已入库的文件。"""
    try:
        documents = _kb(ctx).documents()
    except AssistantError as error:
        fail(error)
    table = Table("文件", "标题", "单位", "年份", "期间", "类型", "段落数")
    for d in documents:
        table.add_row(d.source, d.title, d.unit or "", str(d.year or ""), d.period or "", d.doc_type or "", str(d.chunks))
    console.print(table)
    console.print(f"共 {len(documents)} 个文件。")


def corpus_remove(ctx: typer.Context, source: str = typer.Argument(..., help="入库时的文件路径（见 corpus list）")) -> None:
    """从素材库删除一个文件（向量库和关键词索引一并删除）。"""
    try:
        removed = _kb(ctx).remove(source)
    except AssistantError as error:
        fail(error, code=1)
    console.print(f"已删除 {source}（{removed}段）。")


def register(app: typer.Typer) -> None:
    """Add the knowledge base commands."""
    app.command()(ingest)
    app.command()(search)
    corpus = typer.Typer(help="管理素材库中的文件", no_args_is_help=True)
    corpus.command("list")(corpus_list)
    corpus.command("remove")(corpus_remove)
    app.add_typer(corpus, name="corpus")
