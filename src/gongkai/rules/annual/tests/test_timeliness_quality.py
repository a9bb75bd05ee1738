"""Art. 49 deadlines, the quality score and year-over-year changes (pure rules)."""

from datetime import date

import pytest

from gongkai.rules.annual.changes import changes
from gongkai.rules.annual.model import require_row, zero_report
from gongkai.rules.annual.quality import blank_cells, quality_score
from gongkai.rules.annual.timeliness import agency_type, days_late, is_late, publication_deadline


def test_article_49_deadlines():
    # 部门: 31 January of the following year; 政府: 31 March (Art. 49).
    assert publication_deadline("部门", 2025) == date(2026, 1, 31)
    assert publication_deadline("政府", 2025) == date(2026, 3, 31)
    assert is_late("部门", 2025, date(2026, 1, 31)) is False
    assert is_late("部门", 2025, date(2026, 2, 1)) is True
    assert is_late("政府", 2025, date(2026, 3, 31)) is False
    assert is_late("政府", 2025, date(2026, 4, 1)) is True
    assert days_late("政府", 2025, date(2026, 4, 10)) == 10


def test_unknown_date_is_neither_late_nor_on_time():
    assert is_late("部门", 2025, None) is None
    assert days_late("部门", 2025, None) is None


def test_agency_type_words():
    assert agency_type("人民政府") == "政府"
    assert agency_type(" 部门 ") == "部门"
    with pytest.raises(ValueError, match="机关类型应为“政府”或“部门”（第四十九条），实为“事业单位”"):
        agency_type("事业单位")


def test_not_found_scores_zero():
    q = quality_score(found=False)
    assert q.total == 0
    assert "未找到" in q.parts[0].why


def test_full_report_on_time_without_findings_scores_100():
    q = quality_score(found=True, report=zero_report("2021", 2025), late=False, days_late=0)
    assert q.total == 100


def test_points_lost_are_explained():
    report = zero_report("2021", 2025)
    cells, _ = blank_cells(report)
    # blank a quarter of the cells of section 三 … simply blank 10 cells
    blanked = 0
    for row in ("new_received", "carried_over"):
        for col in list(require_row(report["applications"], row))[:5]:
            require_row(report["applications"], row)[col] = None
            blanked += 1
    q = quality_score(
        found=True, report=report, rules_failed=[1, 1, 3], late=True, days_late=45, scanned=True
    )
    parts = {p.name: p for p in q.parts}
    assert parts["及时"].points == 0 and "晚于第四十九条规定的期限45天" in parts["及时"].why
    assert parts["完整"].points == round(25 * (cells - blanked) / cells)
    assert parts["完整"].why == f"表格{cells}格中空白{blanked}格"
    assert parts["勾稽"].points == 20 and parts["勾稽"].why == "不符合勾稽规则1、3"
    assert parts["可读"].points == 5
    assert q.total == sum(p.points for p in q.parts)


def test_late_within_30_days_and_undated():
    report = zero_report("2021", 2025)
    assert quality_score(found=True, report=report, late=True, days_late=30).total == 85
    assert quality_score(found=True, report=report, late=None).total == 90


def _with_received(n: int) -> dict:
    report = zero_report("2021", 2025)
    require_row(report["applications"], "new_received")["total"] = n
    return report


def test_year_over_year_changes_beyond_threshold():
    found = changes(_with_received(40), _with_received(100), threshold=0.5)
    assert [(c.figure, c.before, c.after) for c in found] == [("new_received", 40, 100)]
    assert str(found[0]) == "本年新收申请由40增加至100（+150%）"
    assert changes(_with_received(40), _with_received(59), threshold=0.5) == []
    assert changes(_with_received(4), _with_received(9)) == []  # small numbers are noise
