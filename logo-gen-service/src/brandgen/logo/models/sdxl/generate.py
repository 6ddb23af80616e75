"""Batched SDXL generation that survives CUDA out-of-memory by halving the batch, reports its
denoising steps and stops within one step when the run waiting for it is cancelled."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from PIL import Image

from brandgen.shared.errors import TransientError
from brandgen.shared.threads import ThreadControl, WorkStopped

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


class StepWatch:
    """The pipeline's step callback: each denoising step reports progress over all images and is a
    checkpoint where a cancelled run's generation stops (`WorkStopped` out of the pipeline call,
    before the VAE decode)."""

    def __init__(self, control: ThreadControl, request: GenerationRequest) -> None:
        self.control = control
        self.steps_per_image = request.steps
        self.total_steps = max(1, request.steps * len(request.prompts))
        self.done_steps = 0  # of the images already generated
        self.batch = 0

    def begin(self, done_images: int, batch: int) -> None:
        self.done_steps = done_images * self.steps_per_image
        self.batch = batch
        # Before each batch: a run cancelled while it waited for the pipeline (another job's
        # generation held it) or between batches stops here.
        self.control.checkpoint()

    def __call__(self, pipe: Any, step: int, timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
        fraction = (self.done_steps + (step + 1) * self.batch) / self.total_steps
        self.control.checkpoint(max(self.control.fraction, min(fraction, 1.0)))
        return tensors


def _run_batch(
    pipe: PipeCall,
    request: GenerationRequest,
    start: int,
    stop: int,
    device: torch.device,
    watch: StepWatch | None,
) -> list[Image.Image]:
    generators = [torch.Generator(device="cpu").manual_seed(seed) for seed in request.seeds[start:stop]]
    extra: dict[str, Any] = {}
    if watch is not None:
        watch.begin(start, stop - start)
        extra["callback_on_step_end"] = watch
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
        **extra,
    )
    return list(result.images)


def generate_batched(
    pipe: PipeCall,
    request: GenerationRequest,
    batch_size: int,
    device: torch.device,
    on_oom: Callable[[int], None] | None = None,
    watch: StepWatch | None = None,
) -> list[Image.Image]:
    """All images, `batch_size` at a time; on out-of-memory the batch halves and the same images are
    retried (seeds are per image, so a smaller batch gives the same pictures). Out of memory at batch 1
    is a TransientError: another worker, or this one later, may have the memory. With a `watch`,
    every denoising step reports progress and may stop the generation."""
    images: list[Image.Image] = []
    start = 0
    while start < len(request.prompts):
        stop = min(start + batch_size, len(request.prompts))
        try:
            images.extend(_run_batch(pipe, request, start, stop, device, watch))
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


def batch_key(request: GenerationRequest) -> tuple[object, ...]:
    """What images must share to denoise in one batch: one call takes one value of each."""
    return (request.negative_prompt, request.steps, request.guidance, request.controlnet_scale, request.size)


class _AllStopped(ThreadControl):
    """The control of a run carrying several jobs: each job's progress is the run's, and a job
    cancelled meanwhile only loses its images; the run stops when every job in it is cancelled."""

    def __init__(self, controls: list[ThreadControl]) -> None:
        super().__init__()
        self.controls = controls

    def checkpoint(self, fraction: float | None = None) -> None:
        if fraction is not None:
            self.fraction = fraction
            for control in self.controls:
                control.fraction = max(control.fraction, fraction)
        if all(control.stopping for control in self.controls):
            raise WorkStopped


def generate_together(
    pipe: PipeCall,
    requests: list[GenerationRequest],
    batch_size: int,
    device: torch.device,
    controls: list[ThreadControl],
    on_oom: Callable[[int], None] | None = None,
) -> list[list[Image.Image]]:
    """The images of several jobs' requests in shared denoising batches: laid end to end and cut
    into batches of `batch_size` whichever job each image is for, then handed back per request.
    Each image has its own seeded generator, so it is the image its request would get alone (the
    same latents, prompt and control; only the batch's other rows differ)."""
    if len({batch_key(request) for request in requests}) != 1:
        raise ValueError("requests of one shared run need the same steps, guidance, size and negative prompt")
    first = requests[0]
    merged = GenerationRequest(
        prompts=[prompt for request in requests for prompt in request.prompts],
        negative_prompt=first.negative_prompt,
        controls=[control for request in requests for control in request.controls],
        seeds=[seed for request in requests for seed in request.seeds],
        steps=first.steps,
        guidance=first.guidance,
        controlnet_scale=first.controlnet_scale,
        size=first.size,
    )
    images = generate_batched(pipe, merged, batch_size, device, on_oom, StepWatch(_AllStopped(controls), merged))
    per_request: list[list[Image.Image]] = []
    start = 0
    for request in requests:
        per_request.append(images[start : start + len(request.prompts)])
        start += len(request.prompts)
    return per_request
