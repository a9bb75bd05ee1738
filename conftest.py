"""Shared fixtures: an agency tree and staff with roles."""

import pytest


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
    """湖北省民政厅 → 随州市民政局 → 曾都区民政局, and an unrelated 岳阳市民政局."""
    from gongkai.agencies.models import Agency

    province = Agency.objects.create(
        name="湖北省民政厅", short_name="省民政厅", code="011043196", slug="hbmzt"
    )
    city = Agency.objects.create(
        name="随州市民政局", short_name="市民政局", code="011330001", slug="szmzj", parent=province
    )
    district = Agency.objects.create(
        name="随州市曾都区民政局", short_name="区民政局", code="011330101", slug="zdqmzj", parent=city
    )
    other = Agency.objects.create(name="岳阳市民政局", short_name="市民政局", code="006220735", slug="yymzj")
    # 告知书设置 as an agency live on the platform has them: the 机关代字 of the letters' number and the
    # 行政复议机关 (行政复议法 2023 Art. 20 ¶3, Art. 24). 岳阳市民政局 has none: its letters show the gaps.
    from gongkai.applications.models import LetterSettings

    for agency, prefix, body in (
        (province, "鄂民依公开", "湖北省人民政府"),
        (city, "随民依公开", "随州市人民政府"),
        (district, "曾民依公开", "随州市曾都区人民政府"),
    ):
        LetterSettings.objects.create(
            agency=agency,
            number_prefix=prefix,
            reconsideration_body=body,
            fee_payment=f"银行转账，收款单位：{agency.name}，账号：1817 0000 0000 0001",
        )
    return {"province": province, "city": city, "district": district, "other": other}


@pytest.fixture
def make_staff(db):
    from gongkai.agencies.models import User

    def make(agency, *roles, username=None):
        username = username or f"{agency.slug}-{'-'.join(roles) or 'none'}"
        return User.objects.create_user(
            username=username,
            password="correct-horse-battery",
            agency=agency,
            roles=list(roles),
            full_name=username,
        )

    return make


@pytest.fixture
def category(db):
    from gongkai.disclosure.models import Category

    return Category.objects.get(code="16")


@pytest.fixture
def workflow(make_staff, category):
    """Create documents and move them through the review workflow as real staff would."""
    import datetime as dt

    from gongkai.disclosure import services

    class Workflow:
        def staff(self, agency):
            return (
                make_staff(agency, "editor", username=f"{agency.slug}-ed"),
                make_staff(agency, "reviewer", username=f"{agency.slug}-rv"),
            )

        def draft(self, agency, editor=None, **data):
            editor = editor or self.staff_for(agency)[0]
            fields = {
                "title": "关于调整城乡最低生活保障标准的通知",
                "category": category,
                "written_on": dt.date(2025, 3, 3),
                "body": "<p>正文</p>",
            } | data
            return services.create_document(editor, agency, fields)

        _cache: dict = {}

        def staff_for(self, agency):
            if agency.pk not in self._cache:
                self._cache[agency.pk] = self.staff(agency)
            return self._cache[agency.pk]

        def publish(self, agency, publish_at=None, **data):
            editor, reviewer = self.staff_for(agency)
            doc = self.draft(agency, editor, **data)
            services.transition(editor, doc, "submit")
            services.transition(reviewer, doc, "approve")
            return services.transition(editor, doc, "publish", publish_at=publish_at)

    Workflow._cache = {}
    return Workflow()
