"""GPU benchmark: SDXL + ControlNet at 1024 x 1024, batch 1 and 4, seconds per image and peak memory.

With weights present (--model/--controlnet: hub ids in the local cache or paths) it loads them
through the service's loader. Without, it builds full-size SDXL and ControlNet from their published
configs with random weights: the arithmetic, hence the timing, is the same.

  python logo-gen-service/bench/sdxl_gpu_bench.py                  # GPU, 30 steps, batch 1 and 4
  python logo-gen-service/bench/sdxl_gpu_bench.py --steps 4        # few-step (LCM / Lightning) timing
  python logo-gen-service/bench/sdxl_gpu_bench.py --tiny           # CPU smoke run of this script
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import torch
from diffusers.models.attention_processor import AttnProcessor2_0
from PIL import Image

from brandgen.logo.models.sdxl.loader import SdxlPipeline
from brandgen.logo.models.sdxl.random_weights import random_pipeline


def time_batch(pipe: SdxlPipeline, batch: int, size: int, steps: int, device: str) -> dict[str, float]:
    control = [Image.new("RGB", (size, size), "white")] * batch
    kwargs = dict(
        prompt=["a flat vector logo"] * batch,
        image=control,
        num_inference_steps=steps,
        height=size,
        width=size,
        guidance_scale=0.0 if steps <= 8 else 7.0,
        output_type="pil",
    )
    pipe(**{**kwargs, "num_inference_steps": min(steps, 2)})  # warm-up: kernels, allocator
    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    pipe(**kwargs)
    if device == "cuda":
        torch.cuda.synchronize()
    elapsed = time.perf_counter() - started
    peak = torch.cuda.max_memory_allocated() / 2**30 if device == "cuda" else float("nan")
    return {"batch": batch, "size": size, "steps": steps, "s_per_image": elapsed / batch, "peak_gib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="tiny random model, 64 px, 2 steps, CPU")
    parser.add_argument("--model", help="SDXL weights (hub id in cache or path); random full-size when absent")
    parser.add_argument("--controlnet", help="ControlNet weights (with --model)")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()

    device = "cpu" if args.tiny or not torch.cuda.is_available() else "cuda"
    dtype = torch.float16 if device == "cuda" else torch.float32
    size, steps = (64, 2) if args.tiny else (1024, args.steps)
    if args.model:
        from brandgen.logo.models.sdxl.loader import load_pipeline
        from brandgen.logo.settings import LogoSettings

        settings = LogoSettings(
            sdxl_model=args.model,
            sdxl_controlnet=args.controlnet or LogoSettings().sdxl_controlnet,
            sdxl_device=device,
            sdxl_local_files_only=True,
        )
        pipe: SdxlPipeline = load_pipeline(settings).pipe
    else:
        with torch.device(device):  # initialise on the GPU: full-size random init on CPU takes minutes
            pipe = random_pipeline("tiny" if args.tiny else "full", Path(tempfile.mkdtemp()) / "tokenizer")
            pipe = pipe.to(dtype=dtype)
        if device == "cuda":
            pipe.unet.set_attn_processor(AttnProcessor2_0())
            pipe.controlnet.set_attn_processor(AttnProcessor2_0())
    pipe.set_progress_bar_config(disable=True)
    gpu = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    for batch in args.batches:
        result = time_batch(pipe, batch, size, steps, device)
        print(
            json.dumps(
                {"device": gpu, "weights": args.model or ("random tiny" if args.tiny else "random full-size"), **result}
            )
        )


if __name__ == "__main__":
    main()
