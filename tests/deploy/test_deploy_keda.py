"""KEDA ScaledObjects and TriggerAuthentications against the CRD fields (schemas/), and the scaling
rules the fleet relies on: each worker scales on its own queue, counting unacknowledged messages."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonpatch
import jsonschema
import pytest
import yaml

from tests.deploy.deploy_checks import K8S, SCHEMAS, WORKER_STAGES, Manifest, find, load_yaml_docs


def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"keda-{kind.lower()}.schema.json").read_text())
    return loaded


def validate(doc: dict[str, Any]) -> None:
    jsonschema.validate(doc, schema(doc["kind"]), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_keda_objects_match_the_crd_fields(manifests: list[Manifest]) -> None:
    keda = [m for m in manifests if m.kind in {"ScaledObject", "TriggerAuthentication"}]
    assert {m.name for m in keda if m.kind == "ScaledObject"} == set(WORKER_STAGES)
    for manifest in keda:
        validate(manifest.doc)


def test_the_schema_rejects_misspelt_fields(manifests: list[Manifest]) -> None:
    scaled = copy.deepcopy(find(manifests, "ScaledObject", "palette-service"))
    scaled["spec"]["minReplicas"] = 1  # HPA spelling, not KEDA's minReplicaCount
    with pytest.raises(jsonschema.ValidationError):
        validate(scaled)
    scaled = copy.deepcopy(find(manifests, "ScaledObject", "palette-service"))
    scaled["spec"]["triggers"][0]["metadata"]["includeUnacked"] = "true"  # removed in KEDA 2
    with pytest.raises(jsonschema.ValidationError):
        validate(scaled)


@pytest.mark.parametrize(("name", "stage"), WORKER_STAGES.items())
def test_worker_scales_on_its_queue_including_in_flight_messages(
    manifests: list[Manifest], name: str, stage: str
) -> None:
    scaled = find(manifests, "ScaledObject", name)["spec"]
    assert scaled["scaleTargetRef"]["name"] == name
    find(manifests, "Deployment", name)  # the target exists
    (trigger,) = [t for t in scaled["triggers"] if t["type"] == "rabbitmq"]
    metadata = trigger["metadata"]
    assert metadata["queueName"] == f"brandgen.{stage}"
    assert metadata["mode"] == "QueueLength"
    # Only the management API (http) reports unacknowledged messages; AMQP sees ready ones only.
    assert metadata["protocol"] == "http"
    assert metadata["excludeUnacknowledged"] == "false"
    assert int(metadata["value"]) >= 1
    auth = find(manifests, "TriggerAuthentication", trigger["authenticationRef"]["name"])
    assert auth["spec"]["secretTargetRef"][0]["parameter"] == "host"
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"], "scale-to-zero must be opt-in"


def test_keda_reads_the_management_api_with_the_broker_credentials() -> None:
    backing = next(
        s for s in load_yaml_docs(K8S / "config/secrets.template.yaml") if "RABBITMQ_MANAGEMENT_URL" in s["stringData"]
    )
    url = backing["stringData"]["RABBITMQ_MANAGEMENT_URL"]
    assert url.startswith("http://")
    assert url.endswith(":15672/")
    assert f"{backing['stringData']['RABBITMQ_DEFAULT_USER']}:" in url


def test_gpu_scale_to_zero_component_patches_only_the_logo_worker(manifests: list[Manifest]) -> None:
    component = K8S / "components/gpu-scale-to-zero"
    (patch_entry,) = load_yaml_docs(component / "kustomization.yaml")[0]["patches"]
    assert patch_entry["target"]["kind"] == "ScaledObject"
    assert patch_entry["target"]["name"] == "logo-gen-service"
    # One YAML document holding a list of operations (not a manifest, as load_yaml_docs expects).
    operations: list[dict[str, Any]] = yaml.safe_load((component / patch_entry["path"]).read_text())
    patch = jsonpatch.JsonPatch(operations)
    patched = patch.apply(find(manifests, "ScaledObject", "logo-gen-service"))
    validate(patched)
    assert patched["spec"]["minReplicaCount"] == 0
    assert [t["type"] for t in patched["spec"]["triggers"]] == ["rabbitmq", "cron"]
    assert patched["spec"]["triggers"][0]["metadata"]["excludeUnacknowledged"] == "false"


def test_scale_to_zero_is_off_by_default() -> None:
    config = load_yaml_docs(K8S / "kustomization.yaml")[0]
    assert "components" not in config
