"""Faults (issue 12 item 15) in the application process: a reminder run missed while the broker was
down is caught up; a letter whose sending was killed half-way is sent (rendered) again, whole."""

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from gongkai.applications import letters, services
from gongkai.applications.models import CaseEvent, Channel, Reminder, ReplyLetter
from gongkai.applications.tasks import remind_handlers

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_reminder_missed_on_its_day_is_sent_on_the_next_run(
    agency_tree, case_staff, form_data, on, mailoutbox
):
    h = case_staff["handler"]
    h.email = "handler@example.cn"
    h.save()
    on(D(2025, 3, 3))
    app, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, D(2025, 3, 3))
    services.assign(h, app, h)
    # 2025-03-24 (5 working days left): Redis was down, beat sent nothing. The next run, a day later:
    assert remind_handlers("2025-03-25") == 1
    assert list(Reminder.objects.values_list("workdays_left", flat=True)) == [5]
    assert "剩余4个工作日" in mailoutbox[0].subject
    assert remind_handlers("2025-03-26") == 0  # once
    # The 2-day reminder was missed too (down on 03-27): caught up on 03-28 (1 day left).
    assert remind_handlers("2025-03-28") == 1
    assert sorted(Reminder.objects.values_list("workdays_left", flat=True)) == [2, 5]


def test_a_letter_killed_while_being_sent_is_rendered_again_whole(
    agency_tree, case_staff, form_data, on, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    h = case_staff["handler"]
    on(D(2025, 3, 3))
    app, _ = services.submit(agency_tree["city"], form_data, channel=Channel.IN_PERSON, registered_by=h)
    services.confirm_receipt(h, app, D(2025, 3, 3))
    letters.draft_reply(h, app, "granted", provided=["材料"])
    letters.edit_reply(h, app, re.sub(r"【请填写：[^】]*】", "已填", app.letter.body))
    letters.sign_reply(case_staff["leader"], app)

    original_save = ReplyLetter.save

    def killed(self, *args, **kwargs):  # the process dies after the files, before the row is saved
        raise SystemExit("worker killed during the render")

    on(D(2025, 3, 10))
    monkeypatch.setattr(ReplyLetter, "save", killed)
    with pytest.raises(SystemExit):
        letters.send_reply(h, app, D(2025, 3, 10))
    monkeypatch.setattr(ReplyLetter, "save", original_save)
    row = ReplyLetter.objects.get(application=app)
    assert row.state == ReplyLetter.State.SIGNED and not row.pdf  # nothing of the send was kept
    assert not CaseEvent.objects.filter(application=app, kind="replied").exists()

    letters.send_reply(h, app, D(2025, 3, 10))
    row.refresh_from_db()
    assert row.state == ReplyLetter.State.SENT
    pdf = Path(row.pdf.path).read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(pdf).hexdigest() == row.pdf_sha256
    assert CaseEvent.objects.filter(application=app, kind="replied").count() == 1
    assert not [p for p in tmp_path.rglob(".part-*")]
