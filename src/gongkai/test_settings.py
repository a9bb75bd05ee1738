"""Settings of the test suite (pyproject's DJANGO_SETTINGS_MODULE): the ordinary settings with the
tests' own secret key, since without DEBUG the settings refuse to start without one. The key is set
in the environment, so that the `gongkai` commands the tests run as subprocesses inherit it."""

import os

os.environ.setdefault("GONGKAI_SECRET_KEY", "tests-only-key-not-secret-" + "t" * 40)

from gongkai.settings import *  # noqa: E402, F403
