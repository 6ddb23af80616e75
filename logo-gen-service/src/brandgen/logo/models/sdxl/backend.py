"""SDXL candidates: procedural layouts steer the diffusion (ControlNet), the results are cleaned and
vectorised so they flow through the same kit builder as procedural designs."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

from brandgen.logo.i18n import sentence
from brandgen.logo.metrics import LOGO_OOM_RETRIES, variant_label
from brandgen.logo.models.design import LogoDesign
from brandgen.logo.models.marks import Mark
from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.models.sdxl.control import control_image
from brandgen.logo.models.sdxl.generate import GenerationRequest, batch_key, generate_together
from brandgen.logo.models.sdxl.loader import LoadedPipeline, activate_adapters, adapter_names, free_memory
from brandgen.logo.models.sdxl.prompts import NEGATIVE, logo_prompt
from brandgen.logo.processors.rasters import remove_background, trim_and_pad
from brandgen.logo.processors.vectorise import vectorise
from brandgen.logo.settings import LogoSettings
from brandgen.logo.variants import LogoOptions
from brandgen.shared.i18n import N_
from brandgen.shared.models import BrandRequest
from brandgen.shared.terms import LOGO_KIND_NAMES
from brandgen.shared.threads import ThreadControl


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def generate_designs(
    loaded: LoadedPipeline,
    request: BrandRequest,
    settings: LogoSettings,
    options: LogoOptions,
    seed: int,
    control: ThreadControl | None = None,
) -> tuple[list[LogoDesign], dict[str, Any]]:
    """Candidates from the pipeline; with a `control` (`run_in_thread`), denoising steps report
    progress to it and stop when the stage's run is cancelled."""
    control = control or ThreadControl()
    layouts = design_candidates(request, request.candidates, seed)
    prompts = [logo_prompt(request, layout.colours.primary) for layout in layouts]
    generation = GenerationRequest(
        prompts=prompts,
        negative_prompt=NEGATIVE,
        controls=[control_image(layout, settings.sdxl_size) for layout in layouts],
        seeds=[layout.seed for layout in layouts],
        steps=options.steps,
        guidance=options.guidance,
        controlnet_scale=settings.sdxl_controlnet_scale,
        size=settings.sdxl_size,
    )

    def run(requests: list[GenerationRequest], controls: list[ThreadControl]) -> list[list[Any]]:
        # Under the pipeline's lock, for this job and the compatible jobs that waited for it.
        activate_adapters(loaded, options.lora, settings.sdxl_lora_scale)
        try:
            return generate_together(
                loaded.pipe,
                requests,
                settings.sdxl_batch_size,
                loaded.device,
                controls,
                on_oom=lambda _size: LOGO_OOM_RETRIES.labels(variant=variant_label(options.variant)).inc(),
            )
        finally:
            free_memory(loaded.device)  # between runs, as between single jobs

    key = (batch_key(generation), options.lora, settings.sdxl_lora_scale if options.lora else None)
    images = loaded.batcher.generate(generation, control, key, run, settings.sdxl_batch_size)
    # Another job's run may have carried this one: the same key, so the same adapters were on.
    adapters = adapter_names(loaded, options.lora)

    designs = []
    for layout, prompt, image in zip(layouts, prompts, images, strict=True):
        control.checkpoint()
        cleaned = trim_and_pad(remove_background(image), clear_space=0.04)
        generated = N_("A generated mark (layout: {layout}), traced to vector.")
        layout_name = LOGO_KIND_NAMES[layout.concept]
        mark = Mark(
            vectorise(cleaned), "sdxl/vectorised", (sentence(generated, layout=layout_name, graph_words=["layout"]),)
        )
        designs.append(
            replace(
                layout,
                mark=mark,
                concept="combination" if layout.concept == "wordmark" else layout.concept,
                description=(*mark.description, *layout.description),
                source_png=_png(image),
                prompt=prompt,
            )
        )
    generator = {
        "name": "sdxl",
        **loaded.model_ids,
        "active_adapters": adapters,
        "lora": options.lora,
        "lora_scale": settings.sdxl_lora_scale if options.lora else None,
        "steps": options.steps,
        "guidance": options.guidance,
        "controlnet_scale": settings.sdxl_controlnet_scale,
        "size": settings.sdxl_size,
        "negative_prompt": NEGATIVE,
        "device": str(loaded.device),
        "dtype": str(loaded.dtype).removeprefix("torch."),
    }
    return designs, generator
