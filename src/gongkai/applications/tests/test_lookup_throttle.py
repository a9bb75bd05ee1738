"""Wrong 查询码 guesses lock out the guesser, not the agency's applicants (issue 12 item 4)."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(agency_tree, form_data):
    city = agency_tree["city"]
    first, first_code = services.submit(city, form_data, idempotency_key="a")
    other = dict(form_data, description="2025年度临时救助资金发放情况")  # not a repeat of the first
    second, second_code = services.submit(city, other, idempotency_key="b")
    return city, (first, first_code), (second, second_code)


def _lookup(agency, number, code, ip):
    client = Client(REMOTE_ADDR=ip)
    url = reverse("applications_portal:lookup", args=[agency.slug])
    return client, client.post(url, {"number": number, "code": code})


def test_guesser_is_locked_out_but_the_applicant_elsewhere_is_not(two_cases, settings):
    city, (app, code), (other_app, other_code) = two_cases
    for _ in range(settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER):
        page = _lookup(city, app.number, "WRONGCODE", "203.0.113.9")[1].content.decode()
        assert "申请编号或查询码不正确" in page
    # The guessing address is refused for this number, even with the right code …
    page = _lookup(city, app.number, code, "203.0.113.9")[1].content.decode()
    assert "查询失败次数过多" in page
    # … while the applicant, from another address, gets in with the right code,
    client, response = _lookup(city, app.number, code, "198.51.100.7")
    assert response.status_code == 302
    assert app.number in client.get(response["Location"]).content.decode()
    # and another applicant of the same agency is not locked out either (not even from that address).
    assert _lookup(city, other_app.number, other_code, "203.0.113.9")[1].status_code == 302


def test_many_numbers_from_one_source_lock_that_source(two_cases, settings):
    city, (app, code), _ = two_cases
    settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_SOURCE = 6
    for n in range(6):
        _lookup(city, f"2025-{n + 100:04d}", "WRONGCODE", "203.0.113.9")
    assert "查询失败次数过多" in _lookup(city, app.number, code, "203.0.113.9")[1].content.decode()
    assert _lookup(city, app.number, code, "198.51.100.7")[1].status_code == 302


def test_lookups_and_staff_login_count_apart(two_cases, agency_tree, make_staff, settings):
    """An office behind one address: applicants' wrong codes do not lock the staff out, and staff
    typing wrong passwords do not lock the applicants out."""
    city, (app, code), _ = two_cases
    make_staff(city, "editor", username="zhang")
    for n in range(8):
        _lookup(city, f"2025-{n + 100:04d}", "WRONGCODE", "203.0.113.9")
    staff = Client(REMOTE_ADDR="203.0.113.9")
    response = staff.post(reverse("staff:login"), {"username": "zhang", "password": "correct-horse-battery"})
    assert response.status_code == 302 and "_auth_user_id" in staff.session
    other = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(12):
        other.post(reverse("staff:login"), {"username": "zhang", "password": "wrong"})
    assert _lookup(city, app.number, code, "203.0.113.10")[1].status_code == 302


def test_counters_are_shared_between_processes(two_cases, settings):
    """Another worker process (a fresh cache connection) sees the same counters."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    from gongkai.core import lookup_throttle

    city, (app, _code), _ = two_cases
    assert not isinstance(caches["default"], LocMemCache)
    for _ in range(settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER):
        _lookup(city, app.number, "WRONGCODE", "203.0.113.9")
    config = settings.CACHES["default"]
    fresh = import_string(config["BACKEND"])(config["LOCATION"], {"KEY_PREFIX": config.get("KEY_PREFIX", "")})
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    keys = [key for key, _limit in lookup_throttle._keys(request, f"application:{city.pk}", app.number)]
    assert fresh.get(keys[0]) == settings.GONGKAI_LOOKUP_MAX_FAILURES_PER_NUMBER
