"""Brand Knowledge Graph on a real FalkorDB: seeding, every repository query, caching, retries."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import redis

from brandgen.palette.bkg.cache import PREFIX, QueryCache
from brandgen.palette.bkg.client import GraphUnavailableError
from brandgen.palette.bkg.dataset import Dataset, load_dataset
from brandgen.palette.bkg.embedded import free_port
from brandgen.palette.bkg.falkordb_adapter import FalkorDBGraphClient
from brandgen.palette.bkg.repository import BrandGraphRepository, GraphNotSeededError
from brandgen.shared.errors import TransientError
from brandgen.shared.fonts import has_family

ClientFor = Callable[[str], FalkorDBGraphClient]
Dump = Callable[[Any], tuple[list[Any], list[Any]]]


def fresh_repository(client_for: ClientFor, cache: QueryCache | None = None) -> BrandGraphRepository:
    return BrandGraphRepository(client_for(f"g_{uuid.uuid4().hex[:8]}"), cache or QueryCache())


def test_seeding_twice_leaves_the_same_graph(client_for: ClientFor, dump: Dump) -> None:
    repository = fresh_repository(client_for)
    dataset = load_dataset()
    first_report = repository.seed(dataset)
    first = dump(repository.client)
    second_report = repository.seed(dataset)
    assert dump(repository.client) == first
    assert first_report == second_report
    assert first_report.nodes["Industry"] == len(dataset.industries)
    assert first_report.nodes["Style"] == len(dataset.styles)
    assert first_report.nodes["Font"] == len(dataset.fonts)
    assert first_report.relationships["ASSOCIATED_WITH"] == sum(len(i.colors) for i in dataset.industries)


def test_reseeding_prunes_what_the_dataset_dropped_and_refreshes_cached_answers(
    client_for: ClientFor, dump: Dump
) -> None:
    repository = fresh_repository(client_for)
    original = load_dataset()
    repository.seed(original)
    before = repository.job_context("coffee", "organic")
    assert before.colors[0].family == "brown"

    raw = original.model_dump()
    raw["industries"] = [i for i in raw["industries"] if i["id"] != "dental"]
    coffee = next(i for i in raw["industries"] if i["id"] == "coffee")
    coffee["colors"] = [{"family": "teal", "weight": 1.0, "meaning": "test", "source": "convention"}]
    raw["checksum"] = "changed-dataset"
    repository.seed(Dataset.model_validate(raw))

    assert "dental" not in {entry.id for entry in repository.catalogue().industries}
    after = repository.job_context("coffee", "organic")  # the cached answer must not survive the re-seed
    assert [color.family for color in after.colors] == ["teal"]

    repository.seed(original)
    assert dump(repository.client) == dump(fresh_seeded(client_for, original).client)


def fresh_seeded(client_for: ClientFor, dataset: Dataset) -> BrandGraphRepository:
    repository = fresh_repository(client_for)
    repository.seed(dataset)
    return repository


def test_catalogue_lists_every_industry_and_style(seeded_repository: BrandGraphRepository) -> None:
    dataset = load_dataset()
    catalogue = seeded_repository.catalogue()
    assert (catalogue.version, catalogue.checksum) == (dataset.version, dataset.checksum)
    assert {entry.id for entry in catalogue.industries} == {i.id for i in dataset.industries}
    fintech = next(entry for entry in catalogue.industries if entry.id == "finance")
    assert "fintech" in fintech.synonyms
    assert {entry.id for entry in catalogue.styles} == {s.id for s in dataset.styles}


@pytest.mark.slow
def test_job_context_answers_every_industry_and_style_with_sourced_colours_and_installed_fonts(
    seeded_repository: BrandGraphRepository,
) -> None:
    dataset = load_dataset()
    for industry, style in itertools.product(dataset.industries, dataset.styles):
        context = seeded_repository.job_context(industry.id, style.id)
        assert [c.family for c in context.colors] == [
            a.family for a in sorted(industry.colors, key=lambda a: (-a.weight, a.family))
        ]
        assert all(color.source and color.meaning for color in context.colors)
        assert set(context.industry_traits) == set(industry.traits)
        assert set(context.style_traits) == set(style.traits)
        assert context.pairings, f"{style.id} has no font pairing"
        assert all(has_family(p.heading.family) and has_family(p.body.family) for p in context.pairings)


def test_job_context_is_served_from_cache_after_the_first_query(seeded_repository: BrandGraphRepository) -> None:
    cache = seeded_repository.cache
    seeded_repository.job_context("legal", "classic")
    hits = cache.hits
    again = seeded_repository.job_context("legal", "classic")
    assert cache.hits == hits + 1
    assert again.industry == "legal"


def test_redis_cache_is_shared_between_processes_and_cleared_by_a_seed(client_for: ClientFor) -> None:
    url = "redis://127.0.0.1:6379/13"
    graph = f"g_{uuid.uuid4().hex[:8]}"
    writer = BrandGraphRepository(client_for(graph), QueryCache(redis_url=url))
    writer.seed(load_dataset())
    writer.job_context("music", "bold")
    keys = redis.Redis.from_url(url).keys(PREFIX + "*")
    assert any(b":job:music:bold" in key for key in keys)

    reader_cache = QueryCache(redis_url=url)  # another worker: empty local LRU, same Redis
    reader = BrandGraphRepository(client_for(graph), reader_cache)
    reader.catalogue()
    reader.job_context("music", "bold")
    assert reader_cache.hits == 1

    writer.seed(load_dataset())
    assert not any(b":job:" in key for key in redis.Redis.from_url(url).keys(PREFIX + "*"))


def test_empty_graph_reports_not_seeded(client_for: ClientFor) -> None:
    with pytest.raises(GraphNotSeededError):
        fresh_repository(client_for).catalogue()


def test_unreachable_graph_raises_a_transient_error_after_retries() -> None:
    client = FalkorDBGraphClient("127.0.0.1", free_port(), "g", attempts=2, timeout=0.5)
    with pytest.raises(GraphUnavailableError) as caught:
        BrandGraphRepository(client).catalogue()
    assert isinstance(caught.value, TransientError)
    assert "2 tries" in str(caught.value)
