"""The staff page of the write API's tokens (接口令牌): the agency's administrator creates a token
for one of the agency's systems (shown once), sees when each was last used, and revokes it.
GET never writes; the token is handed from the POST to the next page through the session once."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role

from . import tokens
from .models import TOKEN_ROLES

SESSION_NEW_TOKEN = "api_new_token"  # noqa: S105 (a session key, not a secret)


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途（调用系统的名称）",
        max_length=60,
        help_text="如“公文交换系统”“12345热线平台”，显示在审计记录中",
        error_messages={"required": "请填写令牌用途（调用系统的名称）"},
    )
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=[(r.value, r.label) for r in TOKEN_ROLES],
        widget=forms.CheckboxSelectMultiple,
        help_text="编辑：新建草稿（仍须保密审查后由工作人员发布）；申请承办人：登记其他渠道收到的申请",
        error_messages={
            "required": "请至少选择一个角色",
            "invalid_choice": "角色“%(value)s”不能授予接口令牌（只能选择编辑、申请承办人）",
        },
    )
    expires_in_days = forms.TypedChoiceField(
        label="有效期", choices=tokens.EXPIRY_CHOICES, coerce=int, initial=90
    )


def _admin_only(request) -> None:
    if not request.user.has_role(Role.AGENCY_ADMIN) or not request.user.agency_id:
        raise PermissionDenied("只有本机关的机关管理员可以管理接口令牌")


@login_required
def token_list(request):
    _admin_only(request)
    new = request.session.pop(SESSION_NEW_TOKEN, None)  # shown this once
    return render(
        request,
        "api/staff/tokens.html",
        {"tokens": tokens.tokens_of(request.user), "form": TokenForm(), "new": new},
    )


@login_required
@require_POST
def token_create(request):
    _admin_only(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, plain = tokens.create_token(
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["roles"],
                form.cleaned_data["expires_in_days"],
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            request.session[SESSION_NEW_TOKEN] = {"name": token.name, "plain": plain}
            return redirect("staff:api_tokens")
    return render(
        request, "api/staff/tokens.html", {"tokens": tokens.tokens_of(request.user), "form": form}, status=400
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    _admin_only(request)
    try:
        token = tokens.revoke_token(request.user, pk)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已吊销令牌“{token.name}”（gk_{token.prefix}_…），使用它的请求将被拒绝")
    return redirect("staff:api_tokens")
