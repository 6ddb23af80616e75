from __future__ import annotations

from pathlib import Path

import pytest

from brandgen.shared.models import BrandRequest
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testkit import marks_users

HERE = Path(__file__).parent


# Modules that import torch and diffusers: seconds go by before their first test runs, so all their
# tests are slow, and a run that leaves slow tests out (make test-fast) does not import them at all.
TORCH_MODULES = frozenset({"test_logo_sdxl.py", "test_logo_sdxl_batching.py", "test_logo_gpu_metrics.py"})


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path.name in TORCH_MODULES and "not slow" in (config.getoption("markexpr") or ""):
        return True
    return None  # pytest decides as usual


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in TORCH_MODULES and item.path.parent == HERE:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def store(tmp_path: Path) -> FileAssetStore:
    return FileAssetStore(tmp_path / "assets")


@pytest.fixture
def acme() -> BrandRequest:
    return BrandRequest(
        company_name="Acme Robotics", industry="technology", style="modern", primary_color="#1a73e8", seed=7
    )


@pytest.fixture(scope="session")
@marks_users("slow", pytest.mark.xdist_group("sdxl"))  # built once, in one pytest-xdist worker
def tiny_sdxl_weights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A tiny random SDXL + ControlNet + LoRA saved like real weights, built once for the session
    (the SDXL modules share it; building takes seconds, and torch loads only when a test needs it)."""
    from tiny_sdxl import build_tiny_sdxl

    return build_tiny_sdxl(tmp_path_factory.mktemp("tiny-sdxl"))
