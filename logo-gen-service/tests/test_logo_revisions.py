"""What a revision asks of the logo stage (issue 19): a chosen candidate, and feedback words."""

from __future__ import annotations

import pytest
from logo_test_helpers import run_logo

from brandgen.shared.errors import StageError
from brandgen.shared.models import BrandRequest


async def test_requested_candidate_becomes_the_logo(acme, store) -> None:
    request = acme.model_copy(update={"candidates": 3})
    best, best_files = await run_logo(request, store)
    other = next(c.id for c in best.candidates if c.id != best.chosen)
    picked, picked_files = await run_logo(request.model_copy(update={"candidate": other}), store)
    assert picked.chosen == other
    # The same seed draws the same candidates: the id names the mark the customer saw.
    assert [picked_files[c.svg] for c in picked.candidates] == [best_files[c.svg] for c in best.candidates]
    # ...and the kit is made from the picked one: lockups and favicons differ from the best's.
    icon = picked.lockups["icon"]["full_color"].svg
    assert picked_files[icon] != best_files[best.lockups["icon"]["full_color"].svg]
    assert picked_files[picked.favicons["favicon.ico"]] != best_files[best.favicons["favicon.ico"]]


async def test_unknown_candidate_fails_the_stage_naming_it(acme, store) -> None:
    with pytest.raises(StageError, match="'c9'") as raised:
        await run_logo(acme.model_copy(update={"candidates": 2, "candidate": "c9"}), store)
    assert raised.value.code == "unknown_candidate"


async def test_feedback_words_steer_the_marks(store) -> None:
    request = BrandRequest(company_name="Northwind Traders", industry="retail", style="modern", candidates=3, seed=3)
    plain, _ = await run_logo(request, store)
    steered, _ = await run_logo(request.model_copy(update={"feedback": "use a leaf"}), store)
    icons = [c.mark.icon.name for c in steered.candidates if c.mark and c.mark.icon]
    assert any("leaf" in name for name in icons), icons
    assert not any("leaf" in (c.mark.icon.name if c.mark and c.mark.icon else "") for c in plain.candidates)
