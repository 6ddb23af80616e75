"""Choose the graph adapter from BRANDGEN_GRAPH_URI."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from brandgen.palette.bkg.client import GraphClient
from brandgen.palette.bkg.embedded import EmbeddedFalkorDB
from brandgen.palette.bkg.falkordb_adapter import FalkorDBGraphClient
from brandgen.palette.bkg.neo4j_adapter import Neo4jGraphClient
from brandgen.palette.settings import PaletteSettings

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass
class GraphConnection:
    client: GraphClient
    server: EmbeddedFalkorDB | None = None

    def close(self) -> None:
        self.client.close()
        if self.server is not None:
            self.server.stop()


def connect(settings: PaletteSettings) -> GraphConnection:
    uri = settings.graph_uri.strip()
    attempts, timeout = settings.graph_attempts, settings.graph_timeout
    if uri == "embedded":
        server = EmbeddedFalkorDB(settings.graph_data_dir).start()
        embedded = FalkorDBGraphClient(
            server.host,
            server.port,
            settings.graph_name,
            max_connections=settings.graph_pool_size,
            attempts=attempts,
            timeout=timeout,
        )
        return GraphConnection(embedded, server)
    parsed = urlparse(uri)
    if parsed.scheme == "falkordb":
        graph = parsed.path.strip("/") or settings.graph_name
        falkordb = FalkorDBGraphClient(
            parsed.hostname or "localhost",
            parsed.port or 6379,
            graph,
            password=unquote(parsed.password) if parsed.password else settings.graph_password,
            max_connections=settings.graph_pool_size,
            attempts=attempts,
            timeout=timeout,
        )
        return GraphConnection(falkordb)
    if parsed.scheme in NEO4J_SCHEMES:
        user = unquote(parsed.username) if parsed.username else settings.graph_user
        password = unquote(parsed.password) if parsed.password else settings.graph_password
        bare = parsed._replace(
            netloc=(parsed.hostname or "localhost") + (f":{parsed.port}" if parsed.port else "")
        ).geturl()
        neo4j = Neo4jGraphClient(
            bare,
            user=user,
            password=password,
            database=settings.graph_database,
            max_connections=settings.graph_pool_size,
            attempts=attempts,
            timeout=timeout,
        )
        return GraphConnection(neo4j)
    raise ValueError(f"unsupported BRANDGEN_GRAPH_URI {uri!r}: use bolt://, neo4j://, falkordb:// or embedded")
