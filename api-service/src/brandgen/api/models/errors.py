"""The error body every failing response carries."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FieldProblem(BaseModel):
    field: str | None = Field(description="Dotted path of the request field, or `body` for the body as a whole.")
    message: str = Field(description="What is wrong with it and what to send instead.")


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. validation_error, rate_limited.")
    message: str = Field(description="What went wrong, for a human.")
    field: str | None = Field(default=None, description="Dotted path of the offending request field, if any.")
    problems: list[FieldProblem] | None = Field(
        default=None,
        description="validation_error only: every field that failed, so a form can mark them all at once "
        "(`message` and `field` repeat the first).",
    )


class ErrorResponse(BaseModel):
    error: ErrorBody

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "validation_error",
                        "message": "String should have at most 100 characters",
                        "field": "company_name",
                    }
                }
            ]
        }
    )


OpenApiResponses = dict[int | str, dict[str, Any]]
"""Extra responses of a route, as FastAPI's `responses=` takes them."""


def _example(status: int, code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {
        "model": ErrorResponse,
        "description": message,
        "content": {"application/json": {"example": {"error": {"code": code, "message": message, "field": field}}}},
    }


UNAUTHORIZED: OpenApiResponses = {401: _example(401, "unauthorized", "missing or invalid API key")}
NOT_FOUND: OpenApiResponses = {404: _example(404, "job_not_found", "no job with this id for this API key")}
INVALID: OpenApiResponses = {
    422: _example(422, "validation_error", "String should have at most 100 characters", "company_name")
}
RATE_LIMITED: OpenApiResponses = {
    429: _example(429, "rate_limited", "rate limit of 600 requests per minute reached; retry after 12 s")
}
UNAVAILABLE: OpenApiResponses = {
    503: _example(503, "service_unavailable", "the message broker is unavailable; try again shortly")
}
TOO_LARGE: OpenApiResponses = {413: _example(413, "payload_too_large", "request body larger than 65536 bytes")}

COMMON = UNAUTHORIZED | INVALID | RATE_LIMITED | UNAVAILABLE | TOO_LARGE
"""Every /v1 route can answer these (auth, rate limit and body size apply to all of them)."""
