"""Neo4j adapter (the official `neo4j` driver over Bolt): production.

One driver per process; the driver pools connections itself. Tested against FalkorDB's Bolt port
with a single driver kept open (see DESIGN.md: that server cannot take reconnects).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from brandgen.palette.bkg.client import Row, plain, with_retries

CONNECTION_ERRORS: tuple[type[BaseException], ...] = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


class Neo4jGraphClient:
    backend = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        max_connections: int = 16,
        attempts: int = 4,
        timeout: float = 5.0,
        batch_bytes: int = 256 * 1024,
    ) -> None:
        self.batch_bytes = batch_bytes
        auth = (user, password or "") if user else None
        self._driver = neo4j.GraphDatabase.driver(
            uri, auth=auth, max_connection_pool_size=max_connections, connection_timeout=timeout
        )
        self._database = database
        self._attempts = attempts
        self._is_neo4j: bool | None = None

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        def run() -> list[Row]:
            records, _, _ = self._driver.execute_query(cypher, parameters_=dict(params or {}), database_=self._database)
            return [plain(record.data()) for record in records]

        rows: list[Row] = with_retries(run, retry_on=CONNECTION_ERRORS, attempts=self._attempts, backend=self.backend)
        return rows

    def _server_is_neo4j(self) -> bool:
        """Real Neo4j answers dbms.components(); FalkorDB's Bolt server also calls itself Neo4j/5.13 but
        rejects the procedure, so the agent string cannot tell them apart."""
        if self._is_neo4j is None:
            try:
                rows = self.query("CALL dbms.components() YIELD name RETURN name")
                self._is_neo4j = any("neo4j" in str(row.get("name", "")).lower() for row in rows)
            except Neo4jError:
                self._is_neo4j = False
        return self._is_neo4j

    def create_index(self, label: str, prop: str) -> None:
        if self._server_is_neo4j():
            # Neo4j 5: named and idempotent; a uniqueness constraint also gives MERGE its index.
            name = f"bkg_{label.lower()}_{prop}"
            self.query(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE")
            return
        # Other Bolt servers (FalkorDB) take only the portable form, and refuse a repeat with an error
        # whose message Bolt does not carry; an index is an optimisation, so a refusal is not fatal.
        with contextlib.suppress(Neo4jError):
            self.query(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")

    def close(self) -> None:
        self._driver.close()
