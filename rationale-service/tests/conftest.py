"""Fixtures of the rationale tests; the factories and the scripted LLM server are in rationale_fakes.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rationale_fakes import (
    ScriptedLlm,
    answer_good,
    bakery_palette,
    make_logo,
    make_request,
    tech_palette,
)

from brandgen.rationale.facts import BrandFacts, gather_facts


@pytest.fixture
def tech_facts() -> BrandFacts:
    return gather_facts(make_request(), tech_palette(), make_logo())


@pytest.fixture
def bakery_facts() -> BrandFacts:
    request = make_request(company_name="Miga Bakery", industry="bakery", style="playful", primary_color="#c2410c",
                           description=None, tagline="Fresh every morning")  # fmt: skip
    return gather_facts(request, bakery_palette(), make_logo("emblem", "Fredoka", ["#c2410c"]))


@pytest.fixture(scope="session")
def scripted_llm_server() -> Iterator[ScriptedLlm]:
    server = ScriptedLlm()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def scripted_llm(scripted_llm_server: ScriptedLlm) -> ScriptedLlm:
    scripted_llm_server.script(answer_good())
    return scripted_llm_server
