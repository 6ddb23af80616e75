"""One error shape for every failure: `{"error": {"code", "message", "field"}}`.

Route code raises `ApiError`; the handlers below translate FastAPI's own validation errors,
Starlette's HTTP errors and backend outages into the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from brandgen.api.models.errors import ErrorBody, ErrorResponse, FieldProblem
from brandgen.shared.errors import TransientError
from brandgen.shared.state import JobNotFoundError

log = logging.getLogger("brandgen.api")


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.headers = status, code, message, field, headers


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
    problems: list[FieldProblem] | None = None,
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, field=field, problems=problems))
    # `problems` only where there are some: every other error body keeps its three fields.
    content = body.model_dump(exclude={"error": {"problems"}} if problems is None else None)
    return JSONResponse(content, status_code=status, headers=headers)


def unavailable(message: str, retry_after: int = 5) -> ApiError:
    return ApiError(503, "service_unavailable", message, headers={"Retry-After": str(retry_after)})


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str | None:
    # ("body", "company_name") -> "company_name"; ("header", "idempotency-key") -> "header.idempotency-key"
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or None


async def _api_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.code, error.message, error.field, error.headers)


BODY_FIELD = "body"
"""The `field` of errors about the request body as a whole (not JSON, not an object)."""


def _where(document: object, offset: object) -> str:
    """`line 1, column 22` for a character offset into the body, when both are known."""
    if not isinstance(document, str | bytes) or not isinstance(offset, int):
        return ""
    text = document if isinstance(document, str) else document.decode("utf-8", "replace")
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f" at line {line}, column {column}"


def _problem(problem: Mapping[str, Any], body: object = None) -> tuple[str, str | None]:
    """(message, field) of one pydantic problem, in words a client can act on."""
    loc = tuple(problem.get("loc", ()))
    kind = problem.get("type")
    if kind == "json_invalid":
        # FastAPI puts the decoder's offset in `loc`; the field is the body, and the offset goes
        # into the message as a line and column.
        detail = (problem.get("ctx") or {}).get("error", "invalid JSON")
        where = _where(body, loc[1] if len(loc) > 1 else None)
        return f"the request body is not valid JSON ({detail}{where}); send one JSON object", BODY_FIELD
    if kind in ("model_attributes_type", "dict_type") and loc == ("body",):
        return "the request body must be a JSON object with the request's fields", BODY_FIELD
    if kind == "string_unicode":
        message = "must be valid Unicode text (it contains an unpaired surrogate); send the text as UTF-8"
        return message, _field_path(loc)
    if kind == "missing" and loc == ("body",):
        return "the request body is empty; send a JSON object with the request's fields", BODY_FIELD
    return str(problem.get("msg", "invalid request")), _field_path(loc)


async def _refused_first(request: Request) -> JSONResponse | None:
    """A submit's deferred rate-limit hit, counted now that its route will not run; its 429 wins."""
    from brandgen.api.deps import count_deferred  # deps imports this module

    refusal = await count_deferred(request)
    if refusal is None:
        return None
    return error_response(refusal.status, refusal.code, refusal.message, refusal.field, refusal.headers)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    if (refused := await _refused_first(request)) is not None:
        return refused
    found = [FieldProblem(message=message, field=field) for message, field in _problems(error)]
    message, field = (found[0].message, found[0].field) if found else ("invalid request", None)
    if len(found) > 1:
        message += f" (and {len(found) - 1} more problem(s))"  # each of them is in `problems`
    return error_response(422, "validation_error", message, field, problems=found or None)


def _problems(error: RequestValidationError) -> list[tuple[str, str | None]]:
    """Each distinct (message, field) of the error, in the order pydantic found them."""
    seen: dict[tuple[str, str | None], None] = {}
    for problem in error.errors():
        seen.setdefault(_problem(problem, error.body))
    return list(seen)


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large", 401: "unauthorized"}


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 400 and (refused := await _refused_first(request)) is not None:
        return refused
    if error.status_code == 400:
        # FastAPI's only 400 here: a body it could not read (not UTF-8, nested too deep). It is a
        # body that does not validate, so it gets the documented 422 and code, like bad JSON.
        message = "the request body could not be read; send one JSON object, UTF-8 encoded"
        return error_response(422, "validation_error", message, BODY_FIELD)
    code = _HTTP_CODES.get(error.status_code, "http_error")
    headers = dict(error.headers) if error.headers else None
    return error_response(error.status_code, code, str(error.detail), None, headers)


async def _transient_error(request: Request, error: Exception) -> JSONResponse:
    # The driver's words name internal hosts and ports: logged, never sent to the client.
    log.warning("backend unavailable on %s %s: %s", request.method, request.url.path, error)
    message = "a backend (message broker or job state store) is unavailable; try again shortly"
    return error_response(503, "service_unavailable", message, None, {"Retry-After": "5"})


async def _job_not_found(request: Request, error: Exception) -> JSONResponse:
    return error_response(404, "job_not_found", "no job with this id for this API key")


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(500, "internal_error", "internal error; it has been logged")


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(TransientError, _transient_error)
    app.add_exception_handler(JobNotFoundError, _job_not_found)
    app.add_exception_handler(Exception, _unexpected)
