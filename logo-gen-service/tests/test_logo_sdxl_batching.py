"""Candidates of several waiting jobs in one denoising batch, on the tiny random SDXL pipeline:
each job gets the images it would get alone; a job cancelled meanwhile loses only its own."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from brandgen.logo.models.design import LogoDesign
from brandgen.logo.models.sdxl.backend import generate_designs
from brandgen.logo.models.sdxl.batching import GenerationBatcher
from brandgen.logo.models.sdxl.generate import GenerationRequest, generate_batched, generate_together
from brandgen.logo.models.sdxl.loader import LoadedPipeline, load_pipeline
from brandgen.logo.settings import LogoSettings
from brandgen.logo.variants import resolve
from brandgen.shared.models import BrandRequest
from brandgen.shared.testkit import eventually_blocking
from brandgen.shared.threads import ThreadControl, WorkStopped


@pytest.fixture(scope="module")
def settings(tiny_sdxl_weights: dict[str, Path]) -> LogoSettings:
    weights = tiny_sdxl_weights
    return LogoSettings(
        logo_backend="sdxl",
        sdxl_model=str(weights["model"]),
        sdxl_controlnet=str(weights["controlnet"]),
        sdxl_lora=str(weights["lora"]),
        sdxl_steps=2,
        sdxl_size=64,
        sdxl_batch_size=4,
        sdxl_device="cpu",
        sdxl_local_files_only=True,
        logo_png_widths=[128],
    )


@pytest.fixture(scope="module")
def loaded(settings: LogoSettings) -> LoadedPipeline:
    return load_pipeline(settings)


def _pixels(images: list[Image.Image]) -> list[np.ndarray]:
    return [np.asarray(image.convert("RGB"), dtype=np.int16) for image in images]


def _request(prompt: str, seeds: list[int], shade: int) -> GenerationRequest:
    controls = [Image.new("RGB", (64, 64), (shade, 255 - shade, seed % 255)) for seed in seeds]
    return GenerationRequest(
        prompts=[f"{prompt} {seed}" for seed in seeds],
        negative_prompt="blurry",
        controls=controls,
        seeds=seeds,
        steps=2,
        guidance=5.0,
        controlnet_scale=0.5,
        size=64,
    )


@pytest.mark.slow
def test_two_jobs_in_one_batch_get_the_images_each_gets_alone(loaded: LoadedPipeline) -> None:
    first, second = _request("acme logo", [3, 4], 40), _request("bakery logo", [11, 12], 200)
    calls: list[int] = []

    def pipe(**kwargs):  # the real pipeline, its batch sizes counted
        calls.append(len(kwargs["prompt"]))
        return loaded.pipe(**kwargs)

    apart = [generate_batched(pipe, request, 2, loaded.device) for request in (first, second)]
    together = generate_together(pipe, [first, second], 4, loaded.device, [ThreadControl(), ThreadControl()])
    assert calls == [2, 2, 4]  # apart: two batches of two; together: one batch of four
    for alone, shared in zip(apart, together, strict=True):
        for a, b in zip(_pixels(alone), _pixels(shared), strict=True):
            # Same latents, prompt and control per image; batched float maths may round a level apart.
            assert np.abs(a - b).max() <= 2
    assert np.abs(_pixels(together[0])[0] - _pixels(together[1])[0]).max() > 10  # two jobs, two pictures


@pytest.mark.slow
def test_waiting_jobs_share_the_next_run_and_get_their_own_images(
    loaded: LoadedPipeline, settings: LogoSettings
) -> None:
    """Through the backend: two jobs wait while the pipeline is busy; one run carries both, and
    each job's candidates are the ones it gets when it runs alone."""
    requests = [
        BrandRequest(company_name="Acme Robotics", industry="technology", style="modern", candidates=2, seed=7),
        BrandRequest(company_name="Crumb Bakery", industry="bakery", style="playful", candidates=2, seed=9),
    ]
    options = resolve(settings, None)
    alone = [generate_designs(loaded, request, settings, options, request.seed or 0)[0] for request in requests]
    runs_before = len(loaded.batcher.runs)

    results: dict[int, list[LogoDesign]] = {}

    def job(index: int) -> None:
        request = requests[index]
        results[index] = generate_designs(loaded, request, settings, options, request.seed or 0)[0]

    with loaded.lock:  # the pipeline is busy: both jobs queue behind it
        threads = [threading.Thread(target=job, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        eventually_blocking(lambda: len(loaded.batcher._waiting) == 2, timeout=30, interval=0.01, what="both queued")
    for thread in threads:
        thread.join(120)
    assert loaded.batcher.runs[runs_before:] == [2]  # one run carried both jobs
    for index in range(2):
        for apart, shared in zip(alone[index], results[index], strict=True):
            assert apart.source_png is not None, "SDXL designs keep their raster"
            assert shared.source_png is not None
            a = np.asarray(Image.open(io.BytesIO(apart.source_png)), dtype=np.int16)
            b = np.asarray(Image.open(io.BytesIO(shared.source_png)), dtype=np.int16)
            assert np.abs(a - b).max() <= 2


def _fake_run(groups: list[list[str]]):
    def run(requests: list[GenerationRequest], controls: list[ThreadControl]) -> list[list[Image.Image]]:
        groups.append([request.prompts[0] for request in requests])
        return [[Image.new("L", (1, 1), len(prompt)) for prompt in request.prompts] for request in requests]

    return run


def _queue_behind(batcher: GenerationBatcher, jobs: list[tuple[GenerationRequest, ThreadControl, object]], run):
    """Start each job in a thread while the pipeline is held, then let them go; their results."""
    results: dict[int, object] = {}

    def job(index: int) -> None:
        request, control, key = jobs[index]
        try:
            results[index] = batcher.generate(request, control, key, run, 4)
        except BaseException as error:  # the test reads it
            results[index] = error

    with batcher.lock:
        threads = [threading.Thread(target=job, args=(index,)) for index in range(len(jobs))]
        for thread in threads:
            thread.start()
        while len(batcher._waiting) < len(jobs):
            time.sleep(0.005)
    for thread in threads:
        thread.join(10)
    return results


def test_only_compatible_jobs_that_fit_the_batch_share_a_run() -> None:
    groups: list[list[str]] = []
    batcher = GenerationBatcher(threading.Lock())
    a, b = _request("a", [1, 2], 0), _request("bb", [3, 4], 0)
    c, d = _request("ccc", [5], 0), _request("dddd", [6, 7, 8], 0)
    results = _queue_behind(
        batcher,
        [
            (a, ThreadControl(), "fast"),
            (b, ThreadControl(), "fast"),
            (c, ThreadControl(), "slow"),
            (d, ThreadControl(), "fast"),
        ],
        _fake_run(groups),
    )
    # Four images fit a batch: a + b share one run; d (three) would not fit beside them; c has another key.
    assert sorted(map(sorted, groups)) == sorted([sorted(["a 1", "bb 3"]), ["ccc 5"], ["dddd 6"]])
    for index, request in enumerate((a, b, c, d)):
        assert [image.getpixel((0, 0)) for image in results[index]] == [len(p) for p in request.prompts]


def test_a_cancelled_job_is_not_carried_and_a_failed_run_fails_every_job_in_it() -> None:
    groups: list[list[str]] = []
    batcher = GenerationBatcher(threading.Lock())
    stopped = ThreadControl()
    stopped.stop()
    a, b = _request("a", [1], 0), _request("b", [2], 0)
    results = _queue_behind(batcher, [(a, ThreadControl(), "k"), (b, stopped, "k")], _fake_run(groups))
    assert groups == [["a 1"]]  # the cancelled job neither rode along nor ran on its own
    assert isinstance(results[1], WorkStopped)
    assert not batcher._waiting

    def failing(requests, controls):
        raise torch.OutOfMemoryError("fake")

    results = _queue_behind(batcher, [(a, ThreadControl(), "k"), (b, ThreadControl(), "k")], failing)
    assert all(isinstance(results[index], torch.OutOfMemoryError) for index in range(2))


def test_a_shared_run_goes_on_for_the_jobs_still_waiting_and_stops_when_none_is() -> None:
    steps: list[int] = []

    def pipe(*, prompt, callback_on_step_end, num_inference_steps, **_):
        for step in range(num_inference_steps):
            steps.append(step)
            callback_on_step_end(None, step, None, {})
        return type("Result", (), {"images": [Image.new("RGB", (8, 8)) for _ in prompt]})()

    first, second = _request("a", [1], 0), _request("b", [2], 0)
    cancelled, waiting = ThreadControl(), ThreadControl()
    cancelled.stop()
    images = generate_together(pipe, [first, second], 4, torch.device("cpu"), [cancelled, waiting])
    assert [len(per_job) for per_job in images] == [1, 1]
    assert waiting.fraction == 1.0  # the job still waiting heard every step
    waiting.stop()
    with pytest.raises(WorkStopped):
        generate_together(pipe, [first, second], 4, torch.device("cpu"), [cancelled, waiting])
