"""schemathesis against the API's own schema, in process (the Django WSGI handler: no network),
bounded: for every operation a fixed number of generated requests over the catalogue fixture.
Checks: no 5xx, status codes and bodies as the schema says, and no unpublished record in any
response (the fixture's hidden documents carry marked titles)."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 15  # per operation: bounded so the suite stays quick
HIDDEN_MARKS = ("草稿：", "审查中：", "待发布：", "已撤回：", "定时：", "依申请：", "李四", "13912345678")


def test_api_against_its_schema(catalogue, settings_override):
    raw = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = WSGIHandler()
    schema.location = "/api/v1/schema/"
    hidden_ids = {d.pk for d in catalogue["hidden"].values()}
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 12
    seen_ok = 0
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            nonlocal seen_ok
            response = case.call()
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )
            text = response.text
            assert not any(mark in text for mark in HIDDEN_MARKS), (case.path, text[:300])
            if response.status_code == 200 and "/documents/" in case.formatted_path:
                ids = {d["id"] for d in response.json().get("results", [response.json()])}
                assert not ids & hidden_ids
            seen_ok += response.status_code == 200

        run()
    assert seen_ok > 0


@pytest.fixture
def settings_override(settings):
    """No rate limit, and the test's database connection kept open between requests (as Django's
    test client does: the handler would otherwise close it when a request finishes)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.GONGKAI_API_RATE = "100000/min"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
