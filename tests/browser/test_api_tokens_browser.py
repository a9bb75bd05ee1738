"""The 接口令牌 page in Debian's chromium (issue 18 item 4): the agency's administrator follows the
menu, creates a token for the 公文交换系统 (shown once), the token writes a draft through the API,
the page then shows its last use, and after 吊销 the same token is refused."""

import json

import pytest

from .kit import shot


@pytest.fixture
def admin(transactional_db, agency_tree, make_staff, category):
    return make_staff(agency_tree["city"], "agency_admin", username="city-admin")


def _in_thread(fn):
    """Run a database read outside Playwright's event loop (Django refuses ORM calls inside it)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn).result()


def _post_draft(page, base: str, token: str, key: str) -> tuple[int, dict]:
    """What the agency's other system does: POST a draft with the token (Playwright's own HTTP client)."""
    body = {"title": "经接口报送的草稿", "category": "16", "written_on": "2025-03-03"}
    r = page.request.post(
        f"{base}/api/v1/drafts/",
        data=json.dumps(body),
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": key,
            "Content-Type": "application/json",
        },
    )
    return r.status, r.json()


def test_admin_creates_a_token_it_works_then_is_revoked(live_server, admin, staff_login):
    from gongkai.disclosure.models import Document

    page = staff_login(live_server.url, "city-admin")
    page.get_by_role("link", name="接口令牌").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="接口令牌", exact=True).is_visible()
    assert page.get_by_text("尚未创建令牌。").is_visible()
    # No role chosen: the error is on the page, in Chinese, and nothing is created.
    page.get_by_label("用途（调用系统的名称）").fill("公文交换系统")
    page.get_by_role("button", name="创建令牌").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").filter(has_text="请至少选择一个角色").is_visible()
    shot(page, "api-tokens-errors")

    page.get_by_label("用途（调用系统的名称）").fill("公文交换系统")
    page.get_by_label("编辑").check()
    page.get_by_label("有效期").select_option(label="30天")
    page.get_by_role("button", name="创建令牌").click()
    page.wait_for_load_state()
    assert page.get_by_text("此令牌只显示这一次").is_visible()
    token = page.get_by_label("令牌", exact=True).input_value()
    assert token.startswith("gk_")
    row = page.locator("tr", has_text="公文交换系统")
    assert "编辑" in row.inner_text() and "有效" in row.inner_text() and "未使用" in row.inner_text()
    shot(page, "api-tokens-created")

    status, body = _post_draft(page, live_server.url, token, "doc-1")
    assert status == 201 and body["state"] == "draft"
    assert _in_thread(lambda: Document.objects.get(pk=body["id"]).title) == "经接口报送的草稿"

    page.reload()
    assert token not in page.content()  # shown once only
    assert "未使用" not in page.locator("tr", has_text="公文交换系统").inner_text()

    page.get_by_role("button", name="吊销令牌“公文交换系统”").click()
    page.wait_for_load_state()
    assert page.get_by_text("已吊销令牌“公文交换系统”").is_visible()
    assert "已吊销" in page.locator("tr", has_text="公文交换系统").inner_text()
    shot(page, "api-tokens-revoked")

    status, body = _post_draft(page, live_server.url, token, "doc-2")
    assert status == 401 and body["detail"] == "接口令牌已吊销，请联系本机关的机关管理员"
    assert _in_thread(Document.objects.count) == 1
