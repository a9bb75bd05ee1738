from gongkai.reports.tests.conftest import make_application  # noqa: F401  (shared: applications with known facts)
