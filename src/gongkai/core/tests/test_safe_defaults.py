"""Issue 12 item 2: safe defaults. DEBUG is off unless asked for; without DEBUG the app refuses to
start with the published key; the production profile turns HTTPS on (HSTS, SSL redirect, Secure
cookies) and `gongkai check --deploy` is clean with the variables the README documents; every page
carries a Content-Security-Policy, and no template runs inline script."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "GONGKAI_PROFILE": "production",
    "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "GONGKAI_SECRET_KEY": "k3Y-for-the-deploy-check-only-" + "abcdefghij" * 3,
    # Fernet key of the personal data at rest (gongkai.core.crypto); a test key, never used.
    "GONGKAI_FIELD_KEY": "ZGVwbG95LWNoZWNrLW9ubHktZmllbGQta2V5LTAwMDA=",
}


def gongkai(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """A `gongkai` command as an operator runs it: the ordinary settings, only ``env`` set."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GONGKAI_") or k in ("GONGKAI_DB", "GONGKAI_PG_NAME", "GONGKAI_PG_HOST")
    }
    base |= {"DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_HOME": str(tmp_path)} | env
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True, env=base, timeout=120
    )


SHOW = """
import json
from django.conf import settings
from django.test import Client
c = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
plain = c.get("/staff/login/")
secure = c.get("/staff/login/", secure=True)
cookie = secure.cookies.get("csrftoken")
print(json.dumps({"debug": settings.DEBUG, "plain": [plain.status_code, plain.get("Location", "")],
                  "hsts": secure.get("Strict-Transport-Security", ""),
                  "csrf_cookie": [bool(cookie and cookie["secure"]), bool(cookie and cookie["httponly"])],
                  "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY]}))
"""


def shown(run: subprocess.CompletedProcess) -> dict:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_without_debug_and_without_a_key_it_refuses_to_start_in_chinese(tmp_path):
    run = gongkai(tmp_path, "check")
    assert run.returncode != 0
    assert "未设置密钥 GONGKAI_SECRET_KEY，拒绝启动" in run.stderr and "Traceback" not in run.stderr
    # Tools that sign and hash nothing still run without a key.
    fee = gongkai(tmp_path, "fee", "--by", "item", "--count", "35")
    assert fee.returncode == 0 and fee.stdout.strip() == "3000", fee.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    run = gongkai(tmp_path, "shell", "-c", SHOW, GONGKAI_SECRET_KEY=PRODUCTION["GONGKAI_SECRET_KEY"])
    assert run.returncode == 0, run.stderr
    assert shown(run)["debug"] is False
    # The development server and the demo loader are development tools: DEBUG on, the dev key.
    run = gongkai(tmp_path, "runserver", "--help")
    assert run.returncode == 0, run.stderr


def test_production_profile_is_https_only_and_the_deploy_check_is_clean(tmp_path):
    run = gongkai(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert run.returncode == 0, run.stdout + run.stderr
    prod = shown(gongkai(tmp_path, "shell", "-c", SHOW, **PRODUCTION))
    assert prod["plain"] == [301, "https://gongkai.example.gov.cn/staff/login/"]
    assert prod["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert prod["csrf_cookie"] == [True, True] and prod["session_cookie"] == [True, True]
    # Without the profile (a development checkout) the same check finds the HTTPS settings off.
    dev = gongkai(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GONGKAI_SECRET_KEY=PRODUCTION["GONGKAI_SECRET_KEY"],
        GONGKAI_ALLOWED_HOSTS="x",
    )
    assert dev.returncode != 0 and "security.W004" in dev.stderr + dev.stdout


# --- Content-Security-Policy ---------------------------------------------------------------------------

LINK = re.compile(r'href="(/[^"#]*)"')


def _csp(response) -> str:
    return response.get("Content-Security-Policy", "")


def _crawl(client, start: list[str], limit: int = 400) -> dict[str, int]:
    """Every same-site page reachable by links from ``start``; asserts the policy on each."""
    seen: dict[str, int] = {}
    todo = list(start)
    while todo and len(seen) < limit:
        url = todo.pop(0)
        if url in seen or url.startswith(("/static/", "/admin/", "/staff/logout/")) or "lang=" in url:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        policy = _csp(response)
        if response.get("Content-Type", "").startswith("application/pdf"):  # see gongkai.core.csp
            assert policy == "frame-ancestors 'none'", url
            continue
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, url
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0], url
        if "text/html" in response.get("Content-Type", ""):
            page = response.content.decode()
            assert not INLINE_SCRIPT.search(page), url
            todo += [u.replace("&amp;", "&") for u in LINK.findall(page) if urlsplit(u).path != url]
    return seen


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client):
    from gongkai.demo.loader import load_demo

    load_demo()
    public = _crawl(client, ["/"])
    assert len(public) > 20 and set(public.values()) <= {200, 302}
    for username in ("szmzj-admin", "hbmzt-supervisor"):
        client.logout()
        client.login(username=username, password="gongkai-demo-2025")
        staff = _crawl(client, [reverse("staff:dashboard")])
        assert len(staff) > 15, staff
        assert 500 not in staff.values()
    # Error pages too, in Chinese.
    missing = client.get("/no-such-agency/doc/999999/")
    assert missing.status_code == 404 and _csp(missing) and "页面不存在" in missing.content.decode()


# --- no inline script --------------------------------------------------------------------------------

# <script> without src (json_script's type="application/json" data blocks do not run and are allowed),
# on*="…" event-handler attributes, htmx's hx-on handlers (inline script too), javascript: URLs.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>|\son[a-z]+\s*=\s*[\"']|"
    r"\shx-on[:-]|javascript:",
    re.I,
)


def test_no_template_contains_inline_script():
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) > 40
    offenders = [
        f"{t.relative_to(SRC)}: {m.group(0)}"
        for t in templates
        for m in INLINE_SCRIPT.finditer(t.read_text("utf-8"))
    ]
    assert offenders == []


def test_the_inline_script_check_finds_what_it_should():
    for bad in (
        "<script>alert(1)</script>",
        '<button onclick="x()">',
        '<a href="javascript:x()">',
        '<body onload = "go()">',
        '<div hx-on:click="go()">',
        '<div hx-on::after-request="x()">',
    ):
        assert INLINE_SCRIPT.search(bad), bad
    for good in (
        '<script src="/static/gongkai/a.js"></script>',
        '<script id="chart-data" type="application/json">{"a": 1}</script>',
        "<p>online</p>",
    ):
        assert not INLINE_SCRIPT.search(good), good


@pytest.mark.django_db
def test_a_pdf_opened_in_the_browser_keeps_only_frame_ancestors(
    client, agency_tree, workflow, settings, tmp_path
):
    """Chromium's PDF viewer is an <embed> with inline styles: object-src 'none' would blank it. A PDF
    response carries frame-ancestors 'none' only; an image keeps its own stricter policy (preview.py),
    a page the whole policy."""
    from gongkai.disclosure import services
    from gongkai.testing import files

    settings.MEDIA_ROOT = tmp_path
    editor, _ = workflow.staff_for(agency_tree["city"])
    doc = workflow.draft(agency_tree["city"], editor)
    pdf = services.add_attachment(editor, doc, "附件.pdf", files.pdf())
    png = services.add_attachment(editor, doc, "图.png", files.png())
    client.force_login(editor)
    shown = client.get(reverse("staff:document_attachment_view", args=[doc.pk, pdf.pk]))
    assert shown["Content-Type"].startswith("application/pdf")
    assert _csp(shown) == "frame-ancestors 'none'" and shown["X-Content-Type-Options"] == "nosniff"
    image = client.get(reverse("staff:document_attachment_view", args=[doc.pk, png.pk]))
    assert _csp(image).startswith("default-src 'none'") and "sandbox" in _csp(image)
    assert "object-src 'none'" in _csp(client.get(reverse("staff:document", args=[doc.pk])))
