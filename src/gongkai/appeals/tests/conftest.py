from gongkai.reports.tests.conftest import fast_passwords, make_application  # noqa: F401  (shared fixtures)
