"""Open the Brand Knowledge Graph for a process: connection, cache and repository, seeded if empty."""

from __future__ import annotations

from dataclasses import dataclass

from brandgen.palette.bkg.cache import QueryCache, cache_url
from brandgen.palette.bkg.connect import GraphConnection, connect
from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.repository import BrandGraphRepository, GraphNotSeededError
from brandgen.palette.settings import PaletteSettings
from brandgen.shared.keys import RedisKeys


@dataclass
class BrandGraph:
    connection: GraphConnection
    repository: BrandGraphRepository

    def close(self) -> None:
        self.repository.cache.close()
        self.connection.close()


def open_graph(settings: PaletteSettings, *, auto_seed: bool | None = None) -> BrandGraph:
    connection = connect(settings)
    cache = QueryCache(
        size=settings.graph_cache_size,
        ttl=settings.graph_cache_ttl_seconds,
        redis_url=cache_url(settings.graph_cache_url, settings.state_url),
        prefix=RedisKeys(settings.queue_prefix).palette_cache,
    )
    graph = BrandGraph(connection, BrandGraphRepository(connection.client, cache))
    try:
        if settings.graph_auto_seed if auto_seed is None else auto_seed:
            try:
                graph.repository.catalogue()
            except GraphNotSeededError:
                graph.repository.seed(load_dataset())
    except BaseException:
        graph.close()
        raise
    return graph
