"""Staff pages for documents. Every lookup is scoped to the user's agency (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import can_change, scope
from gongkai.audit.services import history
from gongkai.rules.numbers import NumberError

from . import services
from .deadlines import clock_of
from .forms import AttachmentForm, DocumentForm, TransitionForm, ValidityForm
from .models import Attachment, Document, State
from .preview import inline_response, preview_context
from .uploads import UploadError
from .workflow import TRANSITIONS, available, waiting_on


def _document(request, pk: int) -> Document:
    return get_object_or_404(
        scope(Document.objects.select_related("agency", "category", "genre"), request.user), pk=pk
    )


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(
            m
            for msgs in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages])
            for m in msgs
        )
    return str(exc)


@login_required
def document_list(request):
    qs = scope(Document.objects.select_related("agency", "category"), request.user)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    page = Paginator(qs.order_by("-updated_at"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "page": page,
            "states": State.choices,
            "state": state,
            "q": q,
            "can_create": can_change(request.user, request.user.agency_id or 0, Role.EDITOR),
        },
    )


@login_required
def document_create(request):
    if not can_change(request.user, request.user.agency_id or 0, Role.EDITOR):
        raise PermissionDenied("只有编辑可以新建信息")
    # A name may be given in the link (?title=…), e.g. from the Art. 44 prompt of the applications'
    # workbench; the draft still goes through 保密审查 like any other.
    initial = {"title": request.GET.get("title", "").strip()[:300]} if request.method == "GET" else {}
    form = DocumentForm(
        request.POST or None, request.FILES or None, agency=request.user.agency, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.create_document(request.user, request.user.agency, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "已保存为草稿")
            _word_notes(request, form)
            return redirect("staff:document", pk=doc.pk)
    return render(request, "disclosure/staff/form.html", {"form": form, "document": None})


def _word_notes(request, form) -> None:
    if form.cleaned_data.get("body_docx"):
        messages.success(request, "已从Word文档导入正文")
    for note in form.word_notes:
        messages.warning(request, note)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def document_edit(request, pk: int):
    doc = _document(request, pk)
    if not can_change(request.user, doc.agency_id, Role.EDITOR) or doc.state != State.DRAFT:
        raise PermissionDenied("只有本机关编辑可以修改草稿")
    form = DocumentForm(request.POST or None, request.FILES or None, instance=doc, agency=doc.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(request.user, doc, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "已保存")
            _word_notes(request, form)
            return redirect("staff:document", pk=doc.pk)
    return render(request, "disclosure/staff/form.html", {"form": form, "document": doc})


@login_required
def document_detail(request, pk: int):
    doc = _document(request, pk)
    actions = available(doc, request.user)
    return render(
        request,
        "disclosure/staff/detail.html",
        {
            "document": doc,
            "actions": actions,
            "waiting_on": waiting_on(doc, request.user, actions),
            "clock": clock_of(doc, timezone.localdate()),
            "transition_form": TransitionForm(),
            "attachment_form": AttachmentForm(),
            "validity_form": ValidityForm(agency=doc.agency),
            "can_edit": doc.state == State.DRAFT and can_change(request.user, doc.agency_id, Role.EDITOR),
            "can_change_validity": doc.state == State.PUBLISHED
            and can_change(request.user, doc.agency_id, Role.EDITOR, Role.AGENCY_ADMIN),
            "history": history(doc),
            "attachments": doc.attachments.all(),
            **preview_context(doc),
        },
    )


@login_required
@require_POST
def document_transition(request, pk: int, action: str):
    doc = _document(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("staff:document", pk=doc.pk)
    try:
        services.transition(
            request.user,
            doc,
            action,
            reason=form.cleaned_data["reason"],
            publish_at=form.cleaned_data["publish_at"],
        )
    except (ValidationError, NumberError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已{TRANSITIONS[action].label}")
    return redirect("staff:document", pk=doc.pk)


@login_required
@require_POST
def document_attach(request, pk: int):
    doc = _document(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件")
        return redirect("staff:document", pk=doc.pk)
    upload = form.cleaned_data["file"]
    try:
        services.add_attachment(request.user, doc, upload.name, upload.read())
    except (UploadError, ValidationError) as exc:
        messages.error(request, f"附件未上传：{_error_text(exc)}")
    else:
        messages.success(request, "附件已上传")
    return redirect("staff:document", pk=doc.pk)


@login_required
@require_POST
def document_validity(request, pk: int):
    doc = _document(request, pk)
    form = ValidityForm(request.POST, agency=doc.agency)
    if form.is_valid():
        try:
            services.change_validity(
                request.user,
                doc,
                form.cleaned_data["validity"],
                on=form.cleaned_data["on"],
                amended_by=form.cleaned_data["amended_by"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, "效力状态已更新")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("staff:document", pk=doc.pk)


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    doc = _document(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, document=doc)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def attachment_view(request, pk: int, attachment_id: int):
    """An attachment opened in the browser (PDF and images; other kinds download), for review."""
    doc = _document(request, pk)
    return inline_response(get_object_or_404(Attachment, pk=attachment_id, document=doc))
