"""Request dependencies, as `Annotated` aliases the routes declare."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from brandgen.api.errors import ApiError
from brandgen.api.models.keys import Caller
from brandgen.api.services.gateway import Gateway
from brandgen.api.settings import ApiSettings

ANONYMOUS = "anonymous"
"""Owner of every job when auth is off (`serve --embedded`)."""

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key from `brandgen keys create`.")
_bearer = HTTPBearer(auto_error=False, description="The same API key as a Bearer token.")


async def get_gateway(request: Request) -> Gateway:
    # async on purpose: FastAPI runs plain `def` dependencies in a thread pool, a hop per request.
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(get_gateway)]


async def get_settings(gateway: GatewayDep) -> ApiSettings:
    return gateway.settings


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


async def authenticate(
    gateway: GatewayDep,
    response: Response,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """Identify the caller by API key, then count the request against the key's rate limit."""
    settings = gateway.settings
    if not settings.auth_enabled:
        caller = Caller(id=ANONYMOUS, rate_limit_per_minute=settings.rate_limit_per_minute)
    else:
        key = api_key or (bearer.credentials if bearer else None)
        if not key:
            raise ApiError(
                401,
                "unauthorized",
                "missing API key: send it in the X-API-Key header (or Authorization: Bearer)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        record = await gateway.state_breaker.call(lambda: gateway.verifier.verify(key))
        if record is None:
            raise ApiError(401, "unauthorized", "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"})
        caller = Caller(
            id=record.id,
            rate_limit_per_minute=record.rate_limit_per_minute or settings.rate_limit_per_minute,
            webhook_secret=record.webhook_secret,
        )
    verdict = await gateway.state_breaker.call(lambda: gateway.limiter.hit(caller.id, caller.rate_limit_per_minute))
    limits = {"X-RateLimit-Limit": str(verdict.limit), "X-RateLimit-Remaining": str(verdict.remaining)}
    if not verdict.allowed:
        raise ApiError(
            429,
            "rate_limited",
            f"rate limit of {verdict.limit} requests per minute reached; retry after {verdict.retry_after} s",
            headers={"Retry-After": str(verdict.retry_after), **limits},
        )
    response.headers.update(limits)
    return caller


CallerDep = Annotated[Caller, Depends(authenticate)]
