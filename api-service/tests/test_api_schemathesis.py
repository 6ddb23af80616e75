"""Property-based run of the app's own OpenAPI against the live server: no 5xx, no off-schema answer.

Schemathesis generates requests for every operation from the schema the app serves and checks
each response against it. (Driven through its Python API: its pytest plugin does not yet run on
pytest 9.)
"""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_every_operation_answers_within_its_schema(start_api) -> None:
    live = start_api(stages=False)  # nothing consumes: generated jobs stay queued and are deleted after
    schema = schemathesis.openapi.from_dict(httpx.get(f"{live.url}/openapi.json").json())
    headers = {"X-API-Key": live.key}
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=live.url, headers=headers, timeout=5, checks=CHECKS)

        check()
        tested.append(operation.label)
    assert len(tested) == 10, tested  # 9 job and operations routes + GET /v1/catalog (web page suggestions)
