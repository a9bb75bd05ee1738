"""Staff pages of the information given with a reply: attach, convert, redact (区分处理, Art. 37),
download, 送达 records and the 送达回证. Reads are scoped to the user's agency (a supervisor reads
the subtree); every change goes through :mod:`.services` (own agency, handler role, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.agencies.scoping import can_change
from gongkai.applications.staff_views import _app
from gongkai.rules.redaction_grounds import ground, ground_choices

from . import handover, redacting, redaction, services
from .forms import AttachForm, BoxForm, SearchMarkForm, ServiceForm
from .models import ReplyFile

ZOOM = 1.5  # page images at 108 dpi: readable, and a box can be drawn to the character


def _case_url(app) -> str:
    return reverse("staff:application", args=[app.pk]) + "#reply-files"


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _form_errors(request, form) -> None:
    messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))


def _row(app, fid: int) -> ReplyFile:
    return get_object_or_404(ReplyFile, application=app, pk=fid)


@login_required
@require_POST
def attach(request, pk: int):
    app = _app(request, pk)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_case_url(app))
    upload = form.cleaned_data["file"]
    if upload.size > services.max_bytes():
        messages.error(request, f"文件过大：上限为 {services.max_bytes() / 1048576:.0f} MB")
        return redirect(_case_url(app))
    try:
        row = services.attach(request.user, app, upload.name, upload.read(), form.cleaned_data["title"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"已添加“{row.title}”，答复告知书送达时随答复提供")
    return redirect(_case_url(app))


@login_required
@require_POST
def file_action(request, pk: int, fid: int, action: str):
    """release / keep / remove / convert a file of the reply."""
    app = _app(request, pk)
    try:
        if action in ("release", "keep"):
            services.set_release(request.user, app, fid, action == "release")
            messages.success(
                request, "已设为随答复提供" if action == "release" else "已设为不随答复提供（留存案卷）"
            )
        elif action == "remove":
            services.remove(request.user, app, fid)
            messages.success(request, "已删除该文件")
        elif action == "convert":
            copy = services.convert_to_pdf(request.user, app, fid)
            messages.success(request, f"已转换为PDF：“{copy.title}”，可对其作区分处理")
            return redirect("staff:delivery_redact", pk=app.pk, fid=copy.pk)
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_case_url(app))


@login_required
def download(request, pk: int, fid: int):
    """A file of the reply, for staff (the original of a redaction too: it is in the case file)."""
    from gongkai.security.events import personal_data_exported

    app = _app(request, pk)
    row = _row(app, fid)
    personal_data_exported(
        request.user, f"下载答复所附信息（{row.kind_label}）", app, number=app.number, file=row.pk
    )
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.download_name)


@login_required
def page_image(request, pk: int, fid: int, page: int):
    """One page of a PDF of the reply as PNG (PyMuPDF), for the redaction page."""
    app = _app(request, pk)
    row = _row(app, fid)
    if row.kind != "pdf":
        raise Http404
    with row.file.open("rb") as fh:
        try:
            doc = redaction.open_pdf(fh.read())
        except redaction.RedactionError:
            raise Http404 from None
    with doc:
        if not 1 <= page <= doc.page_count:
            raise Http404
        import pymupdf

        png = doc[page - 1].get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), alpha=False).tobytes("png")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


def _pages(row: ReplyFile) -> list[dict]:
    """Each page's size in points and its marks placed in percent (drawn by CSS, no script needed)."""
    with row.file.open("rb") as fh:
        doc = redaction.open_pdf(fh.read())
    with doc:
        sizes = [(p.rect.width, p.rect.height) for p in doc]
    pages = [
        {"number": i + 1, "width": w, "height": h, "px": (round(w * ZOOM), round(h * ZOOM)), "marks": []}
        for i, (w, h) in enumerate(sizes)
    ]
    for m in services.areas(row):
        if m["page"] >= len(pages):
            continue
        p = pages[m["page"]]
        p["marks"].append(
            {
                "index": m["index"],
                "left": 100 * m["x0"] / p["width"],
                "top": 100 * m["y0"] / p["height"],
                "width": 100 * (m["x1"] - m["x0"]) / p["width"],
                "height": 100 * (m["y1"] - m["y0"]) / p["height"],
                "label": ground(m["ground"]).label if m.get("ground") else "",
            }
        )
    return pages


@login_required
def redact_page(request, pk: int, fid: int):
    """区分处理 page: the pages as images with the marks on them; search and mark (keyboard, no
    script), boxes drawn with the mouse (script) or typed; each mark with its ground; apply."""
    app = _app(request, pk)
    row = _row(app, fid)
    if row.kind != "pdf":
        messages.error(request, "只能对PDF文件作区分处理；Word、Excel文件请先转换为PDF")
        return redirect(_case_url(app))
    try:
        pages = _pages(row)
    except redaction.RedactionError as exc:
        messages.error(request, str(exc))
        return redirect(_case_url(app))
    labels = dict(ground_choices())
    marks = [dict(m, label=labels.get(m.get("ground", ""), "未选依据")) for m in services.areas(row)]
    copy = row.derived.filter(origin=ReplyFile.Origin.REDACTED).first()
    return render(
        request,
        "delivery/staff/redact.html",
        {
            "app": app,
            "row": row,
            "pages": pages,
            "marks": marks,
            "copy": copy,
            "can_change": can_change(request.user, app.agency_id, *services.ROLES)
            and not handover.is_sent(app)
            and row.origin != ReplyFile.Origin.REDACTED,
            "search_form": SearchMarkForm(auto_id="id_search_%s"),
            "box_form": BoxForm(auto_id="id_box_%s"),
            "texts": redacting.remembered_searches(row)[0],
        },
    )


@login_required
@require_POST
def redact_action(request, pk: int, fid: int, action: str):
    app = _app(request, pk)
    back = redirect("staff:delivery_redact", pk=app.pk, fid=fid)
    try:
        if action == "search":
            form = SearchMarkForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            d = form.cleaned_data
            result = services.add_marks(
                request.user,
                app,
                fid,
                ground=d["ground"],
                texts=d["texts"].splitlines(),
                patterns=[d["pattern"]] if d["pattern"].strip() else [],
                presets=d["presets"],
            )
            text = f"已标记{result.added}处"
            if result.not_found:
                text += "；未找到：" + "、".join(result.not_found)
            (messages.success if result.added else messages.warning)(request, text)
        elif action == "box":
            form = BoxForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return back
            d = form.cleaned_data
            box = redaction.Box(d["page"] - 1, d["x0"], d["y0"], d["x1"], d["y1"])
            result = services.add_marks(request.user, app, fid, ground=d["ground"], boxes=[box])
            messages.success(request, f"已添加框选区域（第{d['page']}页）")
        elif action == "unmark":
            indexes = [int(i) for i in request.POST.getlist("mark") if i.isdigit()]
            if not indexes:
                messages.error(request, "请选择要取消的标记")
                return back
            n = services.remove_marks(request.user, app, fid, indexes)
            messages.success(request, f"已取消{n}处标记")
        elif action == "clear":
            n = services.remove_marks(request.user, app, fid, None)
            messages.success(request, f"已取消全部{n}处标记")
        elif action == "apply":
            copy = services.apply_redaction(request.user, app, fid)
            messages.success(
                request,
                f"已生成“{copy.title}”：标记区域内的文字、图像和图形已删除，元数据已清除，并已重新读取核对。"
                "答复送达时提供该文件，原件留存案卷、不提供给申请人。部分公开的，请重新生成答复告知书草稿，"
                "使区分处理说明写明各处的依据。",
            )
            return redirect(_case_url(app))
        else:
            raise Http404
    except ValidationError as exc:
        _errors(request, exc)
    return back


@login_required
@require_POST
def service(request, pk: int):
    app = _app(request, pk)
    form = ServiceForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.record_service(request.user, app, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "已登记送达情况")
    return redirect(reverse("staff:application", args=[app.pk]) + "#service")


def service_slip_context(app) -> dict:
    from gongkai.applications.models import ReplyLetter

    letter = ReplyLetter.objects.filter(application=app).first()
    return {
        "app": app,
        "agency": app.agency,
        "letter": letter,
        "files": list(handover.released(app)) or list(services.released_candidates(app)),
    }


@login_required
def service_slip(request, pk: int):
    """The 送达回证 of a reply sent by post, as a PDF to print and post with it (WeasyPrint, CJK)."""
    from weasyprint import HTML

    from gongkai.rules.annual.render.pdf import chinese_fonts_installed
    from gongkai.security.events import personal_data_exported

    app = _app(request, pk)
    if not chinese_fonts_installed():
        messages.error(request, "系统未安装中文字体（如 Debian 的 fonts-noto-cjk），无法生成送达回证PDF")
        return redirect(_case_url(app))
    html = render_to_string("delivery/staff/service_slip.html", service_slip_context(app))
    pdf = HTML(string=html).write_pdf()
    personal_data_exported(request.user, "下载送达回证（PDF）", app, number=app.number)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="songda-huizheng-{app.number}.pdf"'
    return response
