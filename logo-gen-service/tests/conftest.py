from __future__ import annotations

from pathlib import Path

import pytest

from brandgen.shared.models import BrandRequest
from brandgen.shared.storage import FileAssetStore


@pytest.fixture
def store(tmp_path: Path) -> FileAssetStore:
    return FileAssetStore(tmp_path / "assets")


@pytest.fixture
def acme() -> BrandRequest:
    return BrandRequest(
        company_name="Acme Robotics", industry="technology", style="modern", primary_color="#1a73e8", seed=7
    )
