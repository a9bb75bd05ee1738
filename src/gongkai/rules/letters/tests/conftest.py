import datetime as dt

import pytest

from gongkai.rules.letters.model import CaseFacts


def make_facts(**changes) -> CaseFacts:
    values = dict(
        agency="随州市民政局",
        application_number="2025-0123",
        applicant="张三",
        received=dt.date(2025, 1, 20),
        description="2024年度城乡低保资金发放情况",
        date=dt.date(2025, 2, 10),
        office="随州市民政局办公室",
        phone="0722-3456789",
        address="随州市曾都区烈山大道1号",
        number_prefix="随民依公开",
        title="关于下达2024年城乡低保资金的通知",
        document_number="随民发[2024]3号",
        medium="纸质",
        delivery="邮寄",
        reconsideration_body="随州市人民政府",
    )
    values.update(changes)
    return CaseFacts(**values)


@pytest.fixture
def facts() -> CaseFacts:
    return make_facts()
