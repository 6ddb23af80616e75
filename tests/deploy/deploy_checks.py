"""Helpers for the deployment checks: repository paths, YAML loading, a kustomize-style
resource walk, PromQL metric-name extraction and the metric names the services export.

Everything here runs without Docker, kubectl or a cluster: compose files go through Debian's
docker-compose (config only), Prometheus files through promtool, Kubernetes files through
kubernetes-validate and jsonschema.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infrastructure"
K8S = INFRA / "k8s"
MONITORING = INFRA / "monitoring"
SCHEMAS = Path(__file__).resolve().parent / "schemas"

WORKER_STAGES = {
    "logo-gen-service": "logo",
    "palette-service": "palette",
    "rationale-service": "rationale",
    "pdf-service": "pdf",
}
KEDA_KINDS = {"ScaledObject", "TriggerAuthentication"}


@dataclass(frozen=True)
class Manifest:
    path: Path
    doc: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.doc["kind"])

    @property
    def name(self) -> str:
        return str(self.doc["metadata"]["name"])


def load_yaml_docs(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def kustomization_file(directory: Path) -> Path:
    for name in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"no kustomization in {directory}")


def kustomize_references(directory: Path) -> Iterator[Path]:
    """Every path a kustomization (and the ones it includes) names, in the order kustomize reads them."""
    config = load_yaml_docs(kustomization_file(directory))[0]
    for entry in config.get("resources", []) + config.get("components", []):
        path = directory / entry
        yield path
        if path.is_dir():
            yield from kustomize_references(path)
    for generator in config.get("configMapGenerator", []) + config.get("secretGenerator", []):
        for item in generator.get("files", []):
            yield directory / item.split("=", 1)[-1]
        for item in generator.get("envs", []):
            yield directory / item
    for patch in config.get("patches", []):
        if "path" in patch:
            yield directory / patch["path"]


def kustomize_manifests(directory: Path) -> list[Manifest]:
    """The resources `kubectl apply -k directory` would create (before kustomize's own transforms)."""
    config = load_yaml_docs(kustomization_file(directory))[0]
    manifests: list[Manifest] = []
    for entry in config.get("resources", []):
        path = directory / entry
        if path.is_dir():
            manifests.extend(kustomize_manifests(path))
        else:
            manifests.extend(Manifest(path, doc) for doc in load_yaml_docs(path))
    return manifests


def find(manifests: list[Manifest], kind: str, name: str) -> dict[str, Any]:
    matches = [m.doc for m in manifests if m.kind == kind and m.name == name]
    assert len(matches) == 1, f"expected one {kind}/{name}, found {len(matches)}"
    return matches[0]


def require_tool(name: str) -> str:
    """Tools the suite needs are installed by `make system-deps`; a missing one is a failure, not a skip."""
    path = shutil.which(name)
    assert path, f"{name} is not installed; run `make system-deps`"
    return path


def run_tool(args: list[str], env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False)


def clean_env(**extra: str) -> dict[str, str]:
    """A minimal environment so the developer's own variables cannot change what compose resolves."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **extra}


# PromQL words that are not metric names.
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless",
    "inf", "nan", "le",
}  # fmt: skip


def promql_metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects: identifiers that are not functions, keywords,
    label names (inside braces or grouping clauses), strings, durations or Grafana variables."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values and other strings
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # range and subquery windows
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)  # label lists
    text = re.sub(r"\$\{?\w+\}?", " ", text)  # Grafana variables
    names: set[str] = set()
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?", text):
        word, call = match.group(1), match.group(2)
        if call or word.lower() in PROMQL_WORDS:
            continue
        names.add(word)
    return names


TERRAFORM = INFRA / "terraform/aws"


def _unquote(value: Any) -> Any:
    """python-hcl2 keeps HCL string quotes and adds block markers; strip both for plain comparisons."""
    if isinstance(value, dict):
        return {_unquote(k): _unquote(v) for k, v in value.items() if k not in {"__is_block__", "__comments__"}}
    if isinstance(value, list):
        return [_unquote(item) for item in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def terraform_blocks(kind: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every `resource` (or `variable`, `output`) block of the AWS module, keyed by (type, name)."""
    import hcl2

    blocks: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(TERRAFORM.glob("*.tf")):
        with path.open(encoding="utf-8") as handle:
            parsed = _unquote(hcl2.load(handle))
        for entry in parsed.get(kind, []):
            if kind == "resource":
                for rtype, named in entry.items():
                    for name, body in named.items():
                        blocks[(rtype, name)] = body
            else:
                for name, body in entry.items():
                    blocks[(kind, name)] = body
    return blocks


def compose_services(
    *files: str, env: dict[str, str] | None = None, profiles: tuple[str, ...] = ("cpu", "gpu")
) -> dict[str, Any]:
    """`docker-compose config` of `files` (repository-relative) as the services mapping."""
    args = [require_tool("docker-compose"), "--project-directory", str(REPO)]
    for name in files:
        args += ["-f", str(REPO / name)]
    for profile in profiles:
        args += ["--profile", profile]
    result = run_tool([*args, "config"], env=clean_env(**(env or {})))
    assert result.returncode == 0, result.stderr
    services: dict[str, Any] = yaml.safe_load(result.stdout)["services"]
    return services
