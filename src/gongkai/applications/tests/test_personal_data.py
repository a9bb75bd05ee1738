"""个人信息保护 / 数据保密性: ID numbers, phones and addresses encrypted at rest, found again by a keyed
hash, keys rotated by a command, and the applicant's data removed after the retention period."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.applications import services
from gongkai.applications.models import Application, Channel
from gongkai.applications.stats import applications_table
from gongkai.audit.models import AuditEntry
from gongkai.core import crypto

from .test_reminders_and_stats import close

pytestmark = pytest.mark.django_db
D = dt.date
K1, K2 = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def key(settings):
    settings.GONGKAI_FIELD_KEY = K1
    return settings


def raw_row(pk):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id_number, phone, address, applicant_key FROM applications_application WHERE id = %s",
            [pk],
        )
        return cur.fetchone()


def test_id_number_phone_and_address_are_not_stored_in_clear(key, client, agency_tree, form_data):
    city = agency_tree["city"]
    response = client.post(f"/{city.slug}/apply/", form_data | {"token": "t-enc"})
    assert response.status_code == 302, response.content.decode()[:500]
    app = Application.objects.get()
    id_number, phone, address, lookup = raw_row(app.pk)
    for stored, clear in (
        (id_number, "11010519491231002X"),
        (phone, "13812345678"),
        (address, "湖北省随州市"),
    ):
        assert clear not in stored and "1234" not in stored and stored.startswith(crypto.TOKEN_PREFIX)
    assert lookup and "11010519491231002X" not in lookup
    # Read back in clear by the application itself.
    assert (app.id_number, app.address) == ("11010519491231002X", form_data["address"])


def test_same_applicant_found_by_keyed_hash_and_shown_masked(
    key, client, agency_tree, case_staff, form_data, on
):
    city, h = agency_tree["city"], case_staff["handler"]
    on(D(2025, 3, 3))
    first, _ = services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.submit(
        city, form_data | {"id_number": "11010519491231002x "}, channel=Channel.IN_PERSON, registered_by=h
    )
    other, _ = services.submit(
        city, form_data | {"id_number": "110105194912310021"}, channel=Channel.IN_PERSON, registered_by=h
    )
    on(D(2025, 4, 1))  # next month: not counted with March
    services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
    assert services.same_applicant_in_month(first) == 2
    assert services.same_applicant_in_month(other) == 1
    client.force_login(h)
    page = client.get(f"/staff/applications/{first.pk}/").content.decode()
    assert "本月向本机关申请 2 件" in page
    assert "11010519491231002X" not in page and "110105********002X" in page and "13812345678" not in page


def test_key_rotation_reencrypts_every_row_and_keeps_lookups(key, agency_tree, case_staff, form_data, on):
    on(D(2025, 3, 3))
    app, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    before = raw_row(app.pk)
    key.GONGKAI_FIELD_KEY = f"{K2},{K1}"  # new key first, old one still readable
    call_command("rotate_field_key", stdout=io.StringIO())
    key.GONGKAI_FIELD_KEY = K2  # old key dropped
    after = raw_row(app.pk)
    assert after[0] != before[0] and after[3] != before[3]
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.phone) == ("11010519491231002X", form_data["phone"])
    assert services.same_applicant_in_month(fresh) == 1
    key.GONGKAI_FIELD_KEY = K1  # the retired key alone no longer reads the rows
    with pytest.raises(crypto.FieldKeyError, match="密钥不符"):
        Application.objects.get(pk=app.pk)


def test_rotation_refuses_without_an_explicit_key_and_changes_nothing(
    settings, agency_tree, case_staff, form_data
):
    settings.GONGKAI_FIELD_KEY = ""
    app, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    before = raw_row(app.pk)
    with pytest.raises(CommandError, match="GONGKAI_FIELD_KEY"):
        call_command("rotate_field_key")
    assert raw_row(app.pk) == before


def test_migration_encrypts_rows_written_in_clear(key, agency_tree, case_staff, form_data):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("gongkai.applications.migrations.0004_encrypt_personal_data")
    app, _ = services.submit(
        agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=case_staff["handler"]
    )
    with connection.cursor() as cur:  # as an older version stored it
        cur.execute(
            "UPDATE applications_application SET id_number = %s, phone = %s, address = %s, "
            "applicant_key = '' WHERE id = %s",
            ["11010519491231002X", "13812345678", "某路1号", app.pk],
        )
    migration.encrypt_existing(apps, SimpleNamespace(connection=connection))  # what the editor provides
    stored = raw_row(app.pk)
    assert all(v.startswith(crypto.TOKEN_PREFIX) for v in stored[:3]) and stored[3]
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.address) == ("11010519491231002X", "某路1号")
    assert services.same_applicant_in_month(fresh) == 1


def test_deploy_check_warns_when_the_key_is_derived(settings):
    from gongkai.core.checks import field_key_check

    settings.GONGKAI_FIELD_KEY = ""
    assert [w.id for w in field_key_check(None)] == ["gongkai.W101"]
    settings.GONGKAI_FIELD_KEY = K1
    assert field_key_check(None) == []


def test_applicants_anonymised_after_retention_case_and_statistics_stay(
    key, agency_tree, case_staff, form_data, on, tmp_path
):
    key.MEDIA_ROOT = tmp_path
    key.GONGKAI_APPLICANT_RETENTION_DAYS = 365
    city, h = agency_tree["city"], case_staff["handler"]
    old, recent, running = [], None, None
    for received in (D(2024, 1, 8), D(2024, 1, 9)):
        on(received)
        app, _ = services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
        services.confirm_receipt(h, app, received)
        close(app, case_staff, "granted", on, received + dt.timedelta(days=3))
        old.append(app)
    on(D(2025, 2, 3))
    recent, _ = services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, recent, D(2025, 2, 3))
    close(recent, case_staff, "granted", on, D(2025, 2, 10))
    running, _ = services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
    table_before = applications_table(city, 2024)

    on(D(2025, 3, 1))
    out = []
    call_command(
        "purge_applicants", "--dry-run", stdout=type("W", (), {"write": lambda s, x: out.append(x)})()
    )
    assert "将匿名化2件" in out[-1]
    assert Application.objects.get(pk=old[0].pk).phone == form_data["phone"]  # dry run changed nothing

    call_command("purge_applicants", stdout=io.StringIO())
    for app in old:
        fresh = Application.objects.get(pk=app.pk)
        assert fresh.anonymised_at is not None and fresh.applicant_name == "（已匿名化）"
        assert (fresh.id_number, fresh.phone, fresh.address, fresh.email, fresh.applicant_key) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert raw_row(app.pk)[:3] == ("", "", "")
        assert fresh.outcome == "granted" and fresh.number == app.number  # the case stays
        assert AuditEntry.objects.filter(object_id=str(app.pk), action="anonymise").count() == 1
    for app in (recent, running):
        assert Application.objects.get(pk=app.pk).id_number == "11010519491231002X"
    assert applications_table(city, 2024) == table_before
    call_command("purge_applicants", stdout=io.StringIO())  # nothing left to do, no new audit row
    assert AuditEntry.objects.filter(action="anonymise").count() == 2


def test_open_appeal_keeps_the_applicant_data(key, agency_tree, case_staff, form_data, on, tmp_path):
    from gongkai.appeals.models import AppealCase
    from gongkai.applications.retention import expired

    key.MEDIA_ROOT = tmp_path
    key.GONGKAI_APPLICANT_RETENTION_DAYS = 30
    city, h = agency_tree["city"], case_staff["handler"]
    on(D(2025, 3, 3))
    app, _ = services.submit(city, form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, D(2025, 3, 3))
    close(app, case_staff, "granted", on, D(2025, 3, 5))
    assert list(expired(D(2025, 6, 1))) == [app]
    AppealCase.objects.create(
        agency=app.agency,
        application=app,
        kind="reconsideration",
        number="复〔2025〕1号",
        body="随州市人民政府",
        filed_on=D(2025, 4, 1),
    )
    assert list(expired(D(2025, 6, 1))) == []


def test_purge_refuses_without_a_retention_period(settings):
    settings.GONGKAI_APPLICANT_RETENTION_DAYS = 0
    with pytest.raises(CommandError, match="保存期限"):
        call_command("purge_applicants")
