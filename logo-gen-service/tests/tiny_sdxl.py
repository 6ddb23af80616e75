"""Saves a tiny, randomly initialised SDXL + ControlNet pipeline and a tiny LoRA on disk.

Same classes and file layout as the real weights (save_pretrained / save_lora_weights), so the
service's real loading code reads them; no download.
"""

from __future__ import annotations

from pathlib import Path

import torch
from diffusers import StableDiffusionXLControlNetPipeline
from diffusers.utils.state_dict_utils import convert_state_dict_to_diffusers
from peft import LoraConfig
from peft.utils import get_peft_model_state_dict

from brandgen.logo.models.sdxl.loader import SdxlPipeline
from brandgen.logo.models.sdxl.random_weights import random_pipeline


def build_tiny_sdxl(root: Path) -> dict[str, Path]:
    """Saves base pipeline, ControlNet and a LoRA under `root`; returns their paths."""
    torch.manual_seed(0)
    # Typed as the loader types a pipeline: its save and component attributes come from mixins mypy cannot see.
    pipe: SdxlPipeline = random_pipeline("tiny", root / "tokenizer-src")
    paths = {"model": root / "sdxl", "controlnet": root / "controlnet", "lora": root / "lora"}
    pipe.save_pretrained(paths["model"])
    pipe.controlnet.save_pretrained(paths["controlnet"])

    # A LoRA on the UNet's attention, trained weights stood in by random non-zero init.
    pipe.unet.add_adapter(
        LoraConfig(r=4, lora_alpha=4, target_modules=["to_q", "to_k", "to_v", "to_out.0"], init_lora_weights=False)
    )
    lora_layers = convert_state_dict_to_diffusers(get_peft_model_state_dict(pipe.unet))
    StableDiffusionXLControlNetPipeline.save_lora_weights(paths["lora"], unet_lora_layers=lora_layers)
    return paths
