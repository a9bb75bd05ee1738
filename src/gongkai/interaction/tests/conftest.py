import pytest

from gongkai.testing import factories
from gongkai.testing.clock import clock_mover
from gongkai.testing.factories import MESSAGE


@pytest.fixture
def message_data():
    return dict(MESSAGE)


@pytest.fixture
def on(monkeypatch):
    """Move the interaction clock to 10:00 on a date: ``on(date)`` (in place of the root conftest's
    applications clock)."""
    from gongkai.interaction import services

    return clock_mover(monkeypatch, services)


@pytest.fixture
def box(agency_tree):
    return factories.mailbox(agency_tree["city"])


@pytest.fixture
def staff(agency_tree):
    return factories.interaction_staff(agency_tree)


@pytest.fixture
def submitted(box, message_data):
    """A message as the public submits it: (message, 查询码)."""
    from gongkai.interaction import services

    return services.submit(box, message_data | {"public_ok": True})


@pytest.fixture
def answered(submitted, staff):
    """A message taken through accept → assign → reply → review (approved for publication)."""
    msg, code = submitted
    return factories.answered_message(msg, staff), code
