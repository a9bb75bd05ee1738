"""Flags and ranking of a supervisor's review (Art. 49 deadlines, blank cells, findings, changes)."""

from datetime import date

from gongkai.rules.annual.model import require_row, zero_report
from gongkai.rules.annual.supervision import Subject, assess, rank, tally

YEAR = 2025
TODAY = date(2026, 6, 1)


def _report(received=20):
    report = zero_report("2021", YEAR, None)
    cells = require_row(report["applications"], "new_received")
    cells["natural_person"] = cells["total"] = received
    return report


def _subject(name="甲局", kind="部门", **kw):
    base = {"level": "下一级", "on_platform": True, "found": True, "report": _report()}
    return Subject(name=name, kind=kind, **(base | kw))


def _codes(a):
    return [f.code for f in a.flags]


def test_department_late_after_31_january_government_not_before_31_march():
    dept = assess(_subject(published_on=date(2026, 2, 1)), YEAR, TODAY)
    assert dept.late is True and dept.days_late == 1 and _codes(dept) == ["late"]
    assert "2026年01月31日" in dept.flags[0].why and "1天" in dept.flags[0].why
    gov = assess(_subject(kind="政府", published_on=date(2026, 3, 31)), YEAR, TODAY)
    assert gov.late is False and gov.flags == () and gov.status == "按时公布"
    assert gov.quality.total == 100


def test_missing_is_overdue_only_after_the_deadline():
    missing = _subject(found=False, report=None, reason="在网站上未找到")
    before = assess(missing, YEAR, date(2026, 1, 31))
    assert before.late is False and before.flags == () and before.status == "未公布（未到期）"
    after = assess(missing, YEAR, date(2026, 2, 1))
    assert after.late is True and _codes(after) == ["overdue"] and after.faulty
    assert "第四十九条" in after.flags[0].why and "在网站上未找到" in after.flags[0].why
    assert after.quality.total == 0


def test_undated_is_information_not_a_fault():
    a = assess(_subject(published_on=None), YEAR, TODAY)
    assert _codes(a) == ["undated"] and not a.faulty and a.late is None


def test_blank_cells_and_findings_say_where_and_why():
    report = _report()
    require_row(report["applications"], "granted")["total"] = None
    finding = {
        "rule": 1, "row": "applications.new_received", "column": "total",
        "expected": 20, "found": 21, "message": "各列之和与总计不符",
    }  # fmt: skip
    a = assess(_subject(report=report, findings=[finding], published_on=date(2026, 1, 5)), YEAR, TODAY)
    blank = next(f for f in a.flags if f.code == "blank")
    assert blank.label == "空白1格" and "（三）" not in blank.where
    assert "予以公开" in blank.where and "总计" in blank.where
    rule = next(f for f in a.flags if f.code == "rule")
    assert rule.rule == 1 and "本年新收" in rule.where and "总计" in rule.where
    assert "各列之和与总计不符" in rule.why and "应为20，实为21" in rule.why
    assert a.faulty and a.findings_by_rule == {1: [finding]}


def test_year_over_year_change_beyond_the_threshold():
    a = assess(
        _subject(report=_report(40), previous=_report(20), published_on=date(2026, 1, 5)),
        YEAR,
        TODAY,
        threshold=0.5,
    )
    assert [f.code for f in a.flags] == ["change"] and "20增加至40" in a.flags[0].why
    calm = assess(
        _subject(report=_report(40), previous=_report(20), published_on=date(2026, 1, 5)),
        YEAR,
        TODAY,
        threshold=1.5,
    )
    assert calm.flags == ()


def test_rank_by_quality_ties_share_a_place():
    on_time = assess(_subject("乙局", published_on=date(2026, 1, 5)), YEAR, TODAY)
    same = assess(_subject("甲局", published_on=date(2026, 1, 6)), YEAR, TODAY)
    late = assess(_subject("丙局", published_on=date(2026, 3, 5)), YEAR, TODAY)
    missing = assess(_subject("丁局", found=False, report=None), YEAR, TODAY)
    ranked = rank([late, missing, on_time, same])
    assert [(a.subject.name, a.rank) for a in ranked] == [("乙局", 1), ("甲局", 1), ("丙局", 3), ("丁局", 4)]
    by_kind = tally(ranked, "kind")  # scores 100, 100, 75 (33 days late: 0 of 25), 0
    assert by_kind["部门"] == {"on_time": 2, "late": 1, "missing": 1, "faulty": 2, "n": 4, "score": 68.8}
