"""The small graph-client interface the repository talks to, and the retry policy both adapters share.

Adapters return plain rows (column -> Python value); queries only return scalars, lists and maps
(map projections), never driver-specific node objects, so one Cypher text serves both databases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from brandgen.shared.errors import TransientError

Row = dict[str, Any]
T = TypeVar("T")


class GraphUnavailableError(TransientError):
    """The graph database stayed unreachable after the retries: the runtime retries the stage later."""


class GraphClient(Protocol):
    backend: str

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def create_index(self, label: str, prop: str) -> None:
        """Create an index on (label, prop) if absent: the one statement whose syntax differs per database."""

    def close(self) -> None: ...


def plain(value: Any) -> Any:
    """Driver containers (OrderedDict, neo4j records) -> dict/list, recursively."""
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def with_retries(call: Callable[[], T], *, retry_on: tuple[type[BaseException], ...], attempts: int, backend: str) -> T:
    """Run `call`, retrying connection errors with exponential backoff; then raise GraphUnavailableError."""
    retrying = Retrying(
        retry=retry_if_exception_type(retry_on),
        stop=stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=0.1, max=2.0),
        reraise=False,
    )
    try:
        result: T = retrying(call)
        return result
    except RetryError as error:
        cause = error.last_attempt.exception()
        raise GraphUnavailableError(f"{backend} graph unreachable after {attempts} tries: {cause}") from cause
