"""The SDXL backend on a tiny random SDXL + ControlNet + LoRA, saved and loaded like real weights."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
import torch
from logo_test_helpers import manifest_of, png_pixels, run_logo
from PIL import Image

from brandgen.logo.models.sdxl.generate import GenerationRequest, StepWatch, generate_batched
from brandgen.logo.models.sdxl.loader import activate_adapters, load_pipeline
from brandgen.logo.models.sdxl.prompts import logo_prompt
from brandgen.logo.settings import LogoSettings
from brandgen.logo.stage import stage
from brandgen.shared.errors import TransientError
from brandgen.shared.models import BrandRequest
from brandgen.shared.testing import make_job, run_stage


@pytest.fixture(scope="module")
def sdxl_settings(tiny_sdxl_weights: dict[str, Path]) -> LogoSettings:
    return LogoSettings(
        logo_backend="sdxl",
        sdxl_model=str(tiny_sdxl_weights["model"]),
        sdxl_controlnet=str(tiny_sdxl_weights["controlnet"]),
        sdxl_lora=str(tiny_sdxl_weights["lora"]),
        sdxl_steps=2,
        sdxl_size=64,
        sdxl_batch_size=2,
        sdxl_device="cpu",
        sdxl_local_files_only=True,
        logo_png_widths=[128, 256],
    )


def test_loader_reads_saved_weights_and_lora(sdxl_settings: LogoSettings, tiny_sdxl_weights) -> None:
    loaded = load_pipeline(sdxl_settings)
    assert loaded.adapters == {str(tiny_sdxl_weights["lora"]): "logo_0"}
    assert "logo_0" in loaded.pipe.get_active_adapters()
    assert any("lora_A" in name for name, _ in loaded.pipe.unet.named_parameters())
    assert activate_adapters(loaded, None, 0.8) == []
    with pytest.raises(KeyError):
        activate_adapters(loaded, "some/other-lora", 0.8)


async def test_sdxl_stage_outputs_flow_through_post_processing(sdxl_settings, store) -> None:
    request = BrandRequest(
        company_name="Acme Robotics",
        industry="technology",
        style="modern",
        primary_color="#1a73e8",
        candidates=2,
        seed=11,
    )
    output, files = await run_logo(request, store, settings=sdxl_settings)
    assert output.backend == "sdxl"
    assert len(output.candidates) == 2
    for candidate in output.candidates:
        source = Image.open(io.BytesIO(files[f"logo/candidates/{candidate.id}_source.png"]))
        assert source.size == (64, 64)  # what the pipeline produced, kept for provenance
        assert png_pixels(files[candidate.png])[..., 3].max() > 0
    icon = png_pixels(files[output.lockups["icon"]["full_color"].png["256"]])
    assert icon[..., 3].max() > 0
    assert set(output.favicons) >= {"favicon.ico", "apple-touch-icon.png"}
    manifest = manifest_of(files, output)
    assert manifest["generator"]["steps"] == 2
    assert manifest["generator"]["active_adapters"] == ["logo_0"]
    assert manifest["candidates"][0]["prompt"].startswith("logo, flat vector logo")


async def test_a_cancelled_sdxl_run_stops_within_a_step_and_leaves_the_pipeline_as_it_was(
    sdxl_settings: LogoSettings, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job's deadline (or a drain) cancels the stage: the denoising stops at the next step
    instead of running all of them for nobody, the pipeline is free for the next job, and that
    job's images are the ones it would have had anyway."""
    steps_run: list[int] = []
    step_end = StepWatch.__call__

    def counted(watch: StepWatch, *args):  # the real step callback, counted
        steps_run.append(1)
        return step_end(watch, *args)

    monkeypatch.setattr(StepWatch, "__call__", counted)
    async with stage.open(sdxl_settings) as resources:  # as a worker holds them: loaded once, shared by the runs
        loaded = resources.sdxl
        assert loaded is not None
        request = BrandRequest(
            company_name="Acme Robotics", industry="technology", style="modern", candidates=2, seed=5
        )

        async def sources(settings: LogoSettings, progress: list[tuple[float, str | None]]) -> list[bytes]:
            job = make_job(request)
            output = await run_stage(stage, job, store, settings=settings, resources=resources, progress=progress)
            assets = store.for_job(job.job_id)
            return [await assets.get(f"logo/candidates/{candidate.id}_source.png") for candidate in output.candidates]

        reference = await sources(sdxl_settings, [])

        long_run = sdxl_settings.model_copy(update={"sdxl_steps": 200})
        progress: list[tuple[float, str | None]] = []
        run = asyncio.ensure_future(sources(long_run, progress))
        while not run.done() and not any(note and note.startswith("denoising") for _, note in progress):
            await asyncio.sleep(0.01)
        seen_at_cancel = len(steps_run)
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        assert await asyncio.to_thread(loaded.lock.acquire, True, 60), "the cancelled generation never let go"
        loaded.lock.release()
        assert len(steps_run) - seen_at_cancel <= 2, "the denoising went on after the run was cancelled"
        denoising = [fraction for fraction, note in progress if note and note.startswith("denoising")]
        assert denoising == sorted(denoising)
        assert 0.05 < denoising[0] <= denoising[-1] < 0.55

        assert await sources(sdxl_settings, []) == reference


def test_prompt_puts_the_free_text_after_what_makes_a_usable_logo() -> None:
    """CLIP reads 77 tokens: a long name or description must not push the style, the colour and
    the plain background (which the tracing needs) out of what the model sees."""
    short = BrandRequest(company_name="Acme", industry="technology", style="luxury")
    long = short.model_copy(update={"company_name": "A" * 100, "description": "we make robots " * 33})
    essentials = logo_prompt(short, "#1a73e8").split(' called "')[0]
    assert all(words in essentials for words in ("luxury", "#1a73e8", "plain white background", "technology"))
    assert logo_prompt(long, "#1a73e8").startswith(essentials)
    assert long.description
    assert logo_prompt(long, "#1a73e8").endswith(long.description)


class FakeOutOfMemoryPipe:
    """A fake pipeline call: raises CUDA out-of-memory the first time, then returns blank images."""

    def __init__(self, failures: int = 1) -> None:
        self.failures = failures
        self.batch_sizes: list[int] = []

    def __call__(self, *, prompt: list[str], **_: object):
        self.batch_sizes.append(len(prompt))
        if self.failures:
            self.failures -= 1
            raise torch.OutOfMemoryError("CUDA out of memory (fake)")
        return type("Result", (), {"images": [Image.new("RGB", (8, 8), "white") for _ in prompt]})()


def _request(count: int) -> GenerationRequest:
    return GenerationRequest(
        prompts=["p"] * count,
        negative_prompt="n",
        controls=[Image.new("RGB", (8, 8))] * count,
        seeds=list(range(count)),
        steps=1,
        guidance=1.0,
        controlnet_scale=0.5,
        size=8,
    )


def test_out_of_memory_retries_with_a_smaller_batch() -> None:
    fake = FakeOutOfMemoryPipe(failures=1)
    retried: list[int] = []
    images = generate_batched(fake, _request(4), 4, torch.device("cpu"), on_oom=retried.append)
    assert len(images) == 4
    assert fake.batch_sizes == [4, 2, 2]
    assert retried == [2]


def test_out_of_memory_at_batch_one_is_transient() -> None:
    with pytest.raises(TransientError):
        generate_batched(FakeOutOfMemoryPipe(failures=5), _request(1), 1, torch.device("cpu"))


def test_procedural_path_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = (
        "import sys, asyncio\n"
        "import brandgen.logo.stage\n"
        "from brandgen.logo.models.procedural import design_candidates\n"
        "from brandgen.logo.processors.kit import build_kit\n"
        "from brandgen.shared.models import BrandRequest\n"
        "r = BrandRequest(company_name='A', industry='tech', style='modern')\n"
        "build_kit(design_candidates(r, 1, 1), 'c1', widths=[64])\n"
        "assert 'torch' not in sys.modules and 'diffusers' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
