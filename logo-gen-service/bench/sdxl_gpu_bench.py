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
from diffusers import (
    AutoencoderKL,
    ControlNetModel,
    EulerDiscreteScheduler,
    StableDiffusionXLControlNetPipeline,
    UNet2DConditionModel,
)
from diffusers.models.attention_processor import AttnProcessor2_0
from PIL import Image
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection, CLIPTokenizer

FULL_UNET = {
    "block_out_channels": (320, 640, 1280),
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    "transformer_layers_per_block": (1, 2, 10),
    "attention_head_dim": (5, 10, 20),
    "cross_attention_dim": 2048,
    "addition_time_embed_dim": 256,
    "projection_class_embeddings_input_dim": 2816,
    "layers_per_block": 2,
    "in_channels": 4,
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
}
TINY_UNET = {
    "block_out_channels": (32, 64),
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
    "transformer_layers_per_block": (1, 2),
    "attention_head_dim": (2, 4),
    "cross_attention_dim": 64,
    "addition_time_embed_dim": 8,
    "projection_class_embeddings_input_dim": 80,
    "layers_per_block": 2,
    "in_channels": 4,
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
}


def _byte_tokenizer(directory: Path) -> CLIPTokenizer:
    """A byte-level CLIP tokenizer written locally (no hub access): timing does not depend on merges."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    symbols, extra = [], 0
    for byte in range(256):
        symbols.append(chr(byte) if byte in printable else chr(256 + (extra := extra + 1) - 1))
    vocab = {s: i for i, s in enumerate(symbols)} | {f"{s}</w>": 256 + i for i, s in enumerate(symbols)}
    vocab |= {"<|startoftext|>": 512, "<|endoftext|>": 513}
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocab.json").write_text(json.dumps(vocab))
    (directory / "merges.txt").write_text("#version: 0.2\n")
    return CLIPTokenizer(str(directory / "vocab.json"), str(directory / "merges.txt"), model_max_length=77)


def random_pipeline(tiny: bool, dtype: torch.dtype) -> StableDiffusionXLControlNetPipeline:
    unet_config = TINY_UNET if tiny else FULL_UNET
    up = tuple(reversed([b.replace("Down", "Up") for b in unet_config["down_block_types"]]))
    unet = UNet2DConditionModel(out_channels=4, up_block_types=up, **unet_config)
    cond_channels = (16, 32) if tiny else (16, 32, 96, 256)
    controlnet = ControlNetModel(conditioning_embedding_out_channels=cond_channels, **unet_config)
    vae_blocks = [32, 64] if tiny else [128, 256, 512, 512]
    vae = AutoencoderKL(
        block_out_channels=vae_blocks,
        down_block_types=["DownEncoderBlock2D"] * len(vae_blocks),
        up_block_types=["UpDecoderBlock2D"] * len(vae_blocks),
        latent_channels=4,
        scaling_factor=0.13025,
    )
    if tiny:
        te1 = te2 = CLIPTextConfig(
            hidden_size=32,
            intermediate_size=37,
            num_attention_heads=4,
            num_hidden_layers=2,
            vocab_size=1000,
            projection_dim=32,
        )
    else:  # CLIP ViT-L/14 and OpenCLIP ViT-bigG/14 text towers, as in SDXL base 1.0
        te1 = CLIPTextConfig(
            hidden_size=768,
            intermediate_size=3072,
            num_attention_heads=12,
            num_hidden_layers=12,
            projection_dim=768,
            hidden_act="quick_gelu",
        )
        te2 = CLIPTextConfig(
            hidden_size=1280,
            intermediate_size=5120,
            num_attention_heads=20,
            num_hidden_layers=32,
            projection_dim=1280,
            hidden_act="gelu",
        )
    tokenizer = _byte_tokenizer(Path(tempfile.mkdtemp()) / "tokenizer")
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", steps_offset=1, timestep_spacing="leading"
    )
    pipe = StableDiffusionXLControlNetPipeline(
        vae=vae,
        text_encoder=CLIPTextModel(te1),
        text_encoder_2=CLIPTextModelWithProjection(te2),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        controlnet=controlnet,
        scheduler=scheduler,
    )
    return pipe.to(dtype=dtype)


def time_batch(pipe: StableDiffusionXLControlNetPipeline, batch: int, size: int, steps: int, device: str) -> dict:
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
        pipe = load_pipeline(settings).pipe
    else:
        with torch.device(device):  # initialise on the GPU: full-size random init on CPU takes minutes
            pipe = random_pipeline(args.tiny, dtype)
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
