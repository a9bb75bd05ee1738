"""Shared fixtures: an agency tree and staff with roles."""

import pytest


@pytest.fixture
def agency_tree(db):
    """湖北省民政厅 → 随州市民政局 → 曾都区民政局, and an unrelated 岳阳市民政局."""
    from gongkai.agencies.models import Agency

    province = Agency.objects.create(name="湖北省民政厅", short_name="省民政厅", code="011043196", slug="hbmzt")
    city = Agency.objects.create(name="随州市民政局", short_name="市民政局", code="011330001", slug="szmzj",
                                 parent=province)
    district = Agency.objects.create(name="随州市曾都区民政局", short_name="区民政局", code="011330101",
                                     slug="zdqmzj", parent=city)
    other = Agency.objects.create(name="岳阳市民政局", short_name="市民政局", code="006220735", slug="yymzj")
    return {"province": province, "city": city, "district": district, "other": other}


@pytest.fixture
def make_staff(db):
    from gongkai.agencies.models import User

    def make(agency, *roles, username=None):
        username = username or f"{agency.slug}-{'-'.join(roles) or 'none'}"
        return User.objects.create_user(username=username, password="correct-horse-battery", agency=agency,
                                        roles=list(roles), full_name=username)

    return make
