"""Sending a signed letter no longer renders its PDF in the request (issue 11 item 17): the case
closes and the letter's text is kept at once; its Word and PDF files come from a task, each file
written whole or not at all — a worker killed mid-render leaves no half file and the task redone
completes the letter."""

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.applications.models import ReplyLetter
from gongkai.applications.tasks import render_sent_letter
from gongkai.testing.opened import pdf_text

from .test_outcomes_end_to_end import act, letter_step, people, submit  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def signed(agency_tree, people, form_data, on):  # noqa: F811 - the fixture imported above
    on(D(2025, 3, 3))
    applicant, app, _code = submit(agency_tree["city"], form_data)
    act(people["handler"], app, "receipt", received_on="2025-03-03", how="当日电话确认")
    on(D(2025, 3, 10))
    letter_step(people["handler"], app, "draft", outcome="granted", provided="2024年度低保资金发放表")
    row = ReplyLetter.objects.get(application=app)
    letter_step(people["handler"], app, "edit", body=re.sub(r"【请填写：([^】]*)】", r"（\1）", row.body))
    letter_step(people["leader"], app, "sign")
    return app, applicant


@pytest.fixture
def queued(settings, monkeypatch):
    """Background work as in production (a worker): remember what was queued instead of running it."""
    settings.GONGKAI_BACKGROUND = "celery"
    calls = []
    monkeypatch.setattr(render_sent_letter, "delay", lambda *args: calls.append(args))
    return calls


def test_send_closes_the_case_at_once_and_the_files_follow(
    signed,
    people,  # noqa: F811 - the imported fixture
    queued,
    settings,
    django_capture_on_commit_callbacks,
):
    app, applicant = signed
    with django_capture_on_commit_callbacks(execute=True):
        page = letter_step(people["handler"], app, "send", on="2025-03-10")
    row = ReplyLetter.objects.get(application=app)
    app.refresh_from_db()
    assert row.state == "sent" and app.status == "closed" and queued == [(row.pk,)]
    assert not row.pdf and not row.pdf_sha256 and "予以公开" in row.body_text  # the text is kept now
    assert "正在生成" in page
    url = reverse("staff:application_letter_file", args=[app.pk, "pdf"])
    assert people["handler"].get(url).status_code == 404  # not yet: no half file is ever served

    assert render_sent_letter(row.pk) is True  # what the worker does
    row.refresh_from_db()
    data = b"".join(people["handler"].get(url).streaming_content)
    assert hashlib.sha256(data).hexdigest() == row.pdf_sha256
    assert "予以公开" in pdf_text(data)  # the reply the handler wrote, typeset
    assert render_sent_letter(row.pk) is False  # done once: a repeated message changes nothing


def test_a_worker_killed_mid_render_leaves_no_half_file(
    signed,
    people,  # noqa: F811 - the imported fixture
    queued,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    app, _ = signed
    with django_capture_on_commit_callbacks(execute=True):
        letter_step(people["handler"], app, "send", on="2025-03-10")
    row = ReplyLetter.objects.get(application=app)
    real_replace = os.replace

    def killed(src, dst):  # the process dies after writing the PDF's bytes, before they get their name
        if str(dst).endswith(".pdf"):
            raise SystemExit("killed")
        return real_replace(src, dst)

    monkeypatch.setattr("gongkai.core.files.os.replace", killed)
    with pytest.raises(SystemExit):
        render_sent_letter(row.pk)
    letters = Path(settings.MEDIA_ROOT) / "letters"
    assert not list(letters.glob("*.pdf"))  # no PDF under a real name, whole or half
    row.refresh_from_db()
    assert not row.pdf_sha256 and not row.pdf  # the letter still says "being generated"

    monkeypatch.setattr("gongkai.core.files.os.replace", real_replace)
    assert render_sent_letter(row.pk) is True  # the message is delivered again (acks_late)
    row.refresh_from_db()
    pdf = Path(row.pdf.path).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == row.pdf_sha256 and "予以公开" in pdf_text(
        pdf
    )  # the whole letter
    assert not [p for p in letters.iterdir() if p.name.startswith(".part-")]
