"""Column widths of printed tables (a 通报's lists): sized to their content, the width of the line."""

import pytest

from gongkai.rules.annual.render.columns import PADDING, fit_columns, text_width

LATE = ("机关", "类型", "公布期限", "公布日期", "逾期天数", "来源")
ROWS = [
    ["示例市住房和城乡建设局", "部门", "2026-01-31", "2026-02-15", "15", "https://www.example.gov.cn/zjj/ndbg/t2025_1.pdf"],
    ["示例区人民政府", "政府", "2026-03-31", "未公布", "310", "—"],
]  # fmt: skip
LINE = 44.2  # 156 mm at 10 pt


def test_the_widths_fill_the_line_exactly():
    widths = fit_columns(LATE, ROWS, LINE)
    assert sum(widths) == pytest.approx(LINE)
    assert len(widths) == len(LATE)


def test_figures_and_dates_keep_their_width_and_names_and_addresses_get_the_rest():
    name, kind, deadline, published, days, source = fit_columns(LATE, ROWS, LINE)
    assert deadline == pytest.approx(text_width("2026-01-31") + PADDING)  # a date on one line
    assert published == deadline
    assert days == pytest.approx(text_width("逾期天数") + PADDING)  # the header is the widest
    assert kind == pytest.approx(text_width("部门") + PADDING)  # a short word is not broken
    assert name > 2 * days and source > 2 * days  # the text columns are the wide ones
    assert name >= text_width("示例市住房和城乡建设局")  # a long name on one line where it fits


def test_a_narrow_table_gives_its_spare_room_to_the_text_not_to_the_figures():
    headers = ("排名", "机关", "得分")
    widths = fit_columns(headers, [["1", "示例县民政局", "85"], ["2", "示例县人民政府", "100"]], LINE)
    assert widths[0] == pytest.approx(text_width("排名") + PADDING)
    assert widths[2] == pytest.approx(text_width("得分") + PADDING)
    assert widths[1] == pytest.approx(LINE - widths[0] - widths[2])


def test_when_nothing_fits_everything_shrinks_alike_and_still_fills_the_line():
    headers = tuple(f"{c}列数字" for c in "甲乙丙丁戊己庚辛壬癸子丑")
    widths = fit_columns(headers, [["123456789"] * 12], 30)
    assert sum(widths) == pytest.approx(30) and max(widths) == pytest.approx(min(widths))
