"""The applicant's downloads of the information given with the reply: from the status page (after
proving the 查询码) or by the signed e-mail link, for ``GONGKAI_DELIVERY_DAYS`` days after the
reply; each download audited; a file streams from storage (FileResponse). Only released files, and
never the original of a redacted file (Art. 37)."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import render

from gongkai.applications.portal_views import _ask_for_code, _authorised

from . import handover


def _refusal(request, agency, app, message: str, status: int):
    """Our own Chinese message (the error-page middleware leaves a page marked as one alone)."""
    response = render(
        request,
        "delivery/portal/refused.html",
        {"agency": agency, "app": app, "message": message},
        status=status,
    )
    response.gongkai_error_page = True
    return response


def _serve(request, app, fid: int, via: str):
    row = handover.released(app).filter(pk=fid).first()
    if row is None:
        return _refusal(request, app.agency, app, "没有这个文件，或该文件尚未随答复提供。", 404)
    until, open_ = handover.window(app)
    if not open_:
        return _refusal(request, app.agency, app, expired_message(until), 410)
    handover.note_download(app, row, via)
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=row.download_name)
    response["Cache-Control"] = "private, no-store"
    return response


def expired_message(until) -> str:
    days = handover.delivery_days()
    return (
        f"下载期限已过：答复所附信息自答复之日起{days}日内可以下载（至{until.year}年{until.month}月{until.day}日）。"
        "如需再次获取，请与本机关政府信息公开工作机构联系。"
    )


def download(request, slug: str, pk: int, fid: int):
    app = _authorised(request, slug, pk)
    if app is None:
        return _ask_for_code(request, slug)
    return _serve(request, app, fid, "code")


def _by_token(request, slug: str, pk: int, token: str):
    app = handover.app_from_token(token, pk)
    if app is None or app.agency.slug != slug:
        return None
    return app


def email_files(request, slug: str, pk: int, token: str):
    """The page the e-mail link opens: the reply's files, without the 查询码."""
    app = _by_token(request, slug, pk, token)
    if app is None:
        from gongkai.agencies.models import Agency

        return _refusal(
            request,
            Agency.objects.filter(slug=slug).first(),
            None,
            "链接无效或已过期。请在“申请查询”页用申请编号和查询码查看答复，或与本机关联系。",
            404,
        )
    until, open_ = handover.window(app)
    return render(
        request,
        "delivery/portal/email_files.html",
        {
            "agency": app.agency,
            "app": app,
            "files": handover.released(app),
            "until": until,
            "open": open_,
            "expired": expired_message(until) if until and not open_ else "",
            "token": token,
        },
    )


def email_download(request, slug: str, pk: int, token: str, fid: int):
    app = _by_token(request, slug, pk, token)
    if app is None:
        return email_files(request, slug, pk, token)
    return _serve(request, app, fid, "email")
