"""404, 403 and 500 in Chinese inside the frame with a way back — with DEBUG off (Django's handlers)
and, for 404 and 403, with DEBUG on too (the demo), never Django's technical pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from gongkai.urls import urlpatterns as site_patterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.portal.tests.test_errors")]


def _forbidden(request):
    raise PermissionDenied("只有机关管理员可以添加自查网站")


def _internal(request):
    raise PermissionDenied  # no message for users


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("t/forbidden/", _forbidden),
    path("t/denied/", _internal),
    path("t/broken/", _broken),
    *site_patterns,
]
handler400 = "gongkai.portal.errors.bad_request"
handler404 = "gongkai.portal.errors.page_not_found"
handler403 = "gongkai.portal.errors.permission_denied"
handler500 = "gongkai.portal.errors.server_error"


def chinese_frame(response, status, title):
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in page and 'href="/">返回首页</a>' in page
    assert 'class="crumbs"' in page and "网站地图" in page  # the frame
    assert "Traceback" not in page and "Page not found" not in page and "URLconf" not in page
    return page


@pytest.mark.parametrize("debug", [False, True])
def test_404_and_403_are_chinese_pages_with_debug_on_or_off(client, settings, debug, agency_tree):
    settings.DEBUG = debug
    chinese_frame(client.get("/no/such/page/here/"), 404, "页面不存在")  # no URL pattern
    chinese_frame(client.get("/no-such-agency/"), 404, "页面不存在")  # a view's Http404
    chinese_frame(client.get("/hbmzt/doc/999999/"), 404, "页面不存在")
    page = chinese_frame(client.get("/t/forbidden/"), 403, "无权访问")
    assert "只有机关管理员可以添加自查网站" in page  # a message written for users is shown
    chinese_frame(client.get("/t/denied/"), 403, "无权访问")


def test_400_is_a_chinese_page(settings, agency_tree):
    settings.DEBUG = False
    response = Client().get("/", HTTP_HOST="bad host name")  # DisallowedHost → 400
    assert response.status_code == 400 and "请求有误" in response.content.decode()


def test_500_is_a_chinese_page_with_debug_off(settings, agency_tree):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/t/broken/")
    page = chinese_frame(response, 500, "服务暂时不可用")
    assert "boom" not in page


def test_the_500_page_survives_a_failing_frame(settings, monkeypatch):
    from gongkai.portal import errors

    def fail(*args, **kwargs):
        raise RuntimeError("template broken")

    real = errors.loader.render_to_string
    monkeypatch.setattr(
        errors.loader, "render_to_string", lambda name, *a, **k: fail() if a or k else real(name)
    )
    response = errors.server_error(None)
    assert response.status_code == 500 and "系统暂时无法处理您的请求" in response.content.decode()


def test_a_rejected_form_token_is_a_chinese_403(settings, agency_tree):
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    response = client.post("/hbmzt/apply/", {"applicant_name": "张三"})
    page = chinese_frame(response, 403, "页面已过期，请重新提交")
    assert "刷新后重新填写提交" in page and "CSRF" not in page


def test_staff_errors_lead_back_to_the_workbench(client, agency_tree):
    page = client.get("/staff/no-such-page/").content.decode()
    assert 'href="/staff/">返回工作台</a>' in page
