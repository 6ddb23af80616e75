"""Batched SDXL generation that survives CUDA out-of-memory by halving the batch."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from PIL import Image

from brandgen.shared.errors import TransientError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GenerationRequest:
    prompts: list[str]
    negative_prompt: str
    controls: list[Image.Image]
    seeds: list[int]
    steps: int
    guidance: float
    controlnet_scale: float
    size: int


PipeCall = Callable[..., Any]


def _run_batch(
    pipe: PipeCall, request: GenerationRequest, start: int, stop: int, device: torch.device
) -> list[Image.Image]:
    generators = [torch.Generator(device="cpu").manual_seed(seed) for seed in request.seeds[start:stop]]
    result = pipe(
        prompt=request.prompts[start:stop],
        negative_prompt=[request.negative_prompt] * (stop - start),
        image=request.controls[start:stop],
        num_inference_steps=request.steps,
        guidance_scale=request.guidance,
        controlnet_conditioning_scale=request.controlnet_scale,
        height=request.size,
        width=request.size,
        generator=generators,
        output_type="pil",
    )
    return list(result.images)


def generate_batched(
    pipe: PipeCall,
    request: GenerationRequest,
    batch_size: int,
    device: torch.device,
    on_oom: Callable[[int], None] | None = None,
) -> list[Image.Image]:
    """All images, `batch_size` at a time; on out-of-memory the batch halves and the same images are
    retried (seeds are per image, so a smaller batch gives the same pictures). Out of memory at batch 1
    is a TransientError: another worker, or this one later, may have the memory."""
    images: list[Image.Image] = []
    start = 0
    while start < len(request.prompts):
        stop = min(start + batch_size, len(request.prompts))
        try:
            images.extend(_run_batch(pipe, request, start, stop, device))
        except torch.OutOfMemoryError as error:
            if device.type == "cuda":
                torch.cuda.empty_cache()
            if batch_size == 1:
                raise TransientError("CUDA out of memory even at batch size 1", delay=30.0) from error
            batch_size = max(1, batch_size // 2)
            log.warning("CUDA out of memory; retrying with batch size %d", batch_size)
            if on_oom:
                on_oom(batch_size)
            continue
        start = stop
    return images
