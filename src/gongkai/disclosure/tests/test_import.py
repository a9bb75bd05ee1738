import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gongkai.audit.models import AuditEntry
from gongkai.disclosure.importing import ImportFailed, import_documents, read_rows
from gongkai.disclosure.models import Document

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "信息名称": "关于提高城乡低保标准的通知",
        "主题分类": "民政、扶贫、救灾",
        "体裁": "通知",
        "成文日期": "2024-03-01",
        "发布日期": "2024-03-05 10:00",
        "文号": "随民发(2024)5号",
        "规范性文件类型": "行政规范性文件",
        "正文": "第一段\n第二段",
    },
    {
        "信息名称": "随州市民政局2023年政府信息公开工作年度报告",
        "主题分类": "政府信息公开年度报告",
        "成文日期": "2024-01-20",
        "发布日期": "2024/1/25",
        "索引号": "011330421/2024-00100",
    },
]


def write(tmp_path, fmt, rows=ROWS):
    path = tmp_path / f"docs.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif fmt == "csv":
        keys = sorted({k for r in rows for k in r})
        buf = io.StringIO()
        w = csv.DictWriter(buf, keys)
        w.writeheader()
        w.writerows(rows)
        path.write_bytes(buf.getvalue().encode("gb18030"))  # as Excel in China saves it
    else:
        keys = sorted({k for r in rows for k in r})
        wb = openpyxl.Workbook()
        wb.active.append(keys)
        for r in rows:
            wb.active.append([r.get(k) for k in keys])
        wb.save(path)
    return path


@pytest.fixture
def city(agency_tree):
    city = agency_tree["city"]
    city.code = "011330421"
    city.save()
    return city


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_import_each_format_twice_changes_nothing_the_second_time(tmp_path, city, fmt):
    path = write(tmp_path, fmt)
    out = io.StringIO()
    call_command("import-documents", str(path), "--agency", city.code, stdout=out)
    assert "新增2条" in out.getvalue()
    docs = {d.title: d for d in Document.objects.filter(agency=city)}
    notice = docs["关于提高城乡低保标准的通知"]
    assert notice.doc_number == "随民发〔2024〕5号" and notice.index_number == "011330421/2024-00001"
    assert notice.body == "<p>第一段</p><p>第二段</p>" and notice.regulatory_kind == "normative"
    assert docs["随州市民政局2023年政府信息公开工作年度报告"].index_number == "011330421/2024-00100"
    audit_count = AuditEntry.objects.count()
    out = io.StringIO()
    call_command("import-documents", str(path), "--agency", city.code, stdout=out)
    assert "新增0条" in out.getvalue() and "跳过2条" in out.getvalue()
    assert Document.objects.filter(agency=city).count() == 2 and AuditEntry.objects.count() == audit_count


def test_a_bad_row_imports_nothing_and_names_row_and_field(tmp_path, city):
    rows = [
        *ROWS,
        {"信息名称": "", "主题分类": "不存在的分类", "发布日期": "2024-13-40", "文号": "随民发2024年5号"},
    ]
    with pytest.raises(ImportFailed) as exc:
        import_documents(city, read_rows("x.json", json.dumps(rows, ensure_ascii=False).encode()))
    messages = [str(e) for e in exc.value.errors]
    assert "第3行 信息名称：不能为空" in messages
    assert any(m.startswith("第3行 主题分类：") and "不存在的分类" in m for m in messages)
    assert any(m.startswith("第3行 发布日期：") for m in messages)
    assert any(m.startswith("第3行 文号：") for m in messages)
    assert Document.objects.count() == 0
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command(
            "import-documents", str(write(tmp_path, "json", rows)), "--agency", city.code, stderr=err
        )
    assert "第3行" in err.getvalue()


def test_wrong_agency_code_in_index_number_and_unknown_file_type(city):
    rows = [{**ROWS[1], "索引号": "999999999/2024-00001"}]
    with pytest.raises(ImportFailed) as exc:
        import_documents(city, rows)
    assert "机构代码" in str(exc.value.errors[0])
    with pytest.raises(ImportFailed, match="导入失败"):
        read_rows("x.txt", b"abc")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("header.csv", "信息名称,成文日期\n".encode()),
        ("empty.json", b"[]"),
        ("blank.xlsx", None),
    ],
)
def test_a_file_with_nothing_in_it_is_an_error_not_zero_imported(tmp_path, city, name, content):
    """Issue 12 item 6: an empty file used to say 新增0条 with exit status 0."""
    path = tmp_path / name
    if content is None:
        openpyxl.Workbook().save(path)
    else:
        path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import-documents", str(path), "--agency", city.code, stdout=io.StringIO(), stderr=err)
    assert "文件中没有任何信息记录" in err.getvalue()
    assert not Document.objects.exists()
