import pytest

VALID = {
    "applicant_kind": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
    "id_number": "11010519491231002X", "phone": "138 1234 5678", "email": "zhang@example.cn",
    "address": "湖北省随州市曾都区某路1号", "postcode": "441300",
    "description": "2024年度城乡最低生活保障资金发放情况", "document_title": "", "document_number": "",
    "medium": "electronic", "delivery": "email", "purpose": "",
}


@pytest.fixture
def form_data():
    return dict(VALID)


@pytest.fixture
def case_staff(agency_tree, make_staff):
    city = agency_tree["city"]
    return {
        "handler": make_staff(city, "handler", username="handler"),
        "head": make_staff(city, "office_head", username="head"),
        "leader": make_staff(city, "leader", username="leader"),
        "outsider": make_staff(agency_tree["other"], "handler", "office_head", "leader", username="outsider"),
    }


@pytest.fixture
def on(monkeypatch):
    """Move the applications' clock to 10:00 on a date: ``on(date)``."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.applications import services

    def move(day):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        monkeypatch.setattr(services, "now", lambda: moment)
        return day

    return move


@pytest.fixture
def agency_tree(agency_tree):
    """The shared tree, with the 告知书设置 an agency live on the platform has: the 机关代字 of the
    letters' number and the 行政复议机关 (行政复议法 2023 Art. 20 ¶3, Art. 24). 岳阳市民政局
    (``other``) has none: its letters show the gaps."""
    from gongkai.applications.models import LetterSettings

    for key, prefix, body in (("province", "鄂民依公开", "湖北省人民政府"), ("city", "随民依公开", "随州市人民政府"),
                              ("district", "曾民依公开", "随州市曾都区人民政府")):
        LetterSettings.objects.create(agency=agency_tree[key], number_prefix=prefix, reconsideration_body=body)
    return agency_tree
