import datetime as dt

import pytest
from django.urls import reverse

from gongkai.disclosure.models import Document

pytestmark = pytest.mark.django_db


def test_dashboard_lists_documents_due_within_5_working_days_and_overdue(
    client, agency_tree, workflow, monkeypatch
):
    from gongkai.workbench import views

    city = agency_tree["city"]
    editor, _ = workflow.staff_for(city)
    # Today 2025-02-17 (Mon). Written 2025-01-20 → due 2025-02-21: 4 working days left.
    monkeypatch.setattr(views.timezone, "localdate", lambda: dt.date(2025, 2, 17))
    workflow.draft(city, editor, title="即将到期的通知", written_on=dt.date(2025, 1, 20))
    workflow.draft(city, editor, title="已经超期的通知", written_on=dt.date(2024, 12, 2))
    workflow.draft(city, editor, title="时间还早的通知", written_on=dt.date(2025, 2, 14))
    workflow.publish(city, title="已发布的通知", written_on=dt.date(2024, 11, 1))
    workflow.draft(agency_tree["other"], title="别的机关超期", written_on=dt.date(2024, 12, 2))
    client.force_login(editor)
    page = client.get(reverse("staff:dashboard")).content.decode()
    soon, overdue = page.split("5个工作日内到期")[1], page.split("已超期")[1].split("5个工作日内到期")[0]
    assert "即将到期的通知" in soon and "2025-02-21" in soon
    assert "已经超期的通知" in overdue
    for absent in ("时间还早的通知", "已发布的通知", "别的机关超期"):
        assert absent not in page
    assert Document.objects.filter(title="已经超期的通知").get().publish_due_on == dt.date(2024, 12, 30)
