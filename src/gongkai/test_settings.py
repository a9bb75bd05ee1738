"""Settings of the test suite (pyproject's DJANGO_SETTINGS_MODULE): the ordinary settings with the
tests' own secret key, since without DEBUG the settings refuse to start without one. The key is set
in the environment, so that the `gongkai` commands the tests run as subprocesses inherit it."""

import os

os.environ.setdefault("GONGKAI_SECRET_KEY", "tests-only-key-not-secret-" + "t" * 40)

from gongkai.settings import *  # noqa: F403

# Hashing every test user's password with PBKDF2 (1,000,000 rounds) was most of the suite's time;
# the tests check the password policy and history, not the hash's strength. Production keeps
# Django's default hashers (gongkai.settings does not set PASSWORD_HASHERS).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
