"""schemathesis against the API's own schema, in process (the Django WSGI handler: no network),
bounded: for every operation a fixed number of generated requests over the catalogue fixture.
Checks: no 5xx, status codes and bodies as the schema says, and no unpublished record in any
response (the fixture's hidden documents carry marked titles)."""

import datetime as dt
import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
    settings.GONGKAI_API_WRITE_RATE = "100000/min"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


WRITE_EXAMPLES = 25  # per write operation
VALID_BODIES = {
    "drafts": {"title": "模糊测试草稿", "category": "16", "written_on": "2025-03-03"},
    "attachments": {},
    "applications": {
        "channel": "in_person",
        "applicant_kind": "natural_person",
        "applicant_name": "王五",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "description": "低保资金发放情况",
        "medium": "electronic",
        "delivery": "pickup",
    },
}


def test_write_api_against_its_schema(agency_tree, make_staff, category, settings_override):
    """The write endpoints with a valid token of 随州市民政局 (both roles): no 5xx, answers as the
    schema says, and whatever the generated bodies manage to create is a draft or an application of
    the token's own agency."""
    import uuid

    from gongkai.applications.models import Application
    from gongkai.disclosure.models import Document

    from .write_kit import make_token

    city = agency_tree["city"]
    token, plain = make_token(make_staff, city, "editor", "handler")
    from gongkai.disclosure.services import create_document

    draft = create_document(
        token.account,
        city,
        {"title": "模糊测试的草稿", "category": category, "written_on": dt.date(2025, 3, 3)},
    )
    raw = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = WSGIHandler()
    schema.location = "/api/v1/schema/"
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().method.upper() == "POST"]
    assert {op.path for op in operations} == {
        "/api/v1/drafts/",
        "/api/v1/drafts/{id}/attachments/",
        "/api/v1/applications/",
    }
    statuses: list[int] = []
    for op in operations:

        @given(case=op.as_strategy(), repair=st.booleans())
        @settings(
            max_examples=WRITE_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case, repair):
            if repair and isinstance(case.body, dict):
                # Half the cases carry valid required fields, so that the generated optional fields
                # reach the services (文号, dates, files …), not only the serializer's checks.
                case.body.update(VALID_BODIES[op.path.rsplit("/", 2)[-2]])  # noqa: B023 (run now)
            if repair and case.path_parameters:
                case.path_parameters["id"] = draft.pk
            headers = {"Authorization": f"Bearer {plain}"}
            if case.headers and case.headers.get("Idempotency-Key", "").isascii():
                headers["Idempotency-Key"] = f"{case.headers['Idempotency-Key'][:50]}-{uuid.uuid4().hex[:8]}"
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            case.validate_response(
                response,
                checks=[
                    not_a_server_error,
                    status_code_conformance,
                    content_type_conformance,
                    response_schema_conformance,
                ],
            )

        run()
    assert {201, 400} <= set(statuses)  # some generated requests got through, some were refused
    assert set(Document.objects.values_list("state", flat=True)) <= {"draft"}
    assert set(Document.objects.values_list("agency_id", flat=True)) <= {city.pk}
    assert set(Application.objects.values_list("agency_id", flat=True)) <= {city.pk}
