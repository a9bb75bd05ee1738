"""Staff login in Debian's chromium: password then TOTP code; a reviewer without an authenticator
is sent to enrol (QR code, then recovery codes); five wrong passwords lock the account."""

import base64
import os
import re
import shutil
from pathlib import Path

import pytest
from django_otp.oath import TOTP

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output"))
PASSWORD = "Quiet-River-2025"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def staff(transactional_db, settings):
    """Made before Playwright starts its event loop (the ORM refuses async contexts)."""
    from gongkai.agencies.models import Agency, User
    from gongkai.security import otp

    settings.GONGKAI_OTP_REQUIRED_ROLES = ["agency_admin", "reviewer"]
    agency = Agency.objects.create(name="随州市民政局", short_name="市民政局", code="011330001", slug="szmzj")
    admin = User.objects.create_user(
        "guanli", password=PASSWORD, agency=agency, roles=["agency_admin"], full_name="管理员甲"
    )
    User.objects.create_user(
        "shenhe", password=PASSWORD, agency=agency, roles=["reviewer"], full_name="审查员乙"
    )
    User.objects.create_user("bianji", password=PASSWORD, agency=agency, roles=["editor"], full_name="编辑丙")
    key = otp.new_key()
    otp.enrol(admin, key)
    return {"key": key}


@pytest.fixture
def browser(staff):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _shot(page, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"auth-{name}.png"), full_page=True)


def _password_step(page, url, username, password=PASSWORD):
    page.goto(f"{url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_login_with_totp(live_server, staff, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    _password_step(page, live_server.url, "guanli")
    assert page.locator("h1").inner_text() == "双因素认证"
    page.fill("#id_token", "000000")
    page.get_by_role("button", name="验证").click()
    assert "动态口令或恢复码不正确" in page.content()
    _shot(page, "login-otp-wrong")
    page.fill("#id_token", f"{TOTP(bytes.fromhex(staff['key'])).token():06d}")
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()
    assert page.url.endswith("/staff/") and "管理员甲" in page.content()


def test_reviewer_enrols_from_the_qr_page(live_server, staff, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    _password_step(page, live_server.url, "shenhe")
    page.goto(f"{live_server.url}/staff/documents/")
    assert page.url.endswith("/staff/account/otp/")
    assert page.locator("figure.qr svg").count() == 1
    _shot(page, "otp-setup")
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.fill("#id_token", f"{TOTP(base64.b32decode(secret)).token():06d}")
    page.get_by_role("button", name="绑定").click()
    page.wait_for_load_state()
    codes = re.findall(r"\b[0-9a-f]{10}\b", page.locator("ul.recovery-codes").inner_text())
    assert len(codes) == 10
    _shot(page, "recovery-codes")
    page.get_by_role("link", name="进入工作台").click()
    assert page.url.endswith("/staff/")


def test_five_wrong_passwords_lock_the_account(live_server, staff, browser, settings):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _password_step(page, live_server.url, "bianji", "wrong-password")
        assert "用户名或密码不正确" in page.content()
    _password_step(page, live_server.url, "bianji", "wrong-password")
    assert "登录失败次数过多" in page.content()
    _password_step(page, live_server.url, "bianji")  # the right password is refused while locked
    assert page.locator("h1").inner_text() == "账号已锁定"
    _shot(page, "locked")
