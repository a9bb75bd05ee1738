"""The audit trail in words staff read: 创建, 草稿 → 已发布, 确认收到日期 — never the stored codes
(``create``, ``draft → published``, ``confirm_receipt``).

An action's label comes from, in order: the words below for that kind of record, the labels of
the app's workflow table (``gongkai.<app>.workflow``: its steps and transitions carry ``action``
and ``label``), the words below for any record, and the case events' labels (the rules package).
A state's label comes from the ``state``/``status`` choices of the record's model, then of the
other models of its app (a case's reply letter: 草稿, 已签发, 已送达). A code that none of these
knows is shown as it is — the test over every ``record(…)`` call keeps that from happening.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps

from gongkai.rules.deadline_events import EVENT_LABELS

GENERAL = {
    "create": "创建",
    "edit": "修改",
    "attach": "添加附件",
    "detach": "删除附件",
    "import": "导入",
    "reimport": "重新导入",
    "harvest_import": "采集导入年度报告",
    "harvest_reimport": "重新采集导入年度报告",
    "import_update": "导入更新",
    "change_validity": "变更效力状态",
    "submit": "提交",
    "anonymise": "个人信息匿名化",
    "enter_holiday_year": "录入节假日安排",
    "add_site": "添加网站",
    "inspect": "网站检查",
    "result": "登记结果",
    "box_saved": "保存信箱设置",
    "transfer_received": "收到转办",
}
BY_TYPE = {
    "applications.application": {
        "submit": "提交申请",
        "confirm_receipt": "确认收到日期",
        "assign": "分配承办人",
        "draft_reply": "起草答复告知书",
        "edit_reply": "修改答复告知书",
        "sign_reply": "签发答复告知书",
        "send_reply": "送达答复告知书",
        "fee_waived": "减免信息处理费",
        "fee_notice_sent": "发出收费通知",
        # The information given with the reply (gongkai.delivery).
        "attach_file": "添加答复所附信息",
        "file_release": "设为随答复提供",
        "file_kept": "设为不随答复提供",
        "remove_file": "删除答复所附信息",
        "convert_file": "转换为PDF",
        "redaction_mark": "标记区分处理内容",
        "redaction_unmark": "取消区分处理标记",
        "redaction_applied": "生成区分处理后的文件",
        "release_files": "随答复提供信息",
        "applicant_download": "申请人下载所提供的信息",
        "record_service": "登记送达情况",
    },
    "reports.annualreport": {
        "enter_figures": "录入数字",
        "enter_carried_over": "填报上年结转",
        "edit_prose": "修改文字部分",
        "rebuild": "按记录重新计算",
        "send_for_publication": "送审发布",
        "review_returned": "保密审查退回",
        "published": "已公开",
        "withdrawn": "已撤回",
        "send_failed": "送审失败（生成文件出错）",
        "send_lost": "送审中断，退回定稿",
        "submitted_for_review": "已送保密审查",
    },
    "appeals.appealcase": {"create": "登记案件"},
}


@cache
def _workflow_labels(app_label: str) -> dict[str, str]:
    try:
        module = import_module(f"gongkai.{app_label}.workflow")
    except ImportError:
        return {}
    out: dict[str, str] = {}
    for value in vars(module).values():
        if isinstance(value, dict):
            for step in value.values():
                action, label = getattr(step, "action", None), getattr(step, "label", None)
                if isinstance(action, str) and isinstance(label, str):
                    out.setdefault(action, label)
    return out


def action_label(object_type: str, action: str) -> str:
    """“确认收到日期” for ``confirm_receipt`` on an application."""
    for table in (BY_TYPE.get(object_type, {}), _workflow_labels(object_type.split(".")[0]), GENERAL):
        if action in table:
            return table[action]
    event = next((label for kind, label in EVENT_LABELS.items() if kind.value == action), None)
    return event or action


@cache
def _state_labels(object_type: str) -> dict[str, str]:
    app_label, _, model_name = object_type.partition(".")
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return {}
    models = sorted(
        config.get_models(), key=lambda m: m._meta.model_name != model_name
    )  # the record's own first
    out: dict[str, str] = {}
    for model in models:
        for field in model._meta.get_fields():
            if getattr(field, "name", "") in ("state", "status") and getattr(field, "choices", None):
                for value, label in field.choices:
                    out.setdefault(str(value), str(label))
    return out


def state_label(object_type: str, state: str) -> str:
    """“已发布” for ``published`` on a document; a value that is not a state (a handler's name) stays."""
    return _state_labels(object_type).get(state, state) if state else state


# Records that are not a model of their own.
OTHER_OBJECTS = {"security.event": "安全事件"}


def object_label(object_type: str) -> str:
    """“政府信息” for ``disclosure.document``: the record's kind as staff call it."""
    if object_type in OTHER_OBJECTS:
        return OTHER_OBJECTS[object_type]
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type
