"""Helpers every test directory shares: waiting for a condition, a free port, fake stage outputs.

One copy of each, so a fix (a clearer failure message, a port race) reaches every suite. Nothing here
imports pytest or a service package: the fleet launcher (`make stack`) and the benchmarks use these too.

- `eventually` / `eventually_blocking`: poll until a condition holds, then return what was read; on
  timeout fail with what was asked for, the last value seen and the last error raised.
- `free_port`: a local TCP port nothing listens on right now.
- `ThreadServer`: an ASGI app served by uvicorn on a thread of this process, on a real socket.
- `marks_users`: a fixture's needs (`rabbitmq`, `redis`, `slow`) as markers on every test that uses it.
- `logo_output`, `palette_output`, `rationale_output`: small contract-valid outputs of the upstream
  stages, for tests of a later stage or of the API; a keyword overrides any field.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import random
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar, overload

from brandgen.shared.contracts import (
    ContrastCheck,
    ContrastKind,
    FontChoice,
    FontPairing,
    LockupFiles,
    LogoCandidate,
    LogoOutput,
    PaletteOutput,
    RationaleDocument,
    RationaleOutput,
    RationaleSection,
    ThemeName,
)

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

MARKERS_ATTRIBUTE = "__brandgen_test_markers__"


def marks_users(*markers: object) -> Callable[[F], F]:
    """Put under `@pytest.fixture`: every test that uses the fixture, directly or through other
    fixtures, gets these pytest markers at collection (the root conftest.py applies them), so a
    marker is true wherever the need is and `-m "not rabbitmq and not redis"` really leaves it out.
    A marker is a name (`"slow"`) or a mark (`pytest.mark.xdist_group("browser")`)."""

    def mark(fixture: F) -> F:
        setattr(fixture, MARKERS_ATTRIBUTE, markers)
        return fixture

    return mark


DEFAULT_TIMEOUT = 10.0
DEFAULT_INTERVAL = 0.05


_LOWEST_PORT = 15000


def _ephemeral_ports() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999  # Linux's default


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now, for a server some process starts soon after.

    Taken below the kernel's ephemeral range: a port from there (what binding port 0 gives) can be
    taken by any outgoing connection before the server binds it, and two test workers, a fleet and
    containers make many (a container's metrics port was lost that way, "Address already in use").
    """
    low, _ = _ephemeral_ports()
    for _ in range(100):
        port = random.randrange(_LOWEST_PORT, max(low, _LOWEST_PORT + 1000))  # noqa: S311 - not a secret
        with socket.socket() as sock:  # no SO_REUSEADDR: a port in TIME_WAIT is skipped too
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:  # that range is full: let the kernel pick
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _truthy(value: object) -> bool:
    return bool(value)


class _Poll:
    """One wait: each attempt reads once; the last value and error read make the failure message."""

    def __init__(self, until: Callable[[Any], bool], what: str | None, timeout: float) -> None:
        self.until, self.what, self.timeout = until, what, timeout
        self.deadline = time.monotonic() + timeout
        self.last: Any = "<nothing read>"
        self.error: BaseException | None = None

    def attempt(self, read: Callable[[], Any]) -> bool:
        """True once `until` holds for what `read` returns; raises the failure when the time is up."""
        try:
            self.last = read()
            if self.until(self.last):
                return True
        except Exception as error:  # not there yet: the error is reported if it never is
            self.error = error
        if time.monotonic() >= self.deadline:
            raise self.failure()
        return False

    def failure(self) -> AssertionError:
        shown = repr(self.last)
        if len(shown) > 2000:
            shown = shown[:2000] + "..."
        message = f"{self.what or 'condition'} not reached within {self.timeout:g} s; last value: {shown}"
        if self.error is not None:
            message += f"; last error: {type(self.error).__name__}: {self.error}"
        failure = AssertionError(message)
        failure.__cause__ = self.error
        return failure


async def _read_now(read: Callable[[], Any]) -> Callable[[], Any]:
    """Call (and await) `read` now; a callable that gives its value or raises its error again."""
    try:
        value = read()
        if inspect.isawaitable(value):
            value = await value
    except Exception as error:
        return functools.partial(_raise, error)
    return lambda: value


def _raise(error: Exception) -> Any:
    raise error


@overload
async def eventually(
    read: Callable[[], Awaitable[T]],
    until: Callable[[T], bool] = ...,
    *,
    timeout: float = ...,
    interval: float = ...,
    what: str | None = ...,
) -> T: ...


@overload
async def eventually(
    read: Callable[[], T],
    until: Callable[[T], bool] = ...,
    *,
    timeout: float = ...,
    interval: float = ...,
    what: str | None = ...,
) -> T: ...


async def eventually(
    read: Callable[[], Any],
    until: Callable[[Any], bool] = _truthy,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = DEFAULT_INTERVAL,
    what: str | None = None,
) -> Any:
    """Call `read` (plain or async) until `until(value)` holds (by default: the value is truthy), and
    return that value. An exception from `read` or `until` means "not yet" (a server still starting, an
    assertion inside the check) and is shown if the time runs out; the wait then fails with an
    AssertionError naming `what` and the last value read."""
    poll = _Poll(until, what, timeout)
    # Polling is this helper's job: what it waits for (another process, a server) has no event to await.
    while not poll.attempt(await _read_now(read)):  # noqa: ASYNC110
        await asyncio.sleep(interval)
    return poll.last


def eventually_blocking(
    read: Callable[[], T],
    until: Callable[[T], bool] = _truthy,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = DEFAULT_INTERVAL,
    what: str | None = None,
) -> T:
    """`eventually` for code without an event loop (threads, subprocesses, Playwright's sync API)."""
    poll = _Poll(until, what, timeout)
    while not poll.attempt(read):
        time.sleep(interval)
    value: T = poll.last
    return value


class ThreadServer:
    """An ASGI app served by uvicorn on a thread of this process: real HTTP on a loopback socket, while
    the test keeps the app's objects at hand. `with ThreadServer(app) as url:` or `start()`/`stop()`.

    The socket is bound before uvicorn starts, so no other process can take the port in between."""

    def __init__(
        self, app: Any, *, lifespan: Literal["auto", "on", "off"] = "on", graceful_seconds: int | None = None
    ) -> None:
        import uvicorn  # the API and the services depend on it; brandgen.shared itself does not

        self._socket = socket.socket()
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(app, log_level="warning", lifespan=lifespan, timeout_graceful_shutdown=graceful_seconds)
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> str:
        """Start serving and wait until the app's startup has run; the base URL."""
        self._thread.start()
        eventually_blocking(
            lambda: self.server.started or not self._thread.is_alive(), timeout=timeout, interval=0.01,
            what="the server's startup",
        )  # fmt: skip
        if not self.server.started:
            raise RuntimeError("the server stopped while starting (its error is logged above)")
        return self.url

    def stop(self, timeout: float = 15) -> None:
        """Let uvicorn finish its requests and the app's shutdown, then close the socket."""
        self.server.should_exit = True
        self._thread.join(timeout)
        self._socket.close()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


# --- fake outputs of the upstream stages ----------------------------------------------------------
# Each builds the contract model with the fewest fields that still make a coherent kit: one blue
# primary that passes AA on white, one font, one candidate. Asset keys are names only: a test that
# reads the files writes them itself (or passes the keys its fake stage stored).

PRIMARY = "#1a73e8"
AA_RATIO = {"text": 4.5, "large_text": 3.0, "ui": 3.0}
"""The ratio each kind of pair needs for WCAG 2.2 AA; AAA asks 7 for text and 4.5 for the rest."""


def contrast_check(
    theme: ThemeName,
    foreground: str,
    background: str,
    foreground_hex: str,
    background_hex: str,
    ratio: float,
    kind: ContrastKind = "text",
    repaired: bool = False,
) -> ContrastCheck:
    """One row of a palette's contrast report, its AA and AAA verdicts taken from `ratio`."""
    required = AA_RATIO[kind]
    return ContrastCheck(
        theme=theme, foreground=foreground, background=background, foreground_hex=foreground_hex,
        background_hex=background_hex, kind=kind, ratio=ratio, required=required, aa=ratio >= required,
        aaa=ratio >= (7.0 if kind == "text" else 4.5), repaired=repaired,
    )  # fmt: skip


def logo_output(**overrides: Any) -> LogoOutput:
    """A procedural logo with candidates c1..c3 (c1 chosen) and a full-colour icon lockup."""
    candidates = [
        LogoCandidate(
            id=f"c{n}",
            concept="geometric",
            description=f"mark c{n}",
            svg=f"logo/candidates/c{n}.svg",
            png=f"logo/candidates/c{n}.png",
            seed=n,
        )
        for n in (1, 2, 3)
    ]
    fields: dict[str, Any] = {
        "backend": "procedural",
        "candidates": candidates,
        "chosen": "c1",
        "lockups": {"icon": {"full_color": LockupFiles(svg="logo/icon/full_color.svg")}},
        "dominant_colors": [PRIMARY],
        "concept": "A rising mark in the brand blue.",
    }
    return LogoOutput(**(fields | overrides))


def palette_output(**overrides: Any) -> PaletteOutput:
    """A modern technology palette around #1a73e8 with one text contrast check and Inter for both faces."""
    font = FontChoice(family="Inter", licence="OFL-1.1", character="neo-grotesque", category="sans-serif")
    fields: dict[str, Any] = {
        "seed_color": PRIMARY,
        "seed_source": "requested",
        "industry": "technology",
        "industry_match": "exact",
        "style": "modern",
        "moods": ["trustworthy"],
        "roles": {"primary": PRIMARY, "secondary": "#5f6368", "error": "#d93025"},
        "scales": {"primary": {"500": PRIMARY}},
        "themes": {"light": {"primary": PRIMARY, "on_primary": "#ffffff"}, "dark": {"primary": "#8ab4f8"}},
        "contrast": [contrast_check("light", "on_primary", "primary", "#ffffff", PRIMARY, 4.52)],
        "fonts": FontPairing(heading=font, body=font, reason="one family keeps it calm"),
    }
    return PaletteOutput(**(fields | overrides))


def rationale_output(
    company_name: str = "Acme Robotics", languages: list[str] | None = None, **overrides: Any
) -> RationaleOutput:
    """A template rationale with one colour section per language (English when none are given)."""
    documents = {
        language: RationaleDocument(
            language=language,
            sections=[RationaleSection(id="color", title="Colour", body=f"Blue suits {company_name}.")],
        )
        for language in languages or ["en"]
    }
    fields: dict[str, Any] = {"backend": "template", "documents": documents}
    return RationaleOutput(**(fields | overrides))
