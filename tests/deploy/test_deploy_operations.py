"""What an operator relies on in the Kubernetes fleet: workers get longer to stop than the code
drains, GPU rollouts and scheduling work with the Terraform GPU pool, model weights are cached on a
volume, traffic is denied unless a NetworkPolicy allows it, the Ingress serves the API and the web
page over TLS, and the deploy script gives the services least-privilege credentials (none at all on
AWS, where the pod's role supplies them)."""

from __future__ import annotations

import functools
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from brandgen.shared.lease import LET_GO_WAIT
from brandgen.shared.settings import BrandgenSettings
from tests.deploy.deploy_checks import INFRA, WORKER_STAGES, Manifest, compose_services, find, terraform_blocks

SCRIPT = INFRA / "scripts/deploy-k8s.sh"


def pod_spec(manifest: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = manifest["spec"]["template"]["spec"]
    return spec


def container(manifest: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = pod_spec(manifest)["containers"][0]
    return found


def configured(manifests: list[Manifest], manifest: dict[str, Any], name: str) -> str | None:
    """A BRANDGEN_* value as the container sees it: its own env, else the shared ConfigMap."""
    for env in container(manifest).get("env", []):
        if env["name"] == name and "value" in env:
            return str(env["value"])
    data: dict[str, str] = find(manifests, "ConfigMap", "brandgen-config")["data"]
    return data.get(name)


# --- grace periods --------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(WORKER_STAGES))
def test_workers_get_longer_to_stop_than_they_drain(manifests: list[Manifest], name: str) -> None:
    deployment = find(manifests, "Deployment", name)
    drain = float(configured(manifests, deployment, "BRANDGEN_DRAIN_SECONDS") or BrandgenSettings().drain_seconds)
    pre_stop = container(deployment).get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    grace = pod_spec(deployment)["terminationGracePeriodSeconds"]
    # SIGTERM -> drain (the jobs in hand finish, up to `drain`) -> cancelled runs write that they
    # stopped (LET_GO_WAIT) -> exit. A grace shorter than that SIGKILLs runs mid-write.
    assert grace >= pre_stop + drain + LET_GO_WAIT + 15, f"{name}: grace {grace}s < drain {drain}s + margins"


def test_the_drain_outlasts_a_stage_run_the_job_deadline_allows() -> None:
    # A drain that ends first cancels the run, which then starts again elsewhere: GPU time wasted.
    assert BrandgenSettings().drain_seconds >= 300


# --- GPU scheduling -------------------------------------------------------------------------


def test_gpu_rollout_needs_no_spare_gpu(manifests: list[Manifest]) -> None:
    strategy = find(manifests, "Deployment", "logo-gen-service")["spec"]["strategy"]
    # A surge pod needs a GPU node nobody has: replace one pod at a time instead.
    assert strategy == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}


def tolerates(tolerations: list[dict[str, Any]], taint: dict[str, str]) -> bool:
    effect = {"NO_SCHEDULE": "NoSchedule", "NO_EXECUTE": "NoExecute", "PREFER_NO_SCHEDULE": "PreferNoSchedule"}
    for toleration in tolerations:
        if toleration.get("effect") not in (None, effect[taint["effect"]]):
            continue
        if toleration.get("key") != taint["key"]:
            continue
        if toleration.get("operator", "Equal") == "Exists" or toleration.get("value") == taint["value"]:
            return True
    return False


@functools.cache
def gpu_pool() -> dict[str, Any]:
    return terraform_blocks("resource")[("aws_eks_node_group", "gpu")]


def gpu_taints() -> list[dict[str, str]]:
    pool = gpu_pool()
    return list(pool["taint"]) + [block["taint"]["content"][0] for block in pool["dynamic"]]


def test_logo_worker_tolerates_every_gpu_pool_taint_and_selects_its_labels(manifests: list[Manifest]) -> None:
    spec = pod_spec(find(manifests, "Deployment", "logo-gen-service"))
    assert gpu_taints(), "the GPU pool keeps other pods off with taints"
    for taint in gpu_taints():
        assert tolerates(spec["tolerations"], taint), taint
    assert spec["nodeSelector"].items() <= gpu_pool()["labels"].items()


def test_other_workloads_stay_off_the_gpu_pool(manifests: list[Manifest]) -> None:
    for manifest in manifests:
        if manifest.kind not in {"Deployment", "StatefulSet", "Job"} or manifest.name == "logo-gen-service":
            continue
        tolerations = pod_spec(manifest.doc).get("tolerations", [])
        assert not any(tolerates(tolerations, taint) for taint in gpu_taints()), manifest.name


def test_the_documented_device_plugin_tolerates_the_spot_taint() -> None:
    docs = (INFRA.parent / "docs/deployment.md").read_text(encoding="utf-8")
    # The plugin must run on the spot GPU nodes, or no pod there ever sees a GPU.
    for taint in gpu_taints():
        assert f"tolerations[{taint['key']}]" in docs or taint["key"] in docs.split("nvidia-device-plugin", 1)[-1]
    assert "brandgen.io/spot" in docs.split("nvidia-device-plugin", 1)[-1]


def test_model_weights_are_cached_on_a_persistent_volume(manifests: list[Manifest]) -> None:
    deployment = find(manifests, "Deployment", "logo-gen-service")
    spec = pod_spec(deployment)
    hf_home = next(e["value"] for e in container(deployment)["env"] if e["name"] == "HF_HOME")
    mounts = {m["mountPath"]: m["name"] for m in container(deployment)["volumeMounts"]}
    volume = next(v for v in spec["volumes"] if v["name"] == mounts[hf_home])
    claim = find(manifests, "PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"])
    # Every replica, on any GPU node, reads the same cache: many readers on many nodes.
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    size = claim["spec"]["resources"]["requests"]["storage"]
    assert int(size.removesuffix("Gi")) >= 40  # SDXL base + ControlNet + LoRA weights, about 19 GB


# --- network policies -----------------------------------------------------------------------


def labels_of(manifest: dict[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = manifest["spec"]["template"]["metadata"]["labels"]
    return labels


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if not all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        assert expression["operator"] == "In", expression  # the only operator these policies use
        if labels.get(expression["key"]) not in expression["values"]:
            return False
    return True


def port_allowed(ports: list[dict[str, Any]] | None, port: int) -> bool:
    return not ports or any(p.get("port") == port for p in ports)


def peer_allows(peers: list[dict[str, Any]] | None, labels: dict[str, str], namespace: str) -> bool:
    if not peers:
        return True
    for peer in peers:
        if "ipBlock" in peer:
            continue  # addresses outside the cluster (the internet), never a pod here
        in_namespace = (
            selects(peer["namespaceSelector"], {"kubernetes.io/metadata.name": namespace})
            if "namespaceSelector" in peer
            else namespace == "brandgen"
        )
        if in_namespace and selects(peer.get("podSelector", {}), labels):
            return True
    return False


def allowed(manifests: list[Manifest], source: str, target: str, port: int) -> bool:
    """Whether NetworkPolicies let pods named `source` open `port` on pods named `target`.
    A name outside the fleet is another namespace's pod (`namespace/name`)."""
    pods = {m.name: labels_of(m.doc) for m in manifests if m.kind in {"Deployment", "StatefulSet", "Job"}}
    policies = [m.doc["spec"] for m in manifests if m.kind == "NetworkPolicy"]
    src_ns, src_labels = ("brandgen", pods[source]) if source in pods else (source.split("/")[0], {})
    dst_labels = pods[target]
    egress = src_ns != "brandgen" or any(
        "Egress" in p["policyTypes"]
        and selects(p["podSelector"], src_labels)
        and any(
            peer_allows(rule.get("to"), dst_labels, "brandgen") and port_allowed(rule.get("ports"), port)
            for rule in p.get("egress", [])
        )
        for p in policies
    )
    ingress = any(
        "Ingress" in p["policyTypes"]
        and selects(p["podSelector"], dst_labels)
        and any(
            peer_allows(rule.get("from"), src_labels, src_ns) and port_allowed(rule.get("ports"), port)
            for rule in p.get("ingress", [])
        )
        for p in policies
    )
    return egress and ingress


def test_every_pod_is_denied_by_default(manifests: list[Manifest]) -> None:
    defaults = [m.doc["spec"] for m in manifests if m.kind == "NetworkPolicy" and m.doc["spec"]["podSelector"] == {}]
    assert any(
        set(p["policyTypes"]) == {"Ingress", "Egress"} and not p.get("ingress") and not p.get("egress")
        for p in defaults
    ), "a default-deny policy for the namespace"


FLOWS = [
    ("ingress-nginx/controller", "api-service", 8000),
    ("ingress-nginx/controller", "minio", 9000),  # presigned download links
    ("keda/keda-operator", "rabbitmq", 15672),
    ("api-service", "rabbitmq", 5672),
    ("api-service", "redis", 6379),
    ("api-service", "minio", 9000),
    ("prometheus", "api-service", 8000),
    ("prometheus", "rabbitmq", 15692),
    ("prometheus", "alertmanager", 9093),
    ("grafana", "prometheus", 9090),
    ("graph-seed", "neo4j", 7687),
    ("minio-create-bucket", "minio", 9000),
    *(
        (worker, backend, port)
        for worker in WORKER_STAGES
        for backend, port in (("rabbitmq", 5672), ("redis", 6379), ("minio", 9000))
    ),
    *(("prometheus", worker, 9100) for worker in WORKER_STAGES),
    ("palette-service", "neo4j", 7687),
]
DENIED = [
    ("palette-service", "api-service", 8000),
    ("pdf-service", "neo4j", 7687),
    ("api-service", "neo4j", 7687),
    ("grafana", "redis", 6379),
    ("api-service", "rabbitmq", 15672),
    ("ingress-nginx/controller", "redis", 6379),
    ("ingress-nginx/controller", "palette-service", 9100),
]


@pytest.mark.parametrize(("source", "target", "port"), FLOWS, ids=lambda v: str(v))
def test_the_flows_the_fleet_needs_are_allowed(manifests: list[Manifest], source: str, target: str, port: int) -> None:
    assert allowed(manifests, source, target, port)


@pytest.mark.parametrize(("source", "target", "port"), DENIED, ids=lambda v: str(v))
def test_other_flows_are_denied(manifests: list[Manifest], source: str, target: str, port: int) -> None:
    assert not allowed(manifests, source, target, port)


def test_every_pod_may_resolve_names(manifests: list[Manifest]) -> None:
    policies = [m.doc["spec"] for m in manifests if m.kind == "NetworkPolicy"]
    dns = [
        p
        for p in policies
        if p["podSelector"] == {}
        and any(any(port.get("port") == 53 for port in rule.get("ports", [])) for rule in p.get("egress", []))
    ]
    assert dns, "egress to kube-dns on port 53 for every pod"


# --- ingress --------------------------------------------------------------------------------


def ingress_routes(ingress: dict[str, Any]) -> dict[tuple[str, str], str]:
    spec = ingress["spec"]
    hosts = {rule["host"] for rule in spec["rules"]}
    assert spec["tls"], "TLS"
    assert hosts <= {h for tls in spec["tls"] for h in tls["hosts"]}, "every host has a certificate"
    assert all(tls["secretName"] for tls in spec["tls"])
    return {
        (rule["host"], path["path"]): path["backend"]["service"]["name"]
        for rule in spec["rules"]
        for path in rule["http"]["paths"]
    }


def test_ingress_serves_the_api_and_web_page_over_tls(manifests: list[Manifest]) -> None:
    routes = ingress_routes(find(manifests, "Ingress", "api-service"))
    host = "brandgen.example.com"  # the deploy script puts BRANDGEN_HOST in its place
    for path in ("/", "/web", "/v1", "/healthz"):
        assert routes.get((host, path)) == "api-service", path
    assert (host, "/metrics") not in routes


def test_download_links_point_at_a_public_tls_route_to_minio(manifests: list[Manifest]) -> None:
    # Links are signed for BRANDGEN_S3_PUBLIC_URL: that host must reach MinIO from outside.
    public = configured(manifests, find(manifests, "Deployment", "api-service"), "BRANDGEN_S3_PUBLIC_URL")
    assert public is not None
    assert public.startswith("https://")
    routes = ingress_routes(find(manifests, "Ingress", "minio"))
    assert routes == {(public.removeprefix("https://"), "/"): "minio"}


# --- the deploy script ----------------------------------------------------------------------


@pytest.fixture
def fake_kubectl(tmp_path: Path) -> Path:
    """A kubectl that records each call and the manifests piped to it, and answers the CRD check."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    kubectl = bin_dir / "kubectl"
    kubectl.write_text(
        "#!/bin/sh\n"
        'echo "kubectl $*" >> "$KUBECTL_LOG"\n'
        'case "$1" in kustomize) exec /usr/bin/kubectl "$@";; esac\n'
        'case "$*" in *"apply -f -"*) cat >> "$KUBECTL_LOG";; esac\n'
        "exit 0\n"
    )
    kubectl.chmod(kubectl.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def run_deploy(fake_kubectl: Path, tmp_path: Path, **env: str) -> str:
    log = tmp_path / "kubectl.log"
    base = {
        "PATH": f"{fake_kubectl}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "KUBECTL_LOG": str(log),
        "BRANDGEN_HOST": "brandgen.test.example",
        "RABBITMQ_PASSWORD": "rabbit-secret",
        "REDIS_PASSWORD": "redis-secret",
        "NEO4J_PASSWORD": "neo4j-secret",
        "GRAFANA_ADMIN_PASSWORD": "grafana-secret",
        "ALERTMANAGER_SLACK_URL": "https://hooks.example.com/T000/B000/XXX",
    }
    result = subprocess.run(
        ["bash", str(SCRIPT)], env={**base, **env}, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return log.read_text()


def test_deploy_with_minio_gives_the_services_their_own_user(fake_kubectl: Path, tmp_path: Path) -> None:
    calls = run_deploy(
        fake_kubectl,
        tmp_path,
        MINIO_ROOT_USER="minio-root",
        MINIO_ROOT_PASSWORD="minio-root-secret",
        MINIO_APP_PASSWORD="minio-app-secret",
    )
    app_secret = next(line for line in calls.splitlines() if "secret generic brandgen-secrets" in line)
    assert "--from-literal=AWS_SECRET_ACCESS_KEY=minio-app-secret" in app_secret
    assert "minio-root" not in app_secret, "the services must not get the MinIO root account"
    assert "--from-literal=BRANDGEN_STATE_URL=redis://:redis-secret@redis:6379/0" in app_secret
    assert "alertmanager-receiver" in calls
    assert "host: brandgen.test.example" in calls
    assert "host: assets.brandgen.test.example" in calls
    assert "BRANDGEN_S3_PUBLIC_URL: https://assets.brandgen.test.example" in calls


def test_deploy_on_aws_injects_no_keys(fake_kubectl: Path, tmp_path: Path) -> None:
    calls = run_deploy(fake_kubectl, tmp_path, ASSET_STORE="s3", ASSET_BUCKET="brandgen-assets-123")
    app_secret = next(line for line in calls.splitlines() if "secret generic brandgen-secrets" in line)
    # The pod's role (the node role Terraform grants) supplies credentials; keys would override it.
    assert "AWS_ACCESS_KEY_ID" not in app_secret
    assert "AWS_SECRET_ACCESS_KEY" not in app_secret
    # The applied fleet uses the Terraform bucket on AWS's own endpoint, and runs no MinIO.
    assert "BRANDGEN_STORAGE_URL: s3://brandgen-assets-123" in calls
    assert "BRANDGEN_S3_ENDPOINT_URL" not in calls
    assert "BRANDGEN_S3_PUBLIC_URL" not in calls
    assert "image: minio/minio" not in calls
    assert "host: brandgen.test.example" in calls


def test_compose_download_links_use_a_published_minio_address() -> None:
    services = compose_services("docker-compose.yml", profiles=("cpu",))
    public = services["api-service"]["environment"]["BRANDGEN_S3_PUBLIC_URL"]
    internal = services["api-service"]["environment"]["BRANDGEN_S3_ENDPOINT_URL"]
    assert public != internal
    assert "minio" not in public, "http://minio:9000 resolves only inside the compose network"
    # The public address is MinIO's S3 port, published on the host (`127.0.0.1:9000:9000/tcp`).
    published = {
        p.split("/")[0].rsplit(":", 2)[-2] for p in services["minio"]["ports"] if p.split("/")[0].endswith(":9000")
    }
    assert public.rsplit(":", 1)[-1] in published
