"""SDXL + ControlNet with random weights, built from configs: no download.

Tests use the tiny size (two steps at 64 px run in under a second on a CPU, through the service's
real loading code once saved); the GPU benchmark uses the full size, whose arithmetic, hence
timing, is that of SDXL base 1.0. The CLIP tokenizers are written from a byte-level vocabulary
made here, never fetched from the hub.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from diffusers import (
    AutoencoderKL,
    ControlNetModel,
    EulerDiscreteScheduler,
    StableDiffusionXLControlNetPipeline,
    UNet2DConditionModel,
)
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection, CLIPTokenizer

Size = Literal["tiny", "full"]

_UNET: dict[Size, dict[str, Any]] = {
    "tiny": {
        "sample_size": 32,
        "block_out_channels": (32, 64),
        "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
        "transformer_layers_per_block": (1, 2),
        "attention_head_dim": (2, 4),
        "cross_attention_dim": 64,  # both text encoders' hidden sizes (32 + 32)
        "addition_time_embed_dim": 8,
        "projection_class_embeddings_input_dim": 80,  # 6 time ids x 8 + 32 (text_encoder_2 projection)
    },
    "full": {
        "block_out_channels": (320, 640, 1280),
        "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        "transformer_layers_per_block": (1, 2, 10),
        "attention_head_dim": (5, 10, 20),
        "cross_attention_dim": 2048,
        "addition_time_embed_dim": 256,
        "projection_class_embeddings_input_dim": 2816,
    },
}
_UNET_COMMON = {
    "layers_per_block": 2,
    "in_channels": 4,
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
}
_CONTROL_EMBEDDING: dict[Size, tuple[int, ...]] = {"tiny": (16, 32), "full": (16, 32, 96, 256)}
_VAE_BLOCKS: dict[Size, list[int]] = {"tiny": [32, 64], "full": [128, 256, 512, 512]}


def _text_configs(size: Size) -> tuple[CLIPTextConfig, CLIPTextConfig]:
    if size == "tiny":
        tiny = CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=2,
            pad_token_id=1,
            hidden_size=32,
            intermediate_size=37,
            layer_norm_eps=1e-05,
            num_attention_heads=4,
            num_hidden_layers=2,
            vocab_size=1000,
            hidden_act="gelu",
            projection_dim=32,
        )
        return tiny, tiny
    # CLIP ViT-L/14 and OpenCLIP ViT-bigG/14 text towers, as in SDXL base 1.0
    return (
        CLIPTextConfig(
            hidden_size=768,
            intermediate_size=3072,
            num_attention_heads=12,
            num_hidden_layers=12,
            projection_dim=768,
            hidden_act="quick_gelu",
        ),
        CLIPTextConfig(
            hidden_size=1280,
            intermediate_size=5120,
            num_attention_heads=20,
            num_hidden_layers=32,
            projection_dim=1280,
            hidden_act="gelu",
        ),
    )


def byte_symbols() -> list[str]:
    """GPT-2 / CLIP byte-level alphabet: one printable character for each of the 256 byte values."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    symbols: list[str] = []
    extra = 0
    for byte in range(256):
        if byte in printable:
            symbols.append(chr(byte))
        else:
            symbols.append(chr(256 + extra))
            extra += 1
    return symbols


def write_tokenizer(directory: Path) -> CLIPTokenizer:
    """A byte-level CLIP BPE vocabulary (every byte, with and without the end-of-word mark), no merges."""
    directory.mkdir(parents=True, exist_ok=True)
    symbols = byte_symbols()
    vocab = {symbol: index for index, symbol in enumerate(symbols)}
    vocab.update({f"{symbol}</w>": len(symbols) + index for index, symbol in enumerate(symbols)})
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    (directory / "vocab.json").write_text(json.dumps(vocab))
    (directory / "merges.txt").write_text("#version: 0.2\n")
    return CLIPTokenizer(str(directory / "vocab.json"), str(directory / "merges.txt"), model_max_length=77)


def random_pipeline(size: Size, tokenizer_dir: Path) -> StableDiffusionXLControlNetPipeline:
    """SDXL + ControlNet of the given size with random weights (on torch's default device)."""
    unet_config = {**_UNET_COMMON, **_UNET[size]}
    up_blocks = tuple(reversed([block.replace("Down", "Up") for block in unet_config["down_block_types"]]))
    unet = UNet2DConditionModel(out_channels=4, up_block_types=up_blocks, **unet_config)
    unet_config.pop("sample_size", None)
    controlnet = ControlNetModel(conditioning_embedding_out_channels=_CONTROL_EMBEDDING[size], **unet_config)
    vae_blocks = _VAE_BLOCKS[size]
    vae = AutoencoderKL(
        block_out_channels=vae_blocks,
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * len(vae_blocks),
        up_block_types=["UpDecoderBlock2D"] * len(vae_blocks),
        latent_channels=4,
        scaling_factor=0.13025,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, steps_offset=1, beta_schedule="scaled_linear", timestep_spacing="leading"
    )
    first, second = _text_configs(size)
    tokenizer = write_tokenizer(tokenizer_dir)
    return StableDiffusionXLControlNetPipeline(
        vae=vae,
        text_encoder=CLIPTextModel(first),
        text_encoder_2=CLIPTextModelWithProjection(second),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        controlnet=controlnet,
        scheduler=scheduler,
    )
