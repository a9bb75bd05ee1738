"""The fast hasher is the tests' own: the settings an agency runs hash passwords with Django's
default (PBKDF2), never MD5."""

import subprocess
import sys


def test_production_settings_hash_passwords_with_pbkdf2():
    code = (
        "import os; os.environ['GONGKAI_SECRET_KEY'] = 'k' * 60; "
        "import django; from django.conf import settings; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'gongkai.settings'; django.setup(); "
        "print(settings.PASSWORD_HASHERS[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout.strip()
    assert out == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
