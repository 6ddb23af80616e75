"""Kubernetes manifests: schema-valid for the cluster version, and wired the way the fleet needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from tests.deploy.deploy_checks import (
    INFRA,
    K8S,
    KEDA_KINDS,
    MONITORING,
    WORKER_STAGES,
    Manifest,
    find,
    kustomize_references,
    load_yaml_docs,
)

KUBERNETES_VERSION = "1.30.0"  # oldest version the manifests must apply to (EKS standard support)
NOT_RESOURCES = {"Kustomization", "Component"}
SETTINGS = {
    "BRANDGEN_BROKER_URL", "BRANDGEN_STATE_URL", "BRANDGEN_STORAGE_URL", "BRANDGEN_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BRANDGEN_GRAPH_URI", "BRANDGEN_GRAPH_USER",
    "BRANDGEN_GRAPH_PASSWORD", "BRANDGEN_LOGO_BACKEND", "BRANDGEN_RATIONALE_BACKEND", "BRANDGEN_LLM_API_KEY",
    "BRANDGEN_METRICS_PORT", "BRANDGEN_LOG_LEVEL",
}  # fmt: skip


def manifest_files() -> list[Path]:
    files = sorted(K8S.rglob("*.yaml")) + sorted((MONITORING / "k8s").glob("*.yaml"))
    return [f for f in files if load_yaml_docs(f) and isinstance(load_yaml_docs(f)[0], dict)]


@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: str(p.relative_to(INFRA)))
def test_manifest_is_valid_for_kubernetes(path: Path) -> None:
    for doc in load_yaml_docs(path):
        if doc.get("kind") in NOT_RESOURCES | KEDA_KINDS:
            continue  # kustomize files are not resources; KEDA objects go through the CRD schema
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_every_manifest_is_reached_from_the_top_kustomization() -> None:
    referenced = {p.resolve() for p in kustomize_references(INFRA)}
    missing = [str(p) for p in referenced if not p.exists()]
    assert not missing, f"kustomizations name files that do not exist: {missing}"
    template = K8S / "config/secrets.template.yaml"
    patches = set((K8S / "components").rglob("*.yaml"))
    orphans = [f for f in manifest_files() if f.resolve() not in referenced and f != template and f not in patches]
    # Components are opt-in: reachable through their own kustomization, not the default build.
    orphans = [f for f in orphans if f.name != "kustomization.yaml" and not f.is_relative_to(K8S / "components")]
    assert not orphans, f"manifests no kustomization applies: {orphans}"


def test_the_secret_template_is_not_applied() -> None:
    referenced = {p.resolve() for p in kustomize_references(INFRA)}
    assert (K8S / "config/secrets.template.yaml").resolve() not in referenced


def pod_spec(manifest: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = manifest["spec"]["template"]["spec"]
    return spec


def main_container(manifest: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = pod_spec(manifest)["containers"][0]
    return container


def test_api_probes_and_hpa(manifests: list[Manifest]) -> None:
    api = main_container(find(manifests, "Deployment", "api-service"))
    assert api["args"] == ["brandgen", "serve", "--host", "0.0.0.0", "--port", "8000"]
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert api["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    hpa = find(manifests, "HorizontalPodAutoscaler", "api-service")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "api-service"
    assert hpa["spec"]["minReplicas"] >= 2
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert "replicas" not in find(manifests, "Deployment", "api-service")["spec"], "re-applying would fight the HPA"


@pytest.mark.parametrize(("name", "stage"), WORKER_STAGES.items())
def test_worker_runs_its_stage_with_metrics_probes_and_grace(manifests: list[Manifest], name: str, stage: str) -> None:
    deployment = find(manifests, "Deployment", name)
    worker = main_container(deployment)
    assert worker["args"] == ["brandgen", "worker", stage]
    assert worker["ports"] == [{"name": "metrics", "containerPort": 9100}]
    assert worker["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert worker["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    # Ready only while consuming on a live broker connection (brandgen.shared.metrics.serve_metrics).
    assert worker["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    assert "replicas" not in deployment["spec"], "re-applying would fight KEDA"
    # SIGTERM lets the current job finish: the grace must outlast the longest stage run.
    minimum = 300 if stage == "logo" else 60
    assert pod_spec(deployment)["terminationGracePeriodSeconds"] >= minimum
    assert {"configMapRef": {"name": "brandgen-config"}} in worker["envFrom"]
    assert {"secretRef": {"name": "brandgen-secrets"}} in worker["envFrom"]
    # Prometheus finds every replica through the headless Service of the same name.
    service = find(manifests, "Service", name)
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


def test_logo_worker_lands_on_gpu_nodes(manifests: list[Manifest]) -> None:
    deployment = find(manifests, "Deployment", "logo-gen-service")
    spec = pod_spec(deployment)
    assert spec["nodeSelector"] == {"brandgen.io/pool": "gpu"}
    assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in spec["tolerations"]
    resources = main_container(deployment)["resources"]
    assert resources["limits"]["nvidia.com/gpu"] == 1


def test_every_deployment_has_a_disruption_budget(manifests: list[Manifest]) -> None:
    budgets = [m.doc["spec"]["selector"]["matchLabels"] for m in manifests if m.kind == "PodDisruptionBudget"]
    for deployment in (m.doc for m in manifests if m.kind == "Deployment"):
        if deployment["metadata"]["name"] in {"prometheus", "alertmanager", "grafana"}:
            continue  # single-replica tooling; a drain may restart it
        assert deployment["spec"]["selector"]["matchLabels"] in budgets, deployment["metadata"]["name"]


def test_containers_run_as_non_root(manifests: list[Manifest]) -> None:
    for manifest in manifests:
        if manifest.kind not in {"Deployment", "StatefulSet", "Job"} or manifest.name == "rabbitmq":
            continue  # the RabbitMQ image drops to its own user in its entrypoint
        context = pod_spec(manifest.doc)["securityContext"]
        assert context["runAsNonRoot"] is True, manifest.name
        assert isinstance(context["runAsUser"], int), manifest.name  # numeric, so the kubelet can verify it


def test_config_and_secret_template_carry_every_setting(manifests: list[Manifest]) -> None:
    config = set(find(manifests, "ConfigMap", "brandgen-config")["data"])
    secrets = load_yaml_docs(K8S / "config/secrets.template.yaml")
    app_secret = next(s for s in secrets if s["metadata"]["name"] == "brandgen-secrets")
    assert not config & set(app_secret["stringData"]), "a key is both config and secret"
    assert config | set(app_secret["stringData"]) >= SETTINGS
    assert not re.search(r"password|secret", " ".join(config), re.IGNORECASE)


def test_secret_keys_referenced_by_pods_exist_in_the_template(manifests: list[Manifest]) -> None:
    templates = {
        s["metadata"]["name"]: set(s["stringData"]) for s in load_yaml_docs(K8S / "config/secrets.template.yaml")
    }
    for manifest in manifests:
        if manifest.kind not in {"Deployment", "StatefulSet", "Job"}:
            continue
        for container in pod_spec(manifest.doc)["containers"]:
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in templates[ref["name"]], f"{manifest.name}: {ref}"
            for source in container.get("envFrom", []):
                if "secretRef" in source:
                    assert source["secretRef"]["name"] in templates


def test_deploy_script_creates_every_template_secret_key() -> None:
    script = (INFRA / "scripts/deploy-k8s.sh").read_text()
    for secret in load_yaml_docs(K8S / "config/secrets.template.yaml"):
        assert secret["metadata"]["name"] in script
        for key in secret["stringData"]:
            assert f"--from-literal={key}=" in script, key


def test_monitoring_mounts_the_same_files_compose_uses(manifests: list[Manifest]) -> None:
    config = load_yaml_docs(INFRA / "monitoring/kustomization.yaml")[0]
    generated = {g["name"]: g["files"] for g in config["configMapGenerator"]}
    assert generated["prometheus-config"] == ["prometheus.yml=prometheus/prometheus-k8s.yml"]
    assert generated["prometheus-rules"] == ["prometheus/rules/brandgen-alerts.yml"]
    dashboards = sorted(
        p.relative_to(MONITORING).as_posix() for p in (MONITORING / "grafana/dashboards").glob("*.json")
    )
    assert sorted(generated["grafana-dashboards"]) == dashboards
    volumes = {v["name"]: v for v in pod_spec(find(manifests, "Deployment", "prometheus"))["volumes"]}
    assert volumes["config"]["configMap"]["name"] == "prometheus-config"
