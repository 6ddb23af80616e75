"""Logo stage settings (environment variables BRANDGEN_*)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from brandgen.shared.settings import BrandgenSettings

Backend = Literal["procedural", "sdxl"]


class LogoVariant(BaseModel):
    """What an A/B variant changes; unset fields keep the service's settings."""

    backend: Backend | None = None
    lora: str | None = Field(default=None, description="LoRA id or path, or 'none' to run without one.")
    guidance: float | None = None
    steps: int | None = None


class LogoSettings(BrandgenSettings):
    logo_backend: Backend = Field(default="procedural", description="procedural (CPU, vector) or sdxl (GPU).")
    logo_png_widths: list[int] = Field(default_factory=lambda: [256, 512, 1024], min_length=1)
    logo_variants: dict[str, LogoVariant] = Field(
        default_factory=dict, description='A/B variants by name, JSON: {"b": {"backend": "sdxl", "guidance": 5}}.'
    )

    sdxl_model: str = Field(default="stabilityai/stable-diffusion-xl-base-1.0", description="Hub id or local path.")
    sdxl_vae: str | None = Field(default=None, description="Optional VAE, e.g. madebyollin/sdxl-vae-fp16-fix.")
    sdxl_controlnet: str = Field(default="diffusers/controlnet-canny-sdxl-1.0", description="Hub id or local path.")
    sdxl_controlnet_scale: float = Field(default=0.6, ge=0.0, le=2.0)
    sdxl_lora: str | None = Field(default=None, description="Logo LoRA: hub id or local path.")
    sdxl_lora_weight_name: str | None = Field(default=None, description="File inside the LoRA repo, if several.")
    sdxl_lora_scale: float = Field(default=0.8, ge=0.0, le=2.0)
    sdxl_few_step: Literal["off", "lcm", "lightning"] = Field(
        default="off", description="Few-step mode: LCM or SDXL-Lightning LoRA plus its scheduler."
    )
    sdxl_few_step_lora: str | None = Field(default=None, description="e.g. latent-consistency/lcm-lora-sdxl.")
    sdxl_few_step_weight_name: str | None = Field(
        default=None, description="e.g. sdxl_lightning_4step_lora.safetensors"
    )
    sdxl_few_step_steps: int = Field(default=4, ge=1, le=16)
    sdxl_steps: int = Field(default=30, ge=1, le=150)
    sdxl_guidance: float = Field(default=7.0, ge=0.0, le=30.0)
    sdxl_size: int = Field(default=1024, ge=64, le=2048, multiple_of=8)
    sdxl_device: str = Field(default="auto", description="auto, cuda, cuda:1, cpu ...")
    sdxl_dtype: Literal["auto", "float16", "bfloat16", "float32"] = "auto"
    sdxl_batch_size: int = Field(default=4, ge=1, le=16, description="Images per forward pass; halves on CUDA OOM.")
    sdxl_local_files_only: bool = Field(default=False, description="Never download (air-gapped workers).")
