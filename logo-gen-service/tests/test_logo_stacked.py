"""The stacked lockup (issue 20): the mark above the name, both centred, in every treatment."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from logo_test_helpers import png_pixels, run_logo

from brandgen.shared.models import BrandRequest


def _split(inked_rows: npt.ArrayLike) -> tuple[tuple[int, int], tuple[int, int]]:
    """The inked rows above and below the widest blank gap between the first and last ink."""
    rows = np.flatnonzero(inked_rows)
    gaps = np.diff(rows)
    widest = int(np.argmax(gaps))
    assert gaps[widest] > 1  # a blank gap between mark and name
    return (int(rows[0]), int(rows[widest])), (int(rows[widest + 1]), int(rows[-1]))


@pytest.mark.parametrize("seed", [7, 1234])
async def test_stacked_lockup_puts_the_mark_above_the_centred_name(store, seed: int) -> None:
    request = BrandRequest(company_name="Acme Robotics", industry="technology", style="modern", seed=seed)
    output, files = await run_logo(request, store)
    stacked = output.lockups["stacked"]
    assert set(stacked) == {"full_color", "monochrome", "inverse"}
    assert b"<svg" in files[stacked["full_color"].svg]
    alpha = png_pixels(files[stacked["full_color"].png["1024"]])[:, :, 3] > 32
    mark, name = _split(alpha.any(axis=1))
    assert mark[1] - mark[0] > 1.5 * (name[1] - name[0])  # the mark (100 units) over the name (34 units)
    for first, last in (mark, name):
        columns = np.flatnonzero(alpha[first : last + 1].any(axis=0))
        centre = (columns[0] + columns[-1]) / 2
        assert abs(centre - alpha.shape[1] / 2) < alpha.shape[1] * 0.02  # both centred
