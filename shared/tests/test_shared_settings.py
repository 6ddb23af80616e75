from __future__ import annotations

import pytest
from pydantic import Field

from brandgen.shared.settings import BrandgenSettings, settings_as


class StageSettings(BrandgenSettings):
    widget_count: int = Field(default=1)


def test_a_stage_gets_its_own_settings_with_the_process_values_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANDGEN_WIDGET_COUNT", "7")
    monkeypatch.setenv("BRANDGEN_BROKER_URL", "amqp://from-env/")
    base = BrandgenSettings(broker_url="memory://", queue_prefix="embedded")
    own = settings_as(StageSettings, base)
    assert own.widget_count == 7, "the stage's own field comes from the environment"
    assert own.broker_url == "memory://", "explicit values of the process win over the environment"
    assert own.queue_prefix == "embedded"
    assert settings_as(StageSettings, own) is own
