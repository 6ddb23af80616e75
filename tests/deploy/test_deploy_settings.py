"""Every BRANDGEN_* variable the deployment files set is one the code reads, and every setting a
fleet process needs is set by each deployment file for each process that reads it.

The code's side comes from the settings classes themselves (every BrandgenSettings subclass and
its fields), so a renamed field fails here before a container starts with its setting ignored
(BRANDGEN_NEO4J_PASSWORD was set for months while the code read BRANDGEN_GRAPH_PASSWORD).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
import yaml
from pydantic.fields import FieldInfo

from brandgen.shared.settings import BrandgenSettings
from tests.deploy.deploy_checks import INFRA, K8S, REPO, clean_env, load_yaml_docs, require_tool, run_tool

# Each module that defines a service's settings: importing them registers every subclass.
SETTINGS_MODULES = [
    "brandgen.api.settings",
    "brandgen.logo.settings",
    "brandgen.palette.settings",
    "brandgen.rationale.settings",
    "brandgen.pdf.settings",
]
PREFIX = "BRANDGEN_"
# Defaults that serve one process on a laptop; a fleet process must be told where the shared one is.
LOCAL_DEFAULTS = ("memory://", "file://", "embedded")
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
OUR_IMAGES = {"api-service", "logo-gen-service", "logo-gen-service-gpu", "palette-service", "rationale-service",
              "pdf-service"}  # fmt: skip


@cache
def settings_classes() -> tuple[type[BrandgenSettings], ...]:
    import importlib

    for module in SETTINGS_MODULES:
        importlib.import_module(module)
    found: list[type[BrandgenSettings]] = [BrandgenSettings]
    for cls in found:
        found.extend(sub for sub in cls.__subclasses__() if sub not in found and sub.__module__.startswith("brandgen."))
    return tuple(found)


def env_name(name: str, info: FieldInfo) -> str:
    alias = info.validation_alias or info.alias
    return str(alias).upper() if isinstance(alias, str) else f"{PREFIX}{name.upper()}"


def variables_read(cls: type[BrandgenSettings]) -> set[str]:
    return {env_name(name, info) for name, info in cls.model_fields.items()}


def required_variables(cls: type[BrandgenSettings]) -> set[str]:
    """Fields without a default, and backends whose default lives inside the process."""
    required = set()
    for name, info in cls.model_fields.items():
        default = info.get_default(call_default_factory=True)
        if info.is_required() or (isinstance(default, str) and default.startswith(LOCAL_DEFAULTS)):
            required.add(env_name(name, info))
    return required


def settings_of(argv: list[str]) -> type[BrandgenSettings]:
    """The settings class a `brandgen` command reads."""
    from brandgen.api.settings import ApiSettings
    from brandgen.palette.settings import PaletteSettings
    from brandgen.shared.stage import discover_stages

    if argv[:2] == ["brandgen", "serve"]:
        return ApiSettings
    if argv[:2] == ["brandgen", "worker"]:
        return discover_stages()[argv[2]].settings
    if argv[:3] == ["brandgen", "graph", "seed"]:
        return PaletteSettings
    raise AssertionError(f"{argv}: teach this test which settings class that command reads")


def image_cmd(repository: str) -> list[str]:
    """The CMD of the Dockerfile that builds `repository` (what runs when nothing overrides it)."""
    service = repository.removesuffix("-gpu")
    dockerfile = REPO / service / ("Dockerfile.gpu" if repository.endswith("-gpu") else "Dockerfile")
    commands = re.findall(r"^CMD (\[.*\])$", dockerfile.read_text(), re.MULTILINE)
    cmd: list[str] = json.loads(commands[-1])
    return cmd


# --- what the deployment files set, per process ------------------------------------------------------


def repository_of(image: str) -> str:
    return image.rsplit("/", 1)[-1].rsplit(":", 1)[0]


def compose_processes(*files: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Compose service -> (argv, environment) for every service running one of our images. Required
    variables (`${NAME:?...}`) get a placeholder so the production overlay renders too."""
    text = "".join((REPO / name).read_text() for name in files)
    placeholders = {  # a path fits every required value (file mounts too); a version must look like one
        name: "1.0.0" if name.endswith("VERSION") else f"/placeholder/{name.lower()}"
        for name in re.findall(r"\$\{(\w+):\?", text)
    }
    args = [require_tool("docker-compose"), "--project-directory", str(REPO)]
    for name in files:
        args += ["-f", str(REPO / name)]
    result = run_tool([*args, "--profile", "cpu", "--profile", "gpu", "config"], env=clean_env(**placeholders))
    assert result.returncode == 0, result.stderr
    processes = {}
    for name, service in yaml.safe_load(result.stdout)["services"].items():
        repository = repository_of(service.get("image", ""))
        if repository not in OUR_IMAGES:
            continue
        argv = service.get("command") or image_cmd(repository)
        env = {k: str(v) for k, v in (service.get("environment") or {}).items() if v is not None}
        processes[name] = (list(argv), env)
    return processes


def kubernetes_processes() -> dict[str, tuple[list[str], dict[str, str]]]:
    """Workload/container -> (argv, environment) for every container of ours in the kustomized fleet;
    the Secrets are the template's (deploy-k8s.sh creates the same keys)."""
    result = run_tool([require_tool("kubectl"), "kustomize", str(K8S)])
    assert result.returncode == 0, result.stderr
    rendered = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    sources = {("configMapRef", d["metadata"]["name"]): d.get("data", {}) for d in rendered if d["kind"] == "ConfigMap"}
    for doc in load_yaml_docs(K8S / "config/secrets.template.yaml"):
        sources[("secretRef", doc["metadata"]["name"])] = doc["stringData"]
    processes = {}
    for doc in rendered:
        template = doc.get("spec", {}).get("template", {}).get("spec") or {}
        for container in [*template.get("initContainers", []), *template.get("containers", [])]:
            repository = repository_of(container["image"])
            if repository not in OUR_IMAGES:
                continue
            env: dict[str, str] = {}
            for source in container.get("envFrom", []):
                ((kind, ref),) = source.items()
                env.update({k: str(v) for k, v in sources[(kind, ref["name"])].items()})
            env.update(
                {item["name"]: str(item.get("value", "<from a reference>")) for item in container.get("env", [])}
            )
            argv = [*(container.get("command") or []), *(container.get("args") or [])] or image_cmd(repository)
            processes[f"{doc['kind']}/{doc['metadata']['name']}/{container['name']}"] = (argv, env)
    return processes


def deploy_script_secret_keys() -> set[str]:
    """BRANDGEN_* keys infrastructure/scripts/deploy-k8s.sh puts into the Secrets it creates."""
    script = (INFRA / "scripts/deploy-k8s.sh").read_text()
    return set(re.findall(r"--from-literal=(BRANDGEN_\w+)=", script))


DEPLOYMENTS = {
    "docker-compose.yml": lambda: compose_processes("docker-compose.yml"),
    "docker-compose.yml + docker-compose.prod.yml": lambda: compose_processes(
        "docker-compose.yml", "docker-compose.prod.yml"
    ),
    "infrastructure/k8s": kubernetes_processes,
}


@pytest.fixture(scope="module", params=list(DEPLOYMENTS))
def deployment(request: pytest.FixtureRequest) -> tuple[str, dict[str, tuple[list[str], dict[str, str]]]]:
    processes = DEPLOYMENTS[request.param]()
    assert processes, f"{request.param}: no container of ours found"
    return request.param, processes


def test_every_brandgen_variable_set_is_read_by_a_settings_class(deployment: tuple[str, Any]) -> None:
    name, processes = deployment
    known = set().union(*(variables_read(cls) for cls in settings_classes()))
    unread = sorted(
        f"{process}: {variable}"
        for process, (_, env) in processes.items()
        for variable in env
        if variable.upper().startswith(PREFIX) and variable.upper() not in known
    )
    assert not unread, f"{name} sets variables no settings class reads:\n" + "\n".join(unread)


def test_every_required_setting_is_set_for_each_process(deployment: tuple[str, Any]) -> None:
    name, processes = deployment
    missing = []
    for process, (argv, env) in processes.items():
        cls = settings_of(argv)
        given = {key.upper() for key in env}
        missing += [f"{process} ({cls.__name__}): {v}" for v in sorted(required_variables(cls) - given)]
        graph_uri = env.get("BRANDGEN_GRAPH_URI", "")
        if "BRANDGEN_GRAPH_URI" in variables_read(cls) and graph_uri.split("://")[0] in NEO4J_SCHEMES:
            has_credentials = "@" in graph_uri
            missing += [f"{process}: {v} (Neo4j refuses unauthenticated clients)"
                        for v in ("BRANDGEN_GRAPH_USER", "BRANDGEN_GRAPH_PASSWORD")
                        if v not in given and not has_credentials]  # fmt: skip
    assert not missing, f"{name} leaves settings the code needs unset:\n" + "\n".join(missing)


def test_deploy_script_creates_only_variables_the_code_reads() -> None:
    known = set().union(*(variables_read(cls) for cls in settings_classes()))
    keys = deploy_script_secret_keys()
    assert keys, "deploy-k8s.sh creates no BRANDGEN_* secret keys"
    assert keys <= known, f"deploy-k8s.sh sets variables no settings class reads: {sorted(keys - known)}"


def test_the_check_sees_every_service_settings_class() -> None:
    names = {cls.__name__ for cls in settings_classes()}
    expected = {"BrandgenSettings", "ApiSettings", "LogoSettings", "PaletteSettings", "RationaleSettings",
                "PdfSettings"}  # fmt: skip
    assert expected <= names
    palette = next(cls for cls in settings_classes() if cls.__name__ == "PaletteSettings")
    assert {"BRANDGEN_GRAPH_URI", "BRANDGEN_GRAPH_PASSWORD"} <= variables_read(palette)
    assert "BRANDGEN_GRAPH_URI" in required_variables(palette)  # its default is "embedded"
