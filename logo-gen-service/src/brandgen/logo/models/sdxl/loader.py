"""Load the SDXL ControlNet pipeline once per worker: weights by hub id or local path, LoRAs as
named peft adapters, fp16 and SDPA attention on CUDA, optional few-step (LCM / Lightning) mode."""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import torch
from diffusers import (
    AutoencoderKL,
    ControlNetModel,
    EulerDiscreteScheduler,
    LCMScheduler,
    StableDiffusionXLControlNetPipeline,
)
from diffusers.models.attention_processor import AttnProcessor2_0

from brandgen.logo.models.sdxl import gpu_metrics
from brandgen.logo.models.sdxl.batching import GenerationBatcher
from brandgen.logo.settings import LogoSettings
from brandgen.logo.variants import loras_named

log = logging.getLogger(__name__)

FEW_STEP_ADAPTER = "few_step"

# diffusers builds its pipeline classes from loader mixins (LoRA, textual inversion) behind lazy
# imports that mypy cannot follow, so the methods we call on a loaded pipeline are not visible to
# it; the pipeline is typed as what it is to mypy, an object of unknown shape.
SdxlPipeline = Any


@dataclass
class LoadedPipeline:
    pipe: SdxlPipeline
    device: torch.device
    dtype: torch.dtype
    adapters: dict[str, str] = field(default_factory=dict)  # LoRA id/path -> adapter name
    few_step: bool = False
    model_ids: dict[str, Any] = field(default_factory=dict)
    # One generation at a time: the pipeline's scheduler and adapters are per call state. A run
    # cancelled at its deadline lets go within a denoising step; the next job waits for that.
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Jobs waiting for the lock share the next run (candidates of several jobs in one batch).
    batcher: GenerationBatcher = field(init=False)

    def __post_init__(self) -> None:
        self.batcher = GenerationBatcher(self.lock)


def pick_device(name: str) -> torch.device:
    if name != "auto":
        return torch.device(name)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pick_dtype(name: str, device: torch.device) -> torch.dtype:
    if name != "auto":
        dtype: torch.dtype = getattr(torch, name)
        return dtype
    return torch.float16 if device.type == "cuda" else torch.float32  # fp16 kernels are CUDA-only in practice


def _load_lora(pipe: SdxlPipeline, source: str, weight_name: str | None, name: str, local_only: bool) -> None:
    kwargs: dict[str, Any] = {"adapter_name": name, "local_files_only": local_only}
    if weight_name:
        kwargs["weight_name"] = weight_name
    pipe.load_lora_weights(source, **kwargs)


def load_pipeline(settings: LogoSettings) -> LoadedPipeline:
    device = pick_device(settings.sdxl_device)
    dtype = pick_dtype(settings.sdxl_dtype, device)
    common: dict[str, Any] = {"dtype": dtype, "local_files_only": settings.sdxl_local_files_only}
    log.info("loading SDXL %s + ControlNet %s on %s (%s)", settings.sdxl_model, settings.sdxl_controlnet, device, dtype)
    controlnet = ControlNetModel.from_pretrained(settings.sdxl_controlnet, **common)
    extra: dict[str, Any] = {}
    if settings.sdxl_vae:
        extra["vae"] = AutoencoderKL.from_pretrained(settings.sdxl_vae, **common)
    pipe: SdxlPipeline = StableDiffusionXLControlNetPipeline.from_pretrained(
        settings.sdxl_model, controlnet=controlnet, **common, **extra
    )
    adapters: dict[str, str] = {}
    for index, source in enumerate(loras_named(settings)):
        name = f"logo_{index}"
        weight_name = settings.sdxl_lora_weight_name if source == settings.sdxl_lora else None
        _load_lora(pipe, source, weight_name, name, settings.sdxl_local_files_only)
        adapters[source] = name
    few_step = settings.sdxl_few_step != "off" and settings.sdxl_few_step_lora is not None
    if few_step:
        assert settings.sdxl_few_step_lora is not None
        _load_lora(
            pipe,
            settings.sdxl_few_step_lora,
            settings.sdxl_few_step_weight_name,
            FEW_STEP_ADAPTER,
            settings.sdxl_local_files_only,
        )
        scheduler_cls = LCMScheduler if settings.sdxl_few_step == "lcm" else EulerDiscreteScheduler
        # Lightning was distilled with "trailing" timesteps; LCM brings its own schedule.
        # ConfigMixin.from_config is unannotated (and not caught by untyped_calls_exclude: it is
        # reached through the scheduler class).
        pipe.scheduler = scheduler_cls.from_config(  # type: ignore[no-untyped-call]
            pipe.scheduler.config, timestep_spacing="trailing"
        )
    pipe.to(device)
    if device.type == "cuda":
        pipe.unet.set_attn_processor(AttnProcessor2_0())  # PyTorch SDPA (flash / memory-efficient kernels)
        pipe.controlnet.set_attn_processor(AttnProcessor2_0())
        pipe.vae.enable_slicing()  # decode a batch one image at a time: big batches fit
    pipe.set_progress_bar_config(disable=True)
    gpu_metrics.sample(device)
    return LoadedPipeline(
        pipe=pipe,
        device=device,
        dtype=dtype,
        adapters=adapters,
        few_step=few_step,
        model_ids={
            "model": settings.sdxl_model,
            "controlnet": settings.sdxl_controlnet,
            "vae": settings.sdxl_vae,
            "loras": list(adapters),
            "few_step": settings.sdxl_few_step if few_step else "off",
            "few_step_lora": settings.sdxl_few_step_lora if few_step else None,
        },
    )


def adapter_names(loaded: LoadedPipeline, lora: str | None) -> list[str]:
    """The adapters a job with `lora` runs with: its LoRA, then the few-step one."""
    names: list[str] = []
    if lora:
        if lora not in loaded.adapters:
            raise KeyError(f"LoRA {lora!r} was not loaded at startup; name it in settings or a variant")
        names.append(loaded.adapters[lora])
    if loaded.few_step:
        names.append(FEW_STEP_ADAPTER)
    return names


def activate_adapters(loaded: LoadedPipeline, lora: str | None, scale: float) -> list[str]:
    """Turn on the job's LoRA (and the few-step LoRA) and turn the others off."""
    names = adapter_names(loaded, lora)
    weights = ([scale] if lora else []) + ([1.0] if loaded.few_step else [])
    if names:
        loaded.pipe.set_adapters(names, adapter_weights=weights)
    elif loaded.adapters:
        loaded.pipe.disable_lora()
    if names and hasattr(loaded.pipe, "enable_lora"):
        loaded.pipe.enable_lora()
    return names


def free_memory(device: torch.device) -> None:
    """Between jobs: drop Python garbage and give cached CUDA blocks back."""
    gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()
    gpu_metrics.sample(device)


def release(loaded: LoadedPipeline) -> None:
    device = loaded.device
    del loaded.pipe
    free_memory(device)
