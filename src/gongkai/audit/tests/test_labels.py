"""History and audit lines in Chinese (issue 11 item 13): every action the code records has words,
and the staff pages show them — 确认收到日期, 草稿 → 已发布 — not the stored codes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.audit import labels
from gongkai.rules.deadline_events import EventKind

SRC = Path(labels.__file__).resolve().parents[1]
# Apps whose pages show the audit trail through AuditEntry's labels (interaction words its own).
APPS = ("applications", "disclosure", "reports", "appeals", "workdays", "collected", "sitecheck", "api")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _recorded_actions(app: str) -> set[str]:
    found = set()
    for path in (SRC / app).rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'\brecord\(\s*[\w.]+,\s*"([a-z_]+)"', text))
        found |= set(
            re.findall(r'\brecord\(\s*[\w.]+,\s*"([a-z_]+)" if \w+ else "([a-z_]+)"', text)
            and sum(re.findall(r'\brecord\(\s*[\w.]+,\s*"([a-z_]+)" if \w+ else "([a-z_]+)"', text), ())
        )
    return found


@pytest.mark.parametrize("app", APPS)
def test_every_recorded_action_has_chinese_words(app):
    actions = _recorded_actions(app)
    if app == "applications":
        actions |= {k.value for k in EventKind} | {"confirm_receipt", "send_reply"}
    types = [t for t in labels.BY_TYPE if t.startswith(app + ".")] or [f"{app}.x"]
    missing = sorted(a for a in actions if not any(_CJK.search(labels.action_label(t, a)) for t in types))
    assert missing == []


pytestmark = pytest.mark.django_db


def test_the_document_history_reads_in_chinese(client, agency_tree, workflow):
    doc = workflow.publish(agency_tree["city"], title="关于公布救助标准的通知")
    editor, _ = workflow.staff_for(agency_tree["city"])
    client.force_login(editor)
    page = client.get(reverse("staff:document", args=[doc.pk])).content.decode()
    history = page[page.index('id="hist"') :]
    assert "创建" in history and "审查通过待发布 → 已发布" in history and "提交保密审查" in history
    for code in (">create<", ">publish<", "approved", "published", "draft →"):
        assert code not in history


def test_findings_and_parse_hints_name_rows_in_chinese():
    from gongkai.rules.annual.checks import Finding
    from gongkai.rules.annual.parse.report import ParseWarning

    hint = str(ParseWarning("applications.withheld.state_secret", "数字无法识别，记为空"))
    assert hint == "三、申请情况 · （三）不予公开1.属于国家秘密：数字无法识别，记为空"
    finding = Finding(6, "applications.new_received", "total", 5, 2, "正文所述收到的申请数")
    assert finding.place == "三、申请情况 · 一、本年新收政府信息公开申请数量 · 总计"
    assert "applications." not in str(finding) and "total" not in str(finding)
