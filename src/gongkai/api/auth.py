"""Authentication of the write API: ``Authorization: Bearer gk_…`` (a token of :mod:`.tokens`).

Missing or refused token → 401 with a Chinese ``detail`` and ``WWW-Authenticate: Bearer``; a
token without the role an endpoint needs → 403. Every accepted request is audited."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from . import tokens


class TokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if header[0].decode(errors="replace").lower() != self.keyword.lower() or len(header) != 2:
            raise exceptions.AuthenticationFailed("请在 Authorization 请求头中提供“Bearer <接口令牌>”")
        try:
            token = tokens.authenticate(header[1].decode(errors="replace"))
        except tokens.TokenRefused as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from None
        tokens.record_use(token, request.method, request.path)
        return token.account, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class TokenHasRole(BasePermission):
    """The view's ``required_roles``: the token must hold one of them (its agency is the scope)."""

    def has_permission(self, request, view) -> bool:
        token = getattr(request, "auth", None)
        if token is None:
            raise exceptions.NotAuthenticated(
                "需要接口令牌：请在 Authorization 请求头中提供“Bearer <接口令牌>”"
            )
        needed = set(getattr(view, "required_roles", ()))
        if needed and not needed & set(token.roles):
            labels = "或".join(sorted(str(r.label) for r in view.required_roles))
            raise exceptions.PermissionDenied(f"该接口令牌没有{labels}角色，不能调用此接口")
        return True


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "gongkai.api.auth.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "本机关机关管理员在工作平台“接口令牌”页面创建的令牌（只显示一次），形如 gk_xxxxxxxx_…",
        }
