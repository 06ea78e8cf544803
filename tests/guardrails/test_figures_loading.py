"""Loading figure sets: JSON, YAML, CSV, XLSX, Chinese header variants, exact decimals, errors naming row and column."""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from assistant.figures import Figure, FigureError, FigureSet, figure_set_from, load_figures

DATA = Path(__file__).resolve().parent.parent / "data" / "figures"


def test_json_and_csv_of_the_same_set_agree():
    from_json = load_figures(DATA / "figures_2025h1.json")
    from_csv = load_figures(DATA / "figures_2025h1.csv")
    assert from_json.figures == from_csv.figures
    assert len(from_json.figures) == 12 and len(from_json.notes) == 10
    first = from_json.figures[0]
    assert first == Figure("规上工业总产值", Decimal("128.5"), "亿元", "1-6月", Decimal("4.47"), Decimal("123.0"), Decimal("266"))
    assert str(first.prior) == "123.0"  # trailing zero kept: Decimal from input to output


def test_json_floats_are_read_as_exact_decimals(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"figures": [{"name": "税收收入", "value": 0.1, "unit": "亿元", "yoy": -9.20}]}', encoding="utf-8")
    figure = load_figures(path).figures[0]
    assert figure.value == Decimal("0.1") and str(figure.yoy) == "-9.20"


def test_bare_json_list(tmp_path):
    path = tmp_path / "f.json"
    path.write_text('[{"name": "新签约项目", "value": 19, "unit": "个"}]', encoding="utf-8")
    assert load_figures(path) == FigureSet([Figure("新签约项目", Decimal(19), "个")], [])


def test_yaml_keeps_decimals(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(
        "figures:\n  - name: 规上工业总产值\n    value: 128.50\n    unit: 亿元\n    period: 1-6月\n    yoy: 4.47\n"
        "notes:\n  - 今年以来共签约19个项目。\n",
        encoding="utf-8",
    )
    fs = load_figures(path)
    assert str(fs.figures[0].value) == "128.50" and fs.figures[0].yoy == Decimal("4.47") and fs.notes == ["今年以来共签约19个项目。"]


HEADER_VARIANTS = [
    "指标,数值,单位,期间,同比增长(%),上年同期,目标",
    "指标名称,本期值,计量单位,统计期,同比增速（%）,上年同期值,全年目标",
    "名称,完成值,单位,时期,增速,去年同期,目标值",
    "name,value,unit,period,yoy,prior,target",
    " 指标 , 数值 , 单位 , 期间 , 同比 , 上年同期 , 目标 ",
]


@pytest.mark.parametrize("header", HEADER_VARIANTS)
def test_csv_header_variants(tmp_path, header):
    path = tmp_path / "f.csv"
    path.write_text(header + "\n规上工业总产值,128.5,亿元,1-6月,4.47,123.0,266\n", encoding="utf-8")
    assert load_figures(path).figures == [Figure("规上工业总产值", Decimal("128.5"), "亿元", "1-6月", Decimal("4.47"), Decimal("123.0"), Decimal("266"))]


def test_csv_in_gbk_with_separators_and_blank_optionals(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("指标,数值,单位,同比增长(%),目标\n进出口总额,\"25,300\",万美元,6.30%,—\n新签约项目,19,个,,\n".encode("gbk"))
    fs = load_figures(path)
    assert fs.figures[0] == Figure("进出口总额", Decimal("25300"), "万美元", yoy=Decimal("6.30"))
    assert fs.figures[1].target is None and fs.figures[1].yoy is None


def test_csv_notes_column(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("指标,数值,单位,备注\n新开工项目,17,个,上半年新开工项目17个，竣工项目11个。\n,,,走访企业650余家次。\n", encoding="utf-8")
    fs = load_figures(path)
    assert len(fs.figures) == 1 and fs.notes == ["上半年新开工项目17个，竣工项目11个。", "走访企业650余家次。"]


def _xlsx(path, rows, notes=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    for row in rows:
        sheet.append(row)
    if notes:
        extra = book.create_sheet("备注")
        for note in notes:
            extra.append([note])
    book.save(path)


def test_xlsx_with_notes_sheet(tmp_path):
    path = tmp_path / "f.xlsx"
    _xlsx(
        path,
        [["指标", "数值", "单位", "期间", "同比增长(%)"], ["规上工业总产值", 128.5, "亿元", "1-6月", 4.47], ["新签约项目", 19, "个", "1-6月", None]],
        ["今年以来共签约19个项目。"],
    )
    fs = load_figures(path)
    assert fs.figures[0].value == Decimal("128.5") and fs.figures[0].yoy == Decimal("4.47")
    assert fs.figures[1] == Figure("新签约项目", Decimal(19), "个", "1-6月")
    assert fs.notes == ["今年以来共签约19个项目。"]


def test_xlsx_percent_formatted_cells_read_as_shown(tmp_path):
    """Excel keeps 4.5% as 0.045; the figure must be the 4.5 the writer typed and sees."""
    path = tmp_path / "f.xlsx"
    _xlsx(path, [["指标", "数值", "单位", "同比增长(%)"], ["规上工业总产值", 128.5, "亿元", 0.045],
                 ["规上工业增加值增速", 0.062, "%", None], ["完成率", 1, "%", None], ["出口总额", 3.2, "亿元", -0.0467]])
    book = __import__("openpyxl").load_workbook(path)
    sheet = book["指标"]
    for ref in ("D2", "B3", "B4", "D5"):
        sheet[ref].number_format = "0.0%"
    book.save(path)
    figures = load_figures(path).figures
    assert figures[0].value == Decimal("128.5") and figures[0].yoy == Decimal("4.5")
    # "完成率" right after an indicator is that indicator's completion, as shown: 100, not 1
    assert figures[1].value == Decimal("6.2") and figures[1].aspect("completion").value == Decimal("100")
    assert figures[2].yoy == Decimal("-4.67")
    assert str(figures[1].aspect("completion").value) == "100"  # no exponent form reaches a draft


def test_xlsx_numbers_stored_as_text(tmp_path):
    path = tmp_path / "f.xlsx"
    _xlsx(path, [["指标名称", "本期值", "单位"], ["兑现奖补资金", "5,120", "万元"]])
    assert load_figures(path).figures[0].value == Decimal("5120")


BAD_CSV_ROWS = [
    ("产值,abc,亿元", "第2行", "数值", "abc"),
    ("产值,12.3.4,亿元", "第2行", "数值", "12.3.4"),
    ("产值,128.5%,亿元", "第2行", "数值", "128.5%"),
    ("产值,\"128,5\",亿元", "第2行", "数值", "128,5"),
    (",128.5,亿元", "第2行", "指标", None),
    ("产值,,亿元", "第2行", "数值", None),
    ("产值,,亿元", "第2行", "数值", None),
]


@pytest.mark.parametrize("row, where, column, value", BAD_CSV_ROWS)
def test_bad_csv_row_names_row_and_column(tmp_path, row, where, column, value):
    path = tmp_path / "f.csv"
    path.write_text("指标,数值,单位\n" + row + "\n", encoding="utf-8")
    with pytest.raises(FigureError) as info:
        load_figures(path)
    assert where in info.value.message and column in info.value.message and info.value.hint
    if value:
        assert value in info.value.message


def test_bad_row_further_down_is_counted_as_the_spreadsheet_counts(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("指标,数值,单位,同比增长(%)\n产值,128.5,亿元,4.47\n\n投资,35.26,亿元,九点六\n", encoding="utf-8")
    with pytest.raises(FigureError) as info:
        load_figures(path)
    assert "第4行" in info.value.message and "同比增长(%)" in info.value.message and "投资" in info.value.message


def test_bad_xlsx_cell(tmp_path):
    path = tmp_path / "f.xlsx"
    _xlsx(path, [["指标", "数值", "单位"], ["产值", 128.5, "亿元"], ["投资", "三十五", "亿元"]])
    with pytest.raises(FigureError) as info:
        load_figures(path)
    assert "第3行" in info.value.message and "数值" in info.value.message


def test_any_unit_is_read_and_a_missing_one_is_kept_empty(tmp_path):
    """Units beyond the built-in list (斤, 面, 万元/亩) are read as written; a blank unit is a bare number, never a guess."""
    path = tmp_path / "f.csv"
    path.write_text("指标,数值,单位\n产值,128.5,斤\n锦旗,12,面\n亩均税收,35.2,万元/亩\n企业数,71642,\n", encoding="utf-8")
    figures = load_figures(path).figures
    assert [(f.name, f.unit) for f in figures] == [("产值", "斤"), ("锦旗", "面"), ("亩均税收", "万元/亩"), ("企业数", "")]


def test_unknown_and_missing_headers(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("指标,数值,单位,颜色\n产值,1,亿元,红\n", encoding="utf-8")
    with pytest.raises(FigureError, match="颜色"):
        load_figures(path)
    path.write_text("指标,单位\n产值,亿元\n", encoding="utf-8")
    with pytest.raises(FigureError, match="数值"):
        load_figures(path)


@pytest.mark.parametrize(
    "obj, fragment",
    [
        ({"figures": [{"name": "产值", "value": "x", "unit": "亿元"}]}, "第1个指标"),
        ({"figures": [{"value": 1, "unit": "亿元"}]}, "name"),
        ({"figures": [{"name": "产值", "value": 1, "unit": "亿元", "colour": 1}]}, "colour"),
        ({"figures": [{"name": "产值", "value": 1, "unit": "亿元", "period": "本期"}]}, "本期"),
        ({"figures": [{"name": "产值", "value": True, "unit": "亿元"}]}, "True"),
        ({"figs": []}, "figs"),
        ({"figures": {}}, "figures"),
        ({"notes": [1, 2]}, "notes"),
        ("规上工业总产值128.5亿元", "str"),
    ],
)
def test_figure_set_from_rejects_bad_objects(obj, fragment):
    with pytest.raises(FigureError) as info:
        figure_set_from(obj)
    assert fragment in info.value.message


def test_bad_files(tmp_path):
    with pytest.raises(FigureError, match="找不到"):
        load_figures(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{figures: [}", encoding="utf-8")
    with pytest.raises(FigureError, match="JSON"):
        load_figures(bad)
    other = tmp_path / "f.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(FigureError, match=r"\.txt"):
        load_figures(other)
    broken = tmp_path / "f.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(FigureError, match="Excel"):
        load_figures(broken)


def test_rows_from_an_editor_are_read_like_a_sheet():
    from assistant.figures import figure_set_from_rows

    fs = figure_set_from_rows([["指标", "数值", "单位"], ["新签约项目", "19", "个"]])
    assert fs.figures == [Figure("新签约项目", Decimal(19), "个")]
    with pytest.raises(FigureError, match="第3行"):
        figure_set_from_rows([["指标", "数值", "单位"], ["新签约项目", "19", "个"], ["竣工项目", "十一", "个"]])


def test_figure_set_from_accepts_the_three_forms():
    figure = Figure("新签约项目", Decimal(19), "个")
    assert figure_set_from([figure]).figures == [figure]
    assert figure_set_from({"figures": [{"name": "新签约项目", "value": 19, "unit": "个"}], "notes": "签约19个项目。"}).notes == ["签约19个项目。"]
    same = FigureSet([figure])
    assert figure_set_from(same) is same
