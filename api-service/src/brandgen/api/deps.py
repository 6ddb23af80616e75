"""Request dependencies, as `Annotated` aliases the routes declare."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from brandgen.api.errors import ApiError, unavailable
from brandgen.api.models.keys import Caller
from brandgen.api.services.gateway import Gateway
from brandgen.api.services.rate_limit import RedisRateLimiter, Verdict
from brandgen.shared.errors import TransientError

ANONYMOUS = "anonymous"
"""Owner of every job when auth is off (`serve --embedded`)."""

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key from `brandgen keys create`.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a Bearer token.")


async def get_gateway(request: Request) -> Gateway:
    # async on purpose: FastAPI runs plain `def` dependencies in a thread pool, a hop per request.
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]


async def _identify(gateway: Gateway, api_key: str | None, bearer: HTTPAuthorizationCredentials | None) -> Caller:
    """The caller by API key (401 without a valid one); anonymous when auth is off."""
    settings = gateway.settings
    if not settings.auth_enabled:
        return Caller(id=ANONYMOUS, rate_limit_per_minute=settings.rate_limit_per_minute)
    key = api_key or (bearer.credentials if bearer else None)
    if not key:
        raise ApiError(
            401,
            "unauthorized",
            "missing API key: send it in the X-API-Key header (or Authorization: Bearer)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    record = gateway.verifier.cached(key) or await gateway.state_breaker.call(lambda: gateway.verifier.verify(key))
    if record is None:
        raise ApiError(401, "unauthorized", "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return Caller(
        id=record.id,
        rate_limit_per_minute=record.rate_limit_per_minute or settings.rate_limit_per_minute,
        webhook_secret=record.webhook_secret,
    )


async def count_request(gateway: Gateway, caller: Caller) -> Verdict:
    """Count one request against the caller's rate limit; 429 past it."""
    verdict = await gateway.state_breaker.call(lambda: gateway.limiter.hit(caller.id, caller.rate_limit_per_minute))
    if not verdict.allowed:
        raise verdict.refusal()
    return verdict


async def authenticate(
    gateway: GatewayDep,
    response: Response,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """Identify the caller by API key, then count the request against the key's rate limit."""
    caller = await _identify(gateway, api_key, bearer)
    response.headers.update((await count_request(gateway, caller)).headers())
    return caller


CallerDep = Annotated[Caller, Depends(authenticate)]


@dataclass
class Authenticated:
    caller: Caller
    counted: bool
    """False: the route counts the request itself, in its one Redis round trip (submit, poll)."""
    limit_headers: dict[str, str] = field(default_factory=dict)
    """The rate-limit headers, when counted here (the route's own count brings its own)."""


async def _authenticated(
    gateway: Gateway, api_key: str | None, bearer: HTTPAuthorizationCredentials | None
) -> Authenticated:
    caller = await _identify(gateway, api_key, bearer)
    # A Redis rate limiter counts on the job store's Redis (`rate_limiter`): the route's script can count too.
    if isinstance(gateway.limiter, RedisRateLimiter):
        return Authenticated(caller, counted=False)
    return Authenticated(caller, counted=True, limit_headers=(await count_request(gateway, caller)).headers())


async def authenticate_uncounted(
    request: Request,
    gateway: GatewayDep,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Authenticated:
    """`authenticate` for the hot routes: on Redis the rate-limit hit is left to the route, which
    does it in the same script as its own Redis work (submit: the record; poll: the revision).

    Should the request fail before the route runs (an invalid body or parameter), the error handler counts it
    (`count_deferred`), so every request still counts and a limited one still answers 429.
    """
    authenticated = await _authenticated(gateway, api_key, bearer)
    if not authenticated.counted:
        request.state.uncounted_caller = authenticated.caller
    return authenticated


UncountedCallerDep = Annotated[Authenticated, Depends(authenticate_uncounted)]


async def authenticate_plain(request: Request) -> Authenticated:
    """`authenticate_uncounted` for a route's fast path (`fast_path`), without FastAPI's dependency
    resolution: the headers read by the same security schemes, so the same requests pass.

    Only for requests whose parameters are already known to be valid: nothing is deferred to an
    error handler, the route itself counts the request (or this did)."""
    gateway: Gateway = request.app.state.gateway
    api_key = await _api_key_header(request)
    # The bearer token counts only without an X-API-Key (`_identify`): read only then.
    return await _authenticated(gateway, api_key, None if api_key else await _bearer(request))


async def count_deferred(request: Request) -> ApiError | None:
    """For error handlers: count a request whose hit was deferred to a route that never ran.

    Returns the 429 to answer instead when the request is over the limit."""
    caller = getattr(request.state, "uncounted_caller", None)
    if caller is None:
        return None
    request.state.uncounted_caller = None
    try:
        await count_request(request.app.state.gateway, caller)
    except ApiError as refusal:
        return refusal
    except TransientError:  # as the dependency would have: the state store is down, 503
        return unavailable("the job state store is unavailable; try again shortly")
    return None
