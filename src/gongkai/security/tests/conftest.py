import pytest

from gongkai.testing.factories import PASSWORD


@pytest.fixture(autouse=True)
def _second_factor_as_configured(settings):
    """These tests run with the shipped default of roles that must use a second factor."""
    import importlib

    import gongkai.settings as shipped

    settings.GONGKAI_OTP_REQUIRED_ROLES = list(importlib.reload(shipped).GONGKAI_OTP_REQUIRED_ROLES)


@pytest.fixture
def login():
    from django.test import Client
    from django.urls import reverse

    def do(username, password=PASSWORD, ip="192.0.2.10", client=None):
        client = client or Client(REMOTE_ADDR=ip)
        response = client.post(reverse("staff:login"), {"username": username, "password": password})
        return client, response

    return do


@pytest.fixture
def enrolled():
    """Give a user an authenticator (as the enrolment page does); returns a function that makes
    the current code."""
    from django_otp.oath import TOTP

    from gongkai.security import otp

    def enrol(user):
        key = otp.new_key()
        codes = otp.enrol(user, key)
        enrol.codes = codes
        return lambda: f"{TOTP(bytes.fromhex(key)).token():06d}"

    return enrol
