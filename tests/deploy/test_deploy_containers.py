"""The deployment files, run: the images `make images` builds, started with exactly the command,
arguments and environment docker-compose.yml and the Kubernetes manifests give each container
(hosts pointed at this machine's stand-ins; see containers.py), make a brand kit whose every asset
downloads through the links the API returns.

Needs podman (or a Docker daemon): skipped, saying so, only where neither can run a container.
The images are built once per session and the engine's layer cache keeps reruns fast.
"""

from __future__ import annotations

import io
import time
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.containers import (
    Containers,
    ContainerSpec,
    Running,
    api_key,
    build_images,
    download_every_asset,
    drop_topology,
    engine_or_skip,
    http_ok,
    make_kit,
    new_prefix,
    stand_ins,
)
from tests.deploy.deploy_checks import K8S, REPO, clean_env, load_yaml_docs, require_tool, run_tool
from tests.fleet_client import pdf_text

# One worker builds the images and runs both fleets (host network: two at once would share ports).
pytestmark = [
    pytest.mark.rabbitmq,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.timeout(1500),
    pytest.mark.xdist_group("containers"),
]

# The CPU fleet of docker-compose.yml (`--profile cpu`): the API and one worker per stage.
COMPOSE_FLEET = ["api-service", "logo-gen-service-cpu", "palette-service", "rationale-service", "pdf-service"]
COMPOSE_ONE_SHOTS = ["graph-seed"]  # run to completion before the fleet, as depends_on orders it
OUR_IMAGES = "ghcr.io/brandgen/"
K8S_WORKLOADS = {"api-service", "logo-gen-service", "palette-service", "rationale-service", "pdf-service", "graph-seed"}


@pytest.fixture(scope="module")
def engine() -> Any:
    return engine_or_skip()


@pytest.fixture(scope="module")
def images(engine: Any) -> dict[str, str]:
    """Every CPU image, built as `make images` builds it (cached layers make a rerun quick)."""
    started = time.monotonic()
    built: dict[str, str] = build_images.build_all(engine)
    print(f"images built in {time.monotonic() - started:.0f} s with {engine.name}")
    return built


class Clock:
    """Prints how long each phase took (the container tests' time is watched in CI logs)."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def mark(self, what: str) -> None:
        now = time.monotonic()
        print(f"{what}: {now - self.last:.1f} s (total {now - self.start:.1f} s)")
        self.last = now


def check_kit(files: dict[str, bytes], view: dict[str, Any]) -> None:
    """What a person opening the downloads would see: a PDF naming the company, real images, a zip."""
    assert len(files) == len(view["result"]["assets"]) > 10
    pdfs = {name: data for name, data in files.items() if name.endswith(".pdf")}
    assert pdfs, sorted(files)
    assert any(view["_company"] in pdf_text(data) for data in pdfs.values() if data.startswith(b"%PDF-"))
    for name, data in files.items():
        if name.endswith(".png"):
            assert data.startswith(b"\x89PNG\r\n\x1a\n"), name
        elif name.endswith(".svg"):
            assert b"<svg" in data[:2000], name
        elif name.endswith(".zip"):
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None, name


# --- docker-compose.yml ----------------------------------------------------------------------------


def compose_services() -> dict[str, Any]:
    """`docker-compose config` of the CPU profile, with only the file's own defaults."""
    result = run_tool([require_tool("docker-compose"), "--project-directory", str(REPO), "-f",
                       str(REPO / "docker-compose.yml"), "--profile", "cpu", "config"], env=clean_env())  # fmt: skip
    assert result.returncode == 0, result.stderr
    services: dict[str, Any] = yaml.safe_load(result.stdout)["services"]
    return services


def compose_spec(name: str, service: dict[str, Any]) -> ContainerSpec:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    # `KEY:` with no value passes the host's variable through; the test's host has none.
    env = {key: str(value) for key, value in environment.items() if value is not None}
    return ContainerSpec(name, service["image"], service.get("entrypoint"), service.get("command"), env)


def healthcheck(containers: Containers, running: Running, test: list[str]) -> bool:
    """The compose healthcheck, run inside the container as the engine would (ports translated)."""
    kind, *argv = test
    argv = [_moved_ports(arg, running.ports) for arg in argv]
    if kind == "CMD-SHELL":
        argv = ["sh", "-c", *argv]
    assert kind in ("CMD", "CMD-SHELL"), test
    return containers.exec(running.name, *argv).returncode == 0


def _moved_ports(text: str, ports: dict[int, int]) -> str:
    for declared, here in ports.items():
        text = text.replace(f":{declared}/", f":{here}/").replace(f":{declared}'", f":{here}'")
    return text


def graph_password(auth: str) -> str:
    """NEO4J_AUTH is `neo4j/<password>`: the stand-in graph server gets the same password."""
    user, _, password = auth.partition("/")
    assert user == "neo4j", auth
    assert password, auth
    return password


def test_compose_fleet_makes_a_kit_in_containers(engine: Any, images: dict[str, str], tmp_path: Path) -> None:
    services = compose_services()
    for name in [*COMPOSE_ONE_SHOTS, *COMPOSE_FLEET]:
        assert services[name]["image"] in images.values(), (
            f"{name}: `make images` does not build {services[name]['image']}"
        )
    bucket = compose_spec("api", services["api-service"]).env["BRANDGEN_STORAGE_URL"].removeprefix("s3://")
    prefix = new_prefix()
    with stand_ins(tmp_path, graph_password(services["neo4j"]["environment"]["NEO4J_AUTH"]), bucket) as stand:
        for backing in ("rabbitmq", "redis", "neo4j", "minio"):
            stand.publish(backing, services[backing].get("ports", []))
        containers = Containers(engine, stand, prefix)
        clock = Clock()
        try:
            for name in COMPOSE_ONE_SHOTS:
                code, log = containers.run_to_completion(compose_spec(name, services[name]))
                assert code == 0, f"{name} exited {code}:\n{log[-4000:]}"
            clock.mark("one-shots")
            started = {name: containers.run(compose_spec(name, services[name])) for name in COMPOSE_FLEET}
            containers.wait_ready([
                (running, partial(healthcheck, containers, running, services[name]["healthcheck"]["test"]))
                for name, running in started.items()
            ])  # fmt: skip
            clock.mark("fleet healthy")
            api = started["api-service"]
            base_url = f"http://127.0.0.1:{api.port(8000)}"
            key = api_key(containers, api)
            view = make_kit(base_url, key)
            clock.mark("kit made")
            check_kit(download_every_asset(base_url, key, view), view)
            clock.mark("every asset downloaded")
            # `docker compose stop`: SIGTERM to every container at once; each must drain and exit 0.
            names = [running.name for running in started.values()]
            stopped = engine("stop", "--time", "30", *names, timeout=90)
            assert stopped.returncode == 0, stopped.stderr
            for name, running in started.items():
                state = engine("inspect", "--format", "{{.State.ExitCode}}", running.name, timeout=60)
                code = state.stdout.strip()
                assert code == "0", f"{name} exited {code} on SIGTERM:\n{containers.logs(running.name)[-3000:]}"
            clock.mark("fleet stopped")
        finally:
            containers.close()
            drop_topology(prefix)


# --- Kubernetes ------------------------------------------------------------------------------------


def kustomize(directory: Path) -> list[dict[str, Any]]:
    result = run_tool([require_tool("kubectl"), "kustomize", str(directory)])
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def secrets_template() -> dict[str, dict[str, str]]:
    """The Secrets deploy-k8s.sh creates, by name, with the template's keys and values."""
    docs = load_yaml_docs(K8S / "config/secrets.template.yaml")
    return {doc["metadata"]["name"]: {k: str(v) for k, v in doc["stringData"].items()} for doc in docs}


def pod_env(container: dict[str, Any], config_maps: dict[str, dict[str, str]],
            secrets: dict[str, dict[str, str]]) -> dict[str, str]:  # fmt: skip
    """The environment Kubernetes gives the container: envFrom in order, then env (which wins)."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
        else:
            name = source["secretRef"]["name"]
            assert name in secrets, f"secret {name} is not in secrets.template.yaml"
            env.update(secrets[name])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = str(item["value"])
            continue
        ref = item["valueFrom"]
        if "configMapKeyRef" in ref:
            env[item["name"]] = config_maps[ref["configMapKeyRef"]["name"]][ref["configMapKeyRef"]["key"]]
        elif "secretKeyRef" in ref:
            env[item["name"]] = secrets[ref["secretKeyRef"]["name"]][ref["secretKeyRef"]["key"]]
        else:  # fieldRef / resourceFieldRef: the pod's own facts
            env[item["name"]] = "brandgen-test-pod"
    return env


def local_image(engine: Any, manifest_image: str) -> tuple[str, dict[str, str]]:
    """The image `make images` builds for a manifest's image, and any environment it must add.
    The GPU logo image (SDXL) cannot build or run without a GPU: the CPU logo image runs the
    Deployment's command and environment with the procedural backend in its place."""
    repository = manifest_image.removeprefix(OUR_IMAGES).rsplit(":", 1)[0]
    if repository.endswith("-gpu"):
        return build_images.image_tag(repository.removesuffix("-gpu")), {"BRANDGEN_LOGO_BACKEND": "procedural"}
    return build_images.image_tag(repository), {}


def probe_check(running: Running, container: dict[str, Any]) -> Any:
    probe = container["readinessProbe"]
    assert "httpGet" in probe, f"{running.spec.name}: only httpGet readiness probes are run here: {probe}"
    port = probe["httpGet"]["port"]
    if isinstance(port, str):
        port = next(p["containerPort"] for p in container["ports"] if p.get("name") == port)
    return http_ok(f"http://127.0.0.1:{running.port(int(port))}{probe['httpGet'].get('path', '/')}")


def ours(workload: dict[str, Any]) -> bool:
    return any(c["image"].startswith(OUR_IMAGES) for c in workload["spec"]["template"]["spec"]["containers"])


def test_kubernetes_workloads_run_and_make_a_kit(engine: Any, images: dict[str, str], tmp_path: Path) -> None:
    rendered = kustomize(K8S)
    config_maps = {d["metadata"]["name"]: {k: str(v) for k, v in d["data"].items()}
                   for d in rendered if d["kind"] == "ConfigMap"}  # fmt: skip
    secrets = secrets_template()
    workloads = [d for d in rendered if d["kind"] in ("Deployment", "Job") and ours(d)]
    assert {w["metadata"]["name"] for w in workloads} == K8S_WORKLOADS
    workloads.sort(key=lambda w: w["kind"] != "Job")  # the seed Job first, as the deploy script runs it
    password = graph_password(secrets["brandgen-backing-secrets"]["NEO4J_AUTH"])
    bucket = config_maps["brandgen-config"]["BRANDGEN_STORAGE_URL"].removeprefix("s3://")
    prefix = new_prefix()
    with stand_ins(tmp_path, password, bucket) as stand:
        for ingress in (d for d in rendered if d["kind"] == "Ingress"):
            for rule in ingress["spec"]["rules"]:
                for path in rule["http"]["paths"]:
                    stand.routed[rule["host"]] = path["backend"]["service"]["name"]
        containers = Containers(engine, stand, prefix)
        clock = Clock()
        try:
            started: dict[str, tuple[Running, dict[str, Any]]] = {}
            for workload in workloads:
                name = workload["metadata"]["name"]
                pod = workload["spec"]["template"]["spec"]
                assert not pod.get("initContainers"), f"{name}: init containers are not run here yet"
                (container,) = pod["containers"]
                image, extra = local_image(engine, container["image"])
                assert image in images.values(), f"{name}: `make images` builds nothing for {container['image']}"
                env = {**pod_env(container, config_maps, secrets), **extra}
                spec = ContainerSpec(name, image, container.get("command"), container.get("args"), env)
                if workload["kind"] == "Job":
                    code, log = containers.run_to_completion(spec)
                    assert code == 0, f"Job {name} exited {code}:\n{log[-4000:]}"
                else:
                    started[name] = (containers.run(spec), container)
            containers.wait_ready(
                [(running, probe_check(running, container)) for running, container in started.values()]
            )
            clock.mark("seed job done, every Deployment ready")
            api, _ = started["api-service"]
            base_url = f"http://127.0.0.1:{api.port(8000)}"
            key = api_key(containers, api)
            view = make_kit(base_url, key)
            check_kit(download_every_asset(base_url, key, view), view)
            clock.mark("kit made, every asset downloaded")
        finally:
            containers.close()
            drop_topology(prefix)
