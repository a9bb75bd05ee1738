"""三员分立 (issue 12 item 9): system, security and audit administrators apart; the audit
administrator reads the audit and nothing else; demo accounts refused in production."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.urls import reverse

from gongkai.agencies.models import User
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import append

pytestmark = pytest.mark.django_db


def test_one_person_holds_one_administrator_role(agency_tree, make_staff):
    with pytest.raises(ValidationError, match="三员分立"):
        make_staff(agency_tree["province"], "system_admin", "security_admin")
    with pytest.raises(ValidationError, match="审计管理员"):
        make_staff(agency_tree["province"], "audit_admin", "editor")
    user = make_staff(agency_tree["province"], "security_admin", username="anquan")
    user.roles = ["security_admin", "audit_admin"]
    with pytest.raises(ValidationError):
        user.save()


@pytest.fixture
def auditor(agency_tree, make_staff, enrolled, client):
    user = make_staff(agency_tree["province"], "audit_admin", username="shenji")
    enrolled(user)
    client.force_login(user)
    return user


def test_audit_administrator_reads_the_audit_and_nothing_else(auditor, client, agency_tree):
    append(
        object_type="disclosure.document",
        object_id="7",
        action="publish",
        actor_label="编辑甲",
        agency=agency_tree["city"],
        source_ip="192.0.2.1",
    )
    append(
        object_type="disclosure.document",
        object_id="8",
        action="publish",
        actor_label="编辑乙",
        agency=agency_tree["other"],
        source_ip="192.0.2.2",
    )
    page = client.get(reverse("staff:audit")).content.decode()
    assert "编辑甲" in page and "192.0.2.1" in page
    assert "编辑乙" not in page  # another agency tree
    # The workbench home (where a login lands) takes the auditor to the audit log, not to a refusal.
    assert client.get(reverse("staff:dashboard")).url == reverse("staff:audit")
    for name in ("staff:documents", "staff:applications", "staff:lockouts"):
        response = client.get(reverse(name))
        assert response.status_code == 403 and "审计管理员只能查看审计记录" in response.content.decode(), name
    assert client.get("/admin/").status_code in (302, 403)
    refused = AuditEntry.objects.filter(action="拒绝访问", actor=auditor)
    assert refused.count() >= 3 and refused.first().data["path"] == reverse("staff:documents")


def test_audit_page_filters(auditor, client, agency_tree):
    append(
        object_type="security.event",
        object_id="1",
        action="登录失败",
        actor_label="用户名：x",
        agency=agency_tree["city"],
        source_ip="198.51.100.3",
    )
    append(
        object_type="disclosure.document",
        object_id="8",
        action="publish",
        actor_label="编辑甲",
        agency=agency_tree["city"],
        source_ip="192.0.2.1",
    )
    page = client.get(reverse("staff:audit"), {"source_ip": "198.51.100"}).content.decode()
    assert "登录失败" in page and "编辑甲" not in page
    page = client.get(reverse("staff:audit"), {"security_only": "on"}).content.decode()
    assert "登录失败" in page and "编辑甲" not in page
    page = client.get(reverse("staff:audit"), {"since": "not-a-date"}).content.decode()
    assert "输入一个有效的日期" in page or "有效的日期" in page


def test_others_do_not_read_the_audit_page_and_the_refusal_is_audited(agency_tree, make_staff, client):
    editor = make_staff(agency_tree["province"], "editor", username="bianji")
    client.force_login(editor)
    assert client.get(reverse("staff:audit"), REMOTE_ADDR="192.0.2.77").status_code == 404
    refused = AuditEntry.objects.get(action="拒绝访问", actor=editor)
    assert refused.source_ip == "192.0.2.77"


def test_demo_accounts_are_refused_in_production(agency_tree, make_staff, login, settings):
    user = make_staff(agency_tree["city"], "editor", username="city-editor")
    User.objects.filter(pk=user.pk).update(is_demo_account=True)
    settings.GONGKAI_PRODUCTION = True
    client, response = login("city-editor")
    assert "演示账号不能在生产环境中使用" in response.content.decode()
    assert "_auth_user_id" not in client.session
    with pytest.raises(CommandError, match="生产环境"):
        call_command("demo")
    with pytest.raises(SystemCheckError, match="gongkai.E101"):
        call_command("check", "--deploy")
    settings.GONGKAI_PRODUCTION = False
    assert login("city-editor")[1].status_code == 302
