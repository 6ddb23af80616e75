"""Fixtures for the deployment checks; the helpers live in deploy_checks.py."""

from __future__ import annotations

import pytest

from tests.deploy.deploy_checks import INFRA, Manifest, kustomize_manifests


@pytest.fixture(scope="session")
def manifests() -> list[Manifest]:
    """Everything `kubectl apply -k infrastructure` applies."""
    return kustomize_manifests(INFRA)


@pytest.fixture(scope="session")
def exported_metric_names() -> set[str]:
    """Sample names in a live exposition of the services' metrics: brandgen.shared.metrics registers
    every family; each labelled family is touched once so it shows samples, then generate_latest()
    renders the default registry exactly as a service's /metrics does."""
    from prometheus_client import REGISTRY, generate_latest
    from prometheus_client.metrics import MetricWrapperBase
    from prometheus_client.parser import text_string_to_metric_families

    from brandgen.shared import metrics

    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase) and value._labelnames:
            value.labels(**dict.fromkeys(value._labelnames, "deploy-check"))
    exposition = generate_latest(REGISTRY).decode()
    return {sample.name for family in text_string_to_metric_families(exposition) for sample in family.samples}
