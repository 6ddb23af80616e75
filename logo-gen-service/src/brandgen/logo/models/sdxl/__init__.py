"""SDXL + ControlNet + LoRA backend. Imports torch and diffusers: import only when configured."""
