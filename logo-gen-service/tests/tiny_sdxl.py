"""Builds a tiny, randomly initialised SDXL + ControlNet pipeline and a tiny LoRA on disk.

Same classes and file layout as the real weights (save_pretrained / save_lora_weights), so the
service's real loading code reads them; no download. The CLIP tokenizers are written from a
byte-level vocabulary made here, never fetched from the hub.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from diffusers import (
    AutoencoderKL,
    ControlNetModel,
    EulerDiscreteScheduler,
    StableDiffusionXLControlNetPipeline,
    UNet2DConditionModel,
)
from diffusers.utils import convert_state_dict_to_diffusers
from peft import LoraConfig
from peft.utils import get_peft_model_state_dict
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection, CLIPTokenizer

_UNET_SHARED = {
    "block_out_channels": (32, 64),
    "layers_per_block": 2,
    "in_channels": 4,
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
    "attention_head_dim": (2, 4),
    "use_linear_projection": True,
    "addition_embed_type": "text_time",
    "addition_time_embed_dim": 8,
    "transformer_layers_per_block": (1, 2),
    "projection_class_embeddings_input_dim": 80,  # 6 time ids x 8 + 32 (text_encoder_2 projection)
    "cross_attention_dim": 64,  # both text encoders' hidden sizes (32 + 32)
}


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
    tokenizer = CLIPTokenizer(str(directory / "vocab.json"), str(directory / "merges.txt"), model_max_length=77)
    return tokenizer


def build_tiny_sdxl(root: Path) -> dict[str, Path]:
    """Saves base pipeline, ControlNet and a LoRA under `root`; returns their paths."""
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=32, out_channels=4, up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), **_UNET_SHARED
    )
    controlnet = ControlNetModel(conditioning_embedding_out_channels=(16, 32), **_UNET_SHARED)
    vae = AutoencoderKL(
        block_out_channels=[32, 64],
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D", "DownEncoderBlock2D"],
        up_block_types=["UpDecoderBlock2D", "UpDecoderBlock2D"],
        latent_channels=4,
    )
    scheduler = EulerDiscreteScheduler(
        beta_start=0.00085, beta_end=0.012, steps_offset=1, beta_schedule="scaled_linear", timestep_spacing="leading"
    )
    text_config = CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=2,
        hidden_size=32,
        intermediate_size=37,
        layer_norm_eps=1e-05,
        num_attention_heads=4,
        num_hidden_layers=2,
        pad_token_id=1,
        vocab_size=1000,
        hidden_act="gelu",
        projection_dim=32,
    )
    tokenizer = write_tokenizer(root / "tokenizer-src")
    pipe = StableDiffusionXLControlNetPipeline(
        vae=vae,
        text_encoder=CLIPTextModel(text_config),
        text_encoder_2=CLIPTextModelWithProjection(text_config),
        tokenizer=tokenizer,
        tokenizer_2=tokenizer,
        unet=unet,
        controlnet=controlnet,
        scheduler=scheduler,
    )
    paths = {"model": root / "sdxl", "controlnet": root / "controlnet", "lora": root / "lora"}
    pipe.save_pretrained(paths["model"])
    controlnet.save_pretrained(paths["controlnet"])

    # A LoRA on the UNet's attention, trained weights stood in by random non-zero init.
    unet.add_adapter(
        LoraConfig(r=4, lora_alpha=4, target_modules=["to_q", "to_k", "to_v", "to_out.0"], init_lora_weights=False)
    )
    lora_layers = convert_state_dict_to_diffusers(get_peft_model_state_dict(unet))
    StableDiffusionXLControlNetPipeline.save_lora_weights(paths["lora"], unet_lora_layers=lora_layers)
    return paths
