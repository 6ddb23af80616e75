"""A/B variants: a job's metadata names a variant; its overrides apply on top of the settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from brandgen.logo.settings import Backend, LogoSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogoOptions:
    backend: Backend
    lora: str | None
    guidance: float
    steps: int
    variant: str | None


def resolve(settings: LogoSettings, variant: str | None) -> LogoOptions:
    overrides = settings.logo_variants.get(variant) if variant else None
    if variant and overrides is None:
        log.warning("unknown logo variant %r: using the service defaults (the name is still recorded)", variant)
    lora = settings.sdxl_lora
    if overrides and overrides.lora is not None:
        lora = None if overrides.lora.lower() == "none" else overrides.lora
    default_steps = settings.sdxl_few_step_steps if settings.sdxl_few_step != "off" else settings.sdxl_steps
    return LogoOptions(
        backend=(overrides.backend if overrides and overrides.backend else settings.logo_backend),
        lora=lora,
        guidance=overrides.guidance if overrides and overrides.guidance is not None else settings.sdxl_guidance,
        steps=overrides.steps if overrides and overrides.steps is not None else default_steps,
        variant=variant,
    )


def uses_sdxl(settings: LogoSettings) -> bool:
    """Whether any job on this worker may need the SDXL pipeline (loaded once, at startup)."""
    return settings.logo_backend == "sdxl" or any(v.backend == "sdxl" for v in settings.logo_variants.values())


def loras_named(settings: LogoSettings) -> list[str]:
    """Every LoRA the settings or a variant names, so all load once as separate adapters."""
    names = [settings.sdxl_lora] if settings.sdxl_lora else []
    for variant in settings.logo_variants.values():
        if variant.lora and variant.lora.lower() != "none" and variant.lora not in names:
            names.append(variant.lora)
    return names
