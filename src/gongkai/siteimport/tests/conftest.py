"""The generated old site on loopback, and a helper that imports it as the command line does."""

from __future__ import annotations

import pytest

from gongkai.testing.site import RELEASE, LocalSite

from . import site as generated


@pytest.fixture
def old_site():
    """(site, other): the agency's old site and another site it links to, each on its own port."""
    with LocalSite() as other, LocalSite() as site:
        site.routes = generated.routes(other.base)
        yield site, other
    RELEASE.clear()  # LocalSite's teardown sets it for slow routes; the sitecheck tests' slow page needs it clear


@pytest.fixture(autouse=True)
def index_dir(settings, tmp_path):
    """A fresh embedded search index per test."""
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    """Import as the command line does (no pause between requests); the search index is brought
    up to date as after the commit of each page."""
    from gongkai.siteimport import services

    def run(agency, url, **kw):
        with django_capture_on_commit_callbacks(execute=True):
            return services.execute(services.start(agency, url, **kw), rate=0)

    return run
