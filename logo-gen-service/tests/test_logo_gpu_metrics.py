from __future__ import annotations

import torch
from prometheus_client import REGISTRY

from brandgen.logo.models.sdxl import gpu_metrics


def value(name: str, gpu: str) -> float | None:
    return REGISTRY.get_sample_value(name, {"gpu": gpu})


def test_a_gpu_sample_reaches_the_metrics_the_dashboards_and_alerts_read() -> None:
    gpu_metrics.publish(
        gpu_metrics.GpuSample(gpu="7", used_bytes=30 * 2**30, total_bytes=141 * 2**30, utilization=0.83)
    )
    assert value("brandgen_gpu_memory_used_bytes", "7") == 30 * 2**30
    assert value("brandgen_gpu_memory_total_bytes", "7") == 141 * 2**30
    assert value("brandgen_gpu_utilization_ratio", "7") == 0.83


def test_without_nvml_memory_is_still_reported_and_utilisation_left_alone() -> None:
    gpu_metrics.publish(gpu_metrics.GpuSample(gpu="8", used_bytes=1, total_bytes=2, utilization=None))
    assert value("brandgen_gpu_memory_used_bytes", "8") == 1
    assert value("brandgen_gpu_utilization_ratio", "8") is None


def test_a_cpu_device_has_no_gpu_sample() -> None:
    assert gpu_metrics.read(torch.device("cpu")) is None
