import datetime as dt

import pytest

MESSAGE = {
    "name": "李四",
    "phone": "13912345678",
    "email": "",
    "kind": "consult",
    "title": "低保申请条件咨询",
    "content": "请问低保申请需要哪些材料？我的身份证号420102199001011234。",
    "public_ok": "yes",
}


@pytest.fixture
def message_data():
    return dict(MESSAGE)


@pytest.fixture
def on(monkeypatch):
    """Move the interaction clock to 10:00 on a date: ``on(date)``."""
    from django.utils import timezone

    from gongkai.interaction import services

    def move(day):
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        monkeypatch.setattr(services, "now", lambda: moment)
        return day

    return move


@pytest.fixture
def box(agency_tree):
    from gongkai.interaction.models import Box

    return Box.objects.create(
        agency=agency_tree["city"],
        name="局长信箱",
        kinds=["consult", "help", "suggest", "complain", "report", "other"],
    )


@pytest.fixture
def staff(agency_tree, make_staff):
    city = agency_tree["city"]
    return {
        "dispatcher": make_staff(city, "agency_admin", username="dispatcher"),
        "handler": make_staff(city, "handler", username="mhandler"),
        "leader": make_staff(city, "leader", "reviewer", username="mleader"),
        "other_handler": make_staff(agency_tree["other"], "handler", "agency_admin", username="yy-handler"),
        "district": make_staff(agency_tree["district"], "agency_admin", "handler", username="zd-admin"),
        "supervisor": make_staff(agency_tree["province"], "supervisor", username="prov-sup"),
    }


@pytest.fixture
def submitted(box, message_data):
    """A message as the public submits it: (message, 查询码)."""
    from gongkai.interaction import services

    data = message_data | {"public_ok": True}
    return services.submit(box, data)


@pytest.fixture
def answered(submitted, staff):
    """A message taken through accept → assign → reply → review (approved for publication)."""
    from gongkai.interaction import services

    msg, code = submitted
    services.accept(staff["dispatcher"], msg)
    services.assign(staff["dispatcher"], msg, handler=staff["handler"])
    services.reply(staff["handler"], msg, "您好，申请低保需提供户口簿、身份证和收入证明，请到社区办理。")
    msg = services.review_reply(staff["leader"], msg, True, publish=True)
    return msg, code
