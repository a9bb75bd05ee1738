"""Shared fixtures: an agency tree and staff with roles."""

import pytest

from gongkai.testing import factories
from gongkai.testing.clock import clock_mover


@pytest.fixture(scope="session")
def _search_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("search-index")


@pytest.fixture(autouse=True)
def _second_factor_not_forced(settings):
    """Staff made by the fixtures below have no authenticator: the second factor is not forced in
    tests, except in gongkai/security's tests, which turn it on (the default) themselves."""
    settings.GONGKAI_OTP_REQUIRED_ROLES = []


@pytest.fixture(autouse=True)
def _search_index_in_tmp(settings, _search_dir):
    """Tests never write the embedded search index into the working tree's var/search (one
    temporary index for the session; search tests that need their own set it themselves)."""
    settings.GONGKAI_SEARCH_DIR = _search_dir


@pytest.fixture(autouse=True)
def _background_work_inline(settings):
    """Long work runs at once in the test (gongkai.core.background); a test of the threaded demo
    mode sets GONGKAI_BACKGROUND = "thread" itself."""
    settings.GONGKAI_BACKGROUND = "inline"


@pytest.fixture(autouse=True)
def _seed_data_after_flush(request):
    """Transactional tests (live server, threads) empty every table afterwards, including what the
    data migrations seeded; put the standard lists and the holiday calendar back for them."""
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if not (marked or {"transactional_db", "live_server"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db")
    from django.core.cache import cache

    cache.clear()  # lock-out counters of an earlier live-server test (the cache table is not flushed)
    from gongkai.disclosure.models import Category, Genre
    from gongkai.disclosure.standard_lists import seed
    from gongkai.workdays.calendar import seed_from_chinesecalendar

    seed(Category, Genre)
    seed_from_chinesecalendar()


@pytest.fixture
def agency_tree(db):
    """湖北省民政厅 → 随州市民政局 → 曾都区民政局, and an unrelated 岳阳市民政局 (factories.agency_tree)."""
    return factories.agency_tree()


@pytest.fixture
def make_staff(db):
    """``make_staff(agency, *roles, username=None)``: a staff user with password factories.PASSWORD."""
    return factories.staff


@pytest.fixture
def case_staff(agency_tree, make_staff):
    """The people of an application at 随州市民政局 (承办人, 公开工作机构负责人, 签发领导) and an
    ``outsider`` with all three roles at the unrelated 岳阳市民政局."""
    city = agency_tree["city"]
    return {
        "handler": make_staff(city, "handler", username="handler"),
        "head": make_staff(city, "office_head", username="head"),
        "leader": make_staff(city, "leader", username="leader"),
        "outsider": make_staff(agency_tree["other"], "handler", "office_head", "leader", username="outsider"),
    }


@pytest.fixture
def on(monkeypatch):
    """Move the applications' clock to 10:00 on a date: ``on(date)`` (gongkai.testing.clock)."""
    from gongkai.applications import services

    return clock_mover(monkeypatch, services)


@pytest.fixture
def category(db):
    from gongkai.disclosure.models import Category

    return Category.objects.get(code="16")


@pytest.fixture
def workflow(db):
    """Create documents and move them through the review workflow as real staff would (one editor
    and one reviewer per agency, made on first use)."""

    class Workflow:
        def __init__(self):
            self._cache = {}

        def staff(self, agency):
            return (
                factories.staff(agency, "editor", username=f"{agency.slug}-ed"),
                factories.staff(agency, "reviewer", username=f"{agency.slug}-rv"),
            )

        def staff_for(self, agency):
            if agency.pk not in self._cache:
                self._cache[agency.pk] = self.staff(agency)
            return self._cache[agency.pk]

        def draft(self, agency, editor=None, **data):
            return factories.draft_document(editor or self.staff_for(agency)[0], agency, **data)

        def publish(self, agency, publish_at=None, **data):
            editor, reviewer = self.staff_for(agency)
            return factories.published_document(editor, reviewer, agency, publish_at=publish_at, **data)

    return Workflow()
