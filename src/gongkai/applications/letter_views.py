"""Staff pages of the applicant's letters: the agency's 告知书设置, and every notice and the reply
letter of a case as DOCX and PDF. A download is a GET: it renders the letter kept with the case and
writes nothing to it (only the audit trail notes the export of personal data)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change, scope

from . import letters
from .facts import letter_settings, number_prefix, reconsideration_reading
from .models import Application, LetterSettings

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class LetterSettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = letters.SETTINGS_FIELDS

    def clean_number_prefix(self):
        value = self.cleaned_data["number_prefix"].strip()
        if any(c in value for c in "〔〕[]()（）【】第号") or any(c.isdigit() for c in value):
            raise forms.ValidationError(
                "只填写机关代字（如“鄂民依公开”），年份和序号由平台按“〔2026〕12号”的格式生成，"
                "不加“第”，不编虚位（GB/T 9704-2012）"
            )
        return value


@login_required
def letter_settings_page(request):
    """告知书设置 of the user's agency: the agency admin changes them, other staff read them."""
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied("未归属机关的账号没有告知书设置")
    may_change = can_change(request.user, agency, Role.AGENCY_ADMIN)
    current = letter_settings(agency)
    form = LetterSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("告知书设置须由机关管理员修改")
        if form.is_valid():
            try:
                letters.save_letter_settings(request.user, agency, form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, "告知书设置已保存，此后生成的告知书按新设置")
                return redirect("staff:application_letter_settings")
    if not may_change:
        for field in form.fields.values():
            field.disabled = True
    prefix = number_prefix(agency, current)
    return render(
        request,
        "applications/staff/letter_settings.html",
        {
            "form": form,
            "may_change": may_change,
            "agency": agency,
            "example": f"{prefix}〔2026〕12号",
            "reading": reconsideration_reading(),
            "gap": not current.reconsideration_body.strip(),
        },
    )


def _download(data: bytes, filename: str, kind: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _exported(request, app: Application, what: str) -> None:
    from gongkai.security.events import personal_data_exported

    # The letter names the applicant: a download is an export of personal data (audited).
    personal_data_exported(request.user, what, app, number=app.number)


@login_required
def notice_file(request, pk: int, notice: int, kind: str):
    """A notice of the case (补正告知书, 征求意见函, 延期答复告知书, 收费通知书 …) as DOCX or PDF."""
    app = get_object_or_404(scope(Application.objects.select_related("agency"), request.user), pk=pk)
    row = get_object_or_404(app.notices.select_related("application__agency"), pk=notice)
    try:
        data, filename = letters.notice_file(row, kind)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("staff:application", pk=app.pk)
    _exported(request, app, f"下载{row.title}（{kind.upper()}）")
    return _download(data, filename, kind)


def reply_draft_response(request, app: Application, kind: str):
    """The reply letter before it is sent (draft or signed), rendered now."""
    try:
        data, filename = letters.reply_draft_file(app, kind)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("staff:application", pk=app.pk)
    _exported(request, app, f"下载答复告知书（{kind.upper()}）")
    return _download(data, filename, kind)
