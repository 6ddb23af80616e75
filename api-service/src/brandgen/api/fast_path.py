"""Fast paths for the hot routes: the common request served without FastAPI's parameter resolution.

FastAPI resolves an endpoint's parameters through its dependency tree on every request (cache
keys, security scopes, one validation per parameter): for a poll that was about half of the
API's own CPU (profile in issue 23). A route of a `FastPathRouter` whose endpoint is marked with
`@fast_path(handler)` first offers each request to `handler`, which reads the few inputs of the
plain case straight from the request and answers; for anything else (a parameter that would not
validate, a body FastAPI would refuse, an unusual header) it returns None *before doing anything*
(no count, no store read or write) and FastAPI's own handling serves the request as always. Errors,
their messages and the OpenAPI schema therefore stay FastAPI's: the endpoint is still what
FastAPI documents and what serves every request the fast path declines.

A handler may raise the API's errors (`ApiError`, `JobNotFoundError`, ...): the app's exception
handlers answer them as they answer the endpoint's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FastHandler = Callable[[Request], Awaitable[Response | None]]
"""Answers a plain request, or returns None, having done nothing, to leave it to FastAPI."""

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

_HANDLERS: dict[Callable[..., Any], FastHandler] = {}


def fast_path(handler: FastHandler) -> Callable[[Endpoint], Endpoint]:
    """Mark an endpoint as having a fast path; below the route decorator, which reads the mark."""

    def mark(endpoint: Endpoint) -> Endpoint:
        _HANDLERS[endpoint] = handler
        return endpoint

    return mark


class FastPathRoute(APIRoute):
    """An APIRoute that offers each request to its endpoint's fast path (if marked) first.

    The offer is made at the route's ASGI entry, before FastAPI's request wrapper (its exit stacks
    and exception wrapper): a handler's errors reach the app's exception handlers through
    Starlette's ExceptionMiddleware instead, the same handlers. A declined request reaches FastAPI
    with whatever the handler read of its body replayed. Routes included with `include_router`
    keep FastAPI's handling alone: add them with `add_routes`.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        fast = _HANDLERS.get(endpoint)
        if fast is not None:
            self.app = _offered_first(fast, self.app)


def _offered_first(fast: FastHandler, standard: ASGIApp) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        received: list[Message] = []

        async def recorded() -> Message:
            message = await receive()
            received.append(message)
            return message

        response = await fast(Request(scope, recorded, send))
        if response is not None:
            await response(scope, receive, send)
            return

        async def replayed() -> Message:
            return received.pop(0) if received else await receive()

        await standard(scope, replayed, send)

    return app


class FastPathRouter(APIRouter):
    """An APIRouter whose routes take their endpoints' fast paths."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(route_class=FastPathRoute, **kwargs)


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """`app.include_router(router)` for a router that carries its own prefix, tags and responses:
    its routes join the app's own, as they are.

    FastAPI includes a router as a wrapper that resolves its routes in the including context
    and matches them twice per request (once to choose the router, once the route): about 20 us
    of a 70 us poll. A router included with no options (no prefix, tags, dependencies or
    responses added) has routes that are already complete, so they serve, and document, the same.
    """
    app.router.routes.extend(router.routes)
