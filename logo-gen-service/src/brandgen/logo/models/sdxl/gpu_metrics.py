"""GPU utilisation and memory of the logo worker, for the dashboards and the GPU alerts.

Sampled after the model loads and after every job (the worker is busy with the GPU in between);
utilisation needs NVML (the `nvidia-ml-py` package of the GPU image) and is skipped without it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import torch

from brandgen.shared.metrics import GPU_MEMORY_TOTAL, GPU_MEMORY_USED, GPU_UTILIZATION

log = logging.getLogger("brandgen.logo")


@dataclass(frozen=True)
class GpuSample:
    gpu: str
    used_bytes: int
    total_bytes: int
    utilization: float | None  # 0..1


def publish(sample: GpuSample) -> None:
    GPU_MEMORY_USED.labels(sample.gpu).set(sample.used_bytes)
    GPU_MEMORY_TOTAL.labels(sample.gpu).set(sample.total_bytes)
    if sample.utilization is not None:
        GPU_UTILIZATION.labels(sample.gpu).set(sample.utilization)


def read(device: torch.device) -> GpuSample | None:
    if device.type != "cuda" or not torch.cuda.is_available():
        return None
    index = device.index if device.index is not None else torch.cuda.current_device()
    free, total = torch.cuda.mem_get_info(index)
    try:
        utilization: float | None = torch.cuda.utilization(index) / 100
    except Exception:  # no NVML in this image: memory is still worth reporting
        utilization = None
    return GpuSample(gpu=str(index), used_bytes=total - free, total_bytes=total, utilization=utilization)


def sample(device: torch.device) -> None:
    try:
        reading = read(device)
    except Exception as error:  # metrics must never fail a job
        log.warning("could not read GPU metrics: %s", error)
        return
    if reading is not None:
        publish(reading)
