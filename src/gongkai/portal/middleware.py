"""Reading preferences of the public portal: 简体/繁體 and 适老/无障碍 mode.

``?lang=zh-hant`` (or the ``gongkai_lang`` cookie) renders the page in traditional script with
OpenCC ``s2tw`` (為/群眾) — characters only, mainland vocabulary kept, nothing added. ``?mode=elder`` (or
the ``gongkai_mode`` cookie) switches on the elder-friendly, accessible layout.
"""

from __future__ import annotations

from gongkai.rules.text import to_traditional

LANG_COOKIE = "gongkai_lang"
MODE_COOKIE = "gongkai_mode"
TRADITIONAL = "zh-hant"
SIMPLIFIED = "zh-hans"
ELDER = "elder"
STANDARD = "standard"
_YEAR = 365 * 24 * 3600


class ReadingPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang_param = request.GET.get("lang")
        mode_param = request.GET.get("mode")
        lang = (
            lang_param
            if lang_param in (TRADITIONAL, SIMPLIFIED)
            else request.COOKIES.get(LANG_COOKIE, SIMPLIFIED)
        )
        mode = mode_param if mode_param in (ELDER, STANDARD) else request.COOKIES.get(MODE_COOKIE, STANDARD)
        request.reading_lang = lang if lang in (TRADITIONAL, SIMPLIFIED) else SIMPLIFIED
        request.reading_mode = mode if mode in (ELDER, STANDARD) else STANDARD

        response = self.get_response(request)

        if lang_param in (TRADITIONAL, SIMPLIFIED):
            response.set_cookie(LANG_COOKIE, lang_param, max_age=_YEAR, samesite="Lax")
        if mode_param in (ELDER, STANDARD):
            response.set_cookie(MODE_COOKIE, mode_param, max_age=_YEAR, samesite="Lax")
        if (
            request.reading_lang == TRADITIONAL
            and not request.path.startswith(("/staff/", "/admin/", "/static/", "/media/"))
            and not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            charset = response.charset or "utf-8"
            response.content = to_traditional(response.content.decode(charset)).encode(charset)
            response["Content-Language"] = "zh-Hant"
        return response
