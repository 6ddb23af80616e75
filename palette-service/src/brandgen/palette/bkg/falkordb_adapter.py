"""FalkorDB adapter (the `falkordb` client over the Redis protocol): embedded default, development, CI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import redis.exceptions
from falkordb import FalkorDB

from brandgen.palette.bkg.client import Row, plain, with_retries

CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)


class FalkorDBGraphClient:
    backend = "falkordb"

    def __init__(
        self,
        host: str,
        port: int,
        graph: str,
        *,
        password: str | None = None,
        max_connections: int = 16,
        attempts: int = 4,
        timeout: float = 5.0,
    ) -> None:
        # Built on first use, inside the retries: the client talks to the server as it is constructed.
        self._connect_args: dict[str, Any] = {
            "host": host,
            "port": port,
            "password": password,
            "max_connections": max_connections,
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
        }
        self._graph_name = graph
        self._db: FalkorDB | None = None
        self._graph: Any = None
        self._attempts = attempts

    def _selected_graph(self) -> Any:
        if self._graph is None:
            # One client (and so one redis connection pool) per process, shared by every job.
            self._db = FalkorDB(**self._connect_args)
            self._graph = self._db.select_graph(self._graph_name)
        return self._graph

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        def run() -> list[Row]:
            result = self._selected_graph().query(cypher, dict(params or {}))
            columns = [column[1] if isinstance(column, list | tuple) else column for column in result.header]
            return [dict(zip(columns, plain(row), strict=True)) for row in result.result_set]

        rows: list[Row] = with_retries(run, retry_on=CONNECTION_ERRORS, attempts=self._attempts, backend=self.backend)
        return rows

    def create_index(self, label: str, prop: str) -> None:
        try:
            self.query(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        except redis.exceptions.ResponseError as error:
            if "already indexed" not in str(error):
                raise

    def close(self) -> None:
        if self._db is not None:
            self._db.connection.close()
        self._db = self._graph = None
