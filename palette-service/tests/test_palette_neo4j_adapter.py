"""The Neo4j adapter (official driver) runs the same queries, here against FalkorDB's Bolt port.

One driver for the whole session (the `bolt_client` fixture): see conftest.py for why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brandgen.palette.bkg.cache import QueryCache
from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.bkg.falkordb_adapter import FalkorDBGraphClient
from brandgen.palette.bkg.neo4j_adapter import Neo4jGraphClient
from brandgen.palette.bkg.repository import BrandGraphRepository


def test_neo4j_adapter_seeds_idempotently_and_answers_like_the_falkordb_adapter(
    bolt_client: Neo4jGraphClient,
    seeded_repository: BrandGraphRepository,
    dump: Callable[[Any], tuple[list[Any], list[Any]]],
) -> None:
    repository = BrandGraphRepository(bolt_client, QueryCache())
    dataset = load_dataset()
    report = repository.seed(dataset)
    first = dump(bolt_client)
    assert repository.seed(dataset) == report
    assert dump(bolt_client) == first
    assert report.nodes["Industry"] == len(dataset.industries)

    catalogue = repository.catalogue()
    assert catalogue.checksum == dataset.checksum
    assert {entry.id for entry in catalogue.industries} == {i.id for i in dataset.industries}
    for industry, style in (("technology", "modern"), ("bakery", "playful"), ("legal", "classic")):
        assert repository.job_context(industry, style) == seeded_repository.job_context(industry, style)


def test_both_adapters_return_plain_rows(
    bolt_client: Neo4jGraphClient, client_for: Callable[[str], FalkorDBGraphClient]
) -> None:
    query = "UNWIND $rows AS row RETURN row.id AS id, row {.id, .tags} AS item ORDER BY id"
    params = {"rows": [{"id": "b", "tags": ["x"]}, {"id": "a", "tags": []}]}
    expected = [{"id": "a", "item": {"id": "a", "tags": []}}, {"id": "b", "item": {"id": "b", "tags": ["x"]}}]
    assert bolt_client.query(query, params) == expected
    assert client_for("plain_rows").query(query, params) == expected
