"""docker-compose.yml and docker-compose.prod.yml, checked with Debian's docker-compose (config only)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.deploy_checks import INFRA, REPO, WORKER_STAGES, clean_env, load_yaml_docs, require_tool, run_tool

PROD_SECRETS = {
    "RABBITMQ_USER": "brandgen",
    "RABBITMQ_PASSWORD": "rabbit-secret",
    "MINIO_ROOT_USER": "minio-user",
    "MINIO_ROOT_PASSWORD": "minio-secret",
    "MINIO_APP_PASSWORD": "minio-app-secret",
    "REDIS_PASSWORD": "redis-secret",
    "BRANDGEN_S3_PUBLIC_URL": "https://assets.example.com",
    "ALERTMANAGER_SLACK_URL_FILE": "/run/secrets/alertmanager-slack-url",
    "NEO4J_PASSWORD": "neo4j-secret",
    "GRAFANA_ADMIN_USER": "admin",
    "GRAFANA_ADMIN_PASSWORD": "grafana-secret",
    "BRANDGEN_VERSION": "1.0.0",
}
ALL_PROFILES = ["--profile", "cpu", "--profile", "gpu"]
COMPOSE_WORKERS = [*WORKER_STAGES, "logo-gen-service-cpu"]
ONE_SHOTS = {"minio-init", "graph-seed"}


def volume_mounts(service: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) per mount; docker-compose v1 prints them as `source:target[:mode]`."""
    mounts = []
    for volume in service.get("volumes", []):
        source, target, *mode = volume.split(":")
        mounts.append((source, target, mode == ["ro"]))
    return mounts


def compose_config(*files: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    args = [require_tool("docker-compose"), "--project-directory", str(REPO)]
    for name in files:
        args += ["-f", str(REPO / name)]
    result = run_tool([*args, *ALL_PROFILES, "config"], env=clean_env(**(env or {})))
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


@pytest.fixture(scope="module")
def dev() -> dict[str, Any]:
    services: dict[str, Any] = compose_config("docker-compose.yml")["services"]
    return services


@pytest.fixture(scope="module")
def prod() -> dict[str, Any]:
    config = compose_config("docker-compose.yml", "docker-compose.prod.yml", env=PROD_SECRETS)
    services: dict[str, Any] = config["services"]
    return services


def test_dev_stack_has_every_component(dev: dict[str, Any]) -> None:
    expected = {
        "rabbitmq", "redis", "neo4j", "minio", "minio-init", "graph-seed", "api-service", "nginx",
        "prometheus", "grafana", *COMPOSE_WORKERS,
    }  # fmt: skip
    assert expected <= set(dev)


def test_images_build_from_each_service_dockerfile(dev: dict[str, Any]) -> None:
    expected = {
        "api-service": "api-service/Dockerfile",
        "logo-gen-service": "logo-gen-service/Dockerfile.gpu",
        "logo-gen-service-cpu": "logo-gen-service/Dockerfile",
        "palette-service": "palette-service/Dockerfile",
        "rationale-service": "rationale-service/Dockerfile",
        "pdf-service": "pdf-service/Dockerfile",
    }
    for service, dockerfile in expected.items():
        assert dev[service]["build"] == {"context": str(REPO), "dockerfile": dockerfile}


def test_workers_run_their_stage_and_serve_metrics_on_9100(dev: dict[str, Any]) -> None:
    for service in COMPOSE_WORKERS:
        stage = WORKER_STAGES.get(service, "logo")
        assert dev[service]["command"] == ["brandgen", "worker", stage]
        assert dev[service]["environment"]["BRANDGEN_METRICS_PORT"] == "9100"
        assert "9100" in " ".join(dev[service]["healthcheck"]["test"])
    assert dev["api-service"]["command"] == ["brandgen", "serve", "--host", "0.0.0.0", "--port", "8000"]
    assert dev["graph-seed"]["command"] == ["brandgen", "graph", "seed"]


def test_workers_scale_no_fixed_names_or_host_ports(dev: dict[str, Any]) -> None:
    for service in [*COMPOSE_WORKERS, "api-service"]:
        assert "container_name" not in dev[service], f"{service} has a fixed container name"
        assert not dev[service].get("ports"), f"{service} publishes a host port"


def test_services_read_the_documented_settings(dev: dict[str, Any]) -> None:
    env = dev["palette-service"]["environment"]
    assert env["BRANDGEN_BROKER_URL"].startswith("amqp://")
    assert env["BRANDGEN_BROKER_URL"].endswith("@rabbitmq:5672/")
    assert env["BRANDGEN_STATE_URL"] == f"redis://:{dev['redis']['environment']['REDIS_PASSWORD']}@redis:6379/0"
    assert env["BRANDGEN_STORAGE_URL"] == "s3://brandgen-assets"
    assert env["BRANDGEN_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert env["BRANDGEN_GRAPH_URI"] == "bolt://neo4j:7687"
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BRANDGEN_GRAPH_USER", "BRANDGEN_GRAPH_PASSWORD"} <= set(env)
    # The credentials the apps use are the ones the backing services are set up with: the MinIO
    # user minio-init creates for them (not the root account).
    assert env["AWS_ACCESS_KEY_ID"] == dev["minio-init"]["environment"]["MINIO_APP_USER"]
    assert env["AWS_SECRET_ACCESS_KEY"] == dev["minio-init"]["environment"]["MINIO_APP_PASSWORD"]
    assert env["AWS_ACCESS_KEY_ID"] != dev["minio"]["environment"]["MINIO_ROOT_USER"]
    assert dev["neo4j"]["environment"]["NEO4J_AUTH"] == f"neo4j/{env['BRANDGEN_GRAPH_PASSWORD']}"
    rabbit = dev["rabbitmq"]["environment"]
    assert f"{rabbit['RABBITMQ_DEFAULT_USER']}:{rabbit['RABBITMQ_DEFAULT_PASS']}@" in env["BRANDGEN_BROKER_URL"]


def test_gpu_worker_reserves_a_gpu_and_cpu_profile_runs_procedural(dev: dict[str, Any]) -> None:
    gpu = dev["logo-gen-service"]
    devices = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [{"driver": "nvidia", "count": 1, "capabilities": ["gpu"]}]
    assert gpu["environment"]["BRANDGEN_LOGO_BACKEND"] == "sdxl"
    assert gpu["profiles"] == ["gpu"]
    cpu = dev["logo-gen-service-cpu"]
    assert cpu["environment"]["BRANDGEN_LOGO_BACKEND"] == "procedural"
    assert cpu["profiles"] == ["cpu"]
    assert "deploy" not in cpu


def test_startup_order_waits_for_health_and_one_shots(dev: dict[str, Any]) -> None:
    for name, service in dev.items():
        for dependency, rule in service.get("depends_on", {}).items():
            condition = rule["condition"]
            if dependency in ONE_SHOTS:
                assert condition == "service_completed_successfully", f"{name} -> {dependency}"
            else:
                assert condition == "service_healthy", f"{name} -> {dependency}"
                assert "healthcheck" in dev[dependency], f"{name} waits on {dependency}, which has no healthcheck"
    for worker in COMPOSE_WORKERS:
        assert set(dev[worker]["depends_on"]) == {"rabbitmq", "redis", "minio-init", "graph-seed"}
    assert "minio" in dev["minio-init"]["depends_on"]
    assert "neo4j" in dev["graph-seed"]["depends_on"]


def test_bucket_is_created_with_an_expiry_rule(dev: dict[str, Any]) -> None:
    init = dev["minio-init"]
    mounted = {target: Path(source) for source, target, _ in volume_mounts(init)}
    assert init["entrypoint"] == ["/bin/sh", "/usr/local/bin/minio-init.sh"]
    script = mounted["/usr/local/bin/minio-init.sh"].read_text()
    assert "mc mb --ignore-existing" in script
    assert "mc ilm rule add --expire-days" in script
    # ...and the services' own user, limited to the bucket (Kubernetes runs the same script).
    assert "mc admin policy attach local brandgen-app --user" in script
    assert mounted["/usr/local/bin/minio-init.sh"] == INFRA / "k8s/backing/minio-init.sh"


def test_rabbitmq_enables_management_and_prometheus_plugins(dev: dict[str, Any]) -> None:
    source = next(src for src, target, _ in volume_mounts(dev["rabbitmq"]) if target == "/etc/rabbitmq/enabled_plugins")
    plugins = Path(source).read_text()
    assert "rabbitmq_management" in plugins
    assert "rabbitmq_prometheus" in plugins


def test_prometheus_scrapes_every_compose_worker(dev: dict[str, Any]) -> None:
    config = load_yaml_docs(INFRA / "monitoring/prometheus/prometheus.yml")[0]
    discovered = {
        name: sd["port"]
        for job in config["scrape_configs"]
        for sd in job.get("dns_sd_configs", [])
        for name in sd["names"]
    }
    for worker in COMPOSE_WORKERS:
        assert discovered[worker] == 9100
    assert discovered["api-service"] == 8000


@pytest.mark.slow
def test_prod_refuses_to_start_without_secrets() -> None:
    args = [require_tool("docker-compose"), "--project-directory", str(REPO)]
    files = ["-f", str(REPO / "docker-compose.yml"), "-f", str(REPO / "docker-compose.prod.yml")]
    for missing in (
        "RABBITMQ_PASSWORD", "MINIO_ROOT_PASSWORD", "MINIO_APP_PASSWORD", "REDIS_PASSWORD", "NEO4J_PASSWORD",
        "BRANDGEN_VERSION", "BRANDGEN_S3_PUBLIC_URL", "ALERTMANAGER_SLACK_URL_FILE",
    ):  # fmt: skip
        env = {k: v for k, v in PROD_SECRETS.items() if k != missing}
        result = run_tool([*args, *files, "config"], env=clean_env(**env))
        assert result.returncode != 0
        assert f"set {missing}" in result.stderr


def test_prod_secrets_come_from_the_environment(prod: dict[str, Any]) -> None:
    env = prod["pdf-service"]["environment"]
    assert env["BRANDGEN_BROKER_URL"] == "amqp://brandgen:rabbit-secret@rabbitmq:5672/"
    # The services use their own least-privilege MinIO user, never the root account.
    assert env["AWS_SECRET_ACCESS_KEY"] == "minio-app-secret"
    assert env["AWS_ACCESS_KEY_ID"] != PROD_SECRETS["MINIO_ROOT_USER"]
    assert env["BRANDGEN_STATE_URL"] == "redis://:redis-secret@redis:6379/0"
    assert env["BRANDGEN_GRAPH_PASSWORD"] == "neo4j-secret"
    assert prod["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_PASS"] == "rabbit-secret"
    assert prod["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"] == "grafana-secret"
    rendered = yaml.safe_dump(prod)
    assert "brandgen-dev" not in rendered, "a development default password leaked into production"


def test_prod_restarts_limits_and_pins_every_image(prod: dict[str, Any]) -> None:
    pinned = re.compile(r":(v?\d+\.\d+\.\d+[\w.-]*|RELEASE\.[\w.-]+)$")
    for name, service in prod.items():
        assert pinned.search(service["image"]), f"{name} image {service['image']} is not pinned"
        if name in ONE_SHOTS:
            continue
        assert service["restart"] == "unless-stopped", name
        limits = service["deploy"]["resources"]["limits"]
        assert limits["cpus"], name
        assert limits["memory"], name


def test_prod_redis_persists_append_only(prod: dict[str, Any]) -> None:
    command = prod["redis"]["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert ("redis-data", "/data", False) in volume_mounts(prod["redis"])


def test_prod_mounts_no_source_code(prod: dict[str, Any]) -> None:
    for name, service in prod.items():
        for source, _, read_only in volume_mounts(service):
            if not source.startswith("/"):
                continue  # a named volume (data), not a host path
            if source == PROD_SECRETS["ALERTMANAGER_SLACK_URL_FILE"]:
                assert read_only, f"{name} mounts {source} writable"
                continue  # the operator's secret file, not source code
            assert source.startswith(str(INFRA)), f"{name} mounts {source}"
            assert read_only, f"{name} mounts {source} writable"
