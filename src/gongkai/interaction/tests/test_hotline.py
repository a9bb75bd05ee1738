"""12345 work orders: import (column variants, one transaction, Chinese row errors, idempotent with
updates), the workflow, the reply export."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.interaction import hotline
from gongkai.interaction.models import Message, State

pytestmark = pytest.mark.django_db

HEADER = [
    "工单编号",
    "受理时间",
    "诉求类型",
    "诉求标题",
    "诉求内容",
    "诉求人",
    "联系电话",
    "承办单位",
    "办理时限",
    "办结时间",
    "答复内容",
    "满意度",
]
ROWS = [
    [
        "GD-001",
        "2025-03-03 09:00",
        "咨询",
        "低保标准",
        "咨询低保标准",
        "张三",
        "13800000001",
        "随州市民政局",
        "2025-03-05",
        "2025-03-04 10:00",
        "已告知标准",
        "满意",
    ],
    [
        "GD-002",
        "2025-03-03 10:00",
        "投诉",
        "养老院收费",
        "投诉收费",
        "李四",
        "13800000002",
        "随州市民政局",
        "5",
        "",
        "",
        "",
    ],
]


def csv_file(tmp_path, rows, header=HEADER, name="orders.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_import_maps_column_variants_reports_unknown_and_sets_deadlines(tmp_path, agency_tree, capsys):
    header = [
        "工单号",
        "来电时间",
        "工单类型",
        "标题",
        "问题描述",
        "来电人",
        "来电号码",
        "办理单位",
        "办结时限",
        "办结日期",
        "办理结果",
        "回访结果",
        "所属区域",
    ]
    call_command("interaction", "import", str(csv_file(tmp_path, ROWS, header)), "--agency", "011330001")
    out = capsys.readouterr().out
    assert "新增2件" in out and "未识别的列（已忽略）：所属区域" in out
    done, open_ = Message.objects.get(number="GD-001"), Message.objects.get(number="GD-002")
    assert done.source == "hotline" and done.state == State.CLOSED and done.rating == "满意"
    assert done.platform_due_on.isoformat() == "2025-03-05" and done.on_time and done.workdays_taken == 1
    assert (
        open_.state == State.ACCEPTED and open_.platform_due_on.isoformat() == "2025-03-10"
    )  # 5 working days


def test_any_bad_row_imports_nothing_and_lists_every_error_with_its_row(tmp_path, agency_tree, capsys):
    rows = ROWS + [
        ["GD-003", "2025-02-30 09:00", "咨询", "t", "c", "x", "", "", "", "", "", ""],
        ["GD-004", "2025-03-03", "表扬", "t", "c", "x", "", "", "", "", "", ""],
        ["GD-001", "2025-03-03", "咨询", "t", "c", "x", "", "", "", "", "", ""],
        ["GD-005", "2025-03-03", "咨询", "t", "c", "x", "", "", "", "", "", "满意"],
    ]
    with pytest.raises(CommandError) as exc:
        call_command("interaction", "import", str(csv_file(tmp_path, rows)), "--agency", "011330001")
    assert exc.value.returncode == 1 and "未导入任何工单" in str(exc.value)
    err = capsys.readouterr().err
    assert "第3行 受理时间：“2025-02-30 09:00”不是有效的日期时间" in err
    assert "第4行 诉求类型：“表扬”不是已知的诉求类型" in err
    assert "第5行 工单编号：“GD-001”与第1行重复" in err
    assert "第6行 满意度：未办结的工单不应有满意度" in err
    assert Message.objects.count() == 0


def test_reimport_creates_nothing_and_updates_changed_rows(tmp_path, agency_tree):
    city = agency_tree["city"]
    first = hotline.import_orders(city, hotline.read_file("a.csv", csv_file(tmp_path, ROWS).read_bytes()))
    assert (first.created, first.updated) == (2, 0)
    same = hotline.import_orders(city, hotline.read_file("a.csv", csv_file(tmp_path, ROWS).read_bytes()))
    assert (same.created, same.updated, same.unchanged) == (0, 0, 2)
    later = [ROWS[0], ROWS[1][:9] + ["2025-03-12 15:00", "已责令整改", "基本满意"]]
    result = hotline.import_orders(city, hotline.read_file("b.csv", csv_file(tmp_path, later).read_bytes()))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    order = Message.objects.get(number="GD-002")
    assert order.state == State.CLOSED and order.reply == "已责令整改" and order.on_time is False  # due 03-10
    assert Message.objects.count() == 2


def test_xlsx_import_and_another_agencys_number_is_refused(tmp_path, agency_tree):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for row in ROWS:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    hotline.import_orders(agency_tree["city"], hotline.read_file("x.xlsx", buf.getvalue()))
    with pytest.raises(hotline.ImportFailed) as exc:
        hotline.import_orders(agency_tree["other"], hotline.read_file("x.xlsx", buf.getvalue()))
    assert "已由随州市民政局导入" in str(exc.value.errors[0])


def test_unknown_agency_or_file_type_is_a_chinese_error(tmp_path, agency_tree):
    with pytest.raises(CommandError, match="找不到代码为“999”的机关"):
        call_command("interaction", "import", str(csv_file(tmp_path, ROWS)), "--agency", "999")
    bad = tmp_path / "orders.json"
    bad.write_text("[]")
    with pytest.raises(CommandError):
        call_command("interaction", "import", str(bad), "--agency", "011330001")


def test_imported_order_goes_through_the_workflow_and_the_reply_exports(tmp_path, agency_tree, staff):
    from gongkai.interaction import services

    city = agency_tree["city"]
    hotline.import_orders(city, hotline.read_file("a.csv", csv_file(tmp_path, ROWS).read_bytes()))
    order = Message.objects.get(number="GD-002")
    services.assign(staff["dispatcher"], order, handler=staff["handler"])
    services.reply(staff["handler"], order, "经核查，该养老院已公示收费标准。")
    services.review_reply(staff["leader"], order, True)
    out = tmp_path / "replies.xlsx"
    call_command("interaction", "export", "--agency", "011330001", "-o", str(out))
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == hotline.EXPORT_COLUMNS
    assert {r[0] for r in rows[1:]} == {"GD-001", "GD-002"}
    assert [r for r in rows if r[0] == "GD-002"][0][7] == "经核查，该养老院已公示收费标准。"
