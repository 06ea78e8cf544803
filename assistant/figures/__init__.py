"""The writer's inputs: indicators with their aspects, read from tables in the shapes offices send, and notes."""

from assistant.figures.files import FIELD_ZH, FIELDS, figure_set_from, figure_set_from_rows, load_figures, make_figure, table_rows
from assistant.figures.model import ASPECTS, RATE_ASPECTS, Aspect, Figure, FigureError, FigureSet, is_growth_name, to_decimal

__all__ = [
    "ASPECTS",
    "FIELDS",
    "FIELD_ZH",
    "RATE_ASPECTS",
    "Aspect",
    "Figure",
    "FigureError",
    "FigureSet",
    "figure_set_from",
    "figure_set_from_rows",
    "is_growth_name",
    "load_figures",
    "make_figure",
    "table_rows",
    "to_decimal",
]
