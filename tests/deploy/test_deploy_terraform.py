"""The AWS Terraform module, parsed with python-hcl2 (terraform itself cannot download providers
here): the cost controls and the pieces the Kubernetes manifests depend on are really provisioned."""

from __future__ import annotations

import pytest

from tests.deploy.deploy_checks import K8S, TERRAFORM, load_yaml_docs, terraform_blocks


def test_every_file_parses_and_declares_the_aws_provider() -> None:
    assert sorted(p.name for p in TERRAFORM.glob("*.tf")) == [
        "efs.tf", "eks.tf", "mq.tf", "outputs.tf", "s3.tf", "variables.tf", "versions.tf",
    ]  # fmt: skip
    resources = terraform_blocks("resource")
    assert {rtype.split("_", 1)[0] for rtype, _ in resources} == {"aws"}


def test_asset_bucket_expires_old_kits() -> None:
    lifecycle = terraform_blocks("resource")[("aws_s3_bucket_lifecycle_configuration", "assets")]
    (rule,) = lifecycle["rule"]
    assert rule["status"] == "Enabled"
    assert rule["expiration"] == [{"days": "${var.asset_expiry_days}"}]
    assert terraform_blocks("variable")[("variable", "asset_expiry_days")]["default"] == 30


def test_asset_bucket_is_private() -> None:
    block = terraform_blocks("resource")[("aws_s3_bucket_public_access_block", "assets")]
    assert all(block[key] is True for key in ("block_public_acls", "block_public_policy", "restrict_public_buckets"))


def test_queue_host_is_amazon_mq_rabbitmq_inside_the_vpc() -> None:
    broker = terraform_blocks("resource")[("aws_mq_broker", "rabbitmq")]
    assert broker["engine_type"] == "RabbitMQ"
    assert broker["publicly_accessible"] is False
    assert terraform_blocks("variable")[("variable", "broker_password")]["sensitive"] is True


@pytest.mark.slow
def test_gpu_pool_is_spot_by_default_and_can_empty() -> None:
    resources = terraform_blocks("resource")
    variables = terraform_blocks("variable")
    gpu = resources[("aws_eks_node_group", "gpu")]
    assert gpu["capacity_type"] == "${var.gpu_capacity_type}"
    assert variables[("variable", "gpu_capacity_type")]["default"] == "SPOT"
    assert variables[("variable", "gpu_min_size")]["default"] == 0
    assert "NVIDIA" in gpu["ami_type"]
    assert resources[("aws_eks_node_group", "general")]["capacity_type"] == "ON_DEMAND"


def test_gpu_pool_labels_and_taints_match_the_logo_worker() -> None:
    gpu = terraform_blocks("resource")[("aws_eks_node_group", "gpu")]
    logo = next(d for d in load_yaml_docs(K8S / "apps/logo-worker.yaml") if d["kind"] == "Deployment")
    pod = logo["spec"]["template"]["spec"]
    assert pod["nodeSelector"].items() <= gpu["labels"].items()
    taints = list(gpu["taint"]) + [block["taint"]["content"][0] for block in gpu["dynamic"]]
    tolerated = {t["key"] for t in pod["tolerations"] if t["effect"] == "NoSchedule"}
    assert {taint["key"] for taint in taints} <= tolerated
    assert all(taint["effect"] == "NO_SCHEDULE" for taint in taints)


def test_model_cache_file_system_backs_the_logo_workers_storage_class() -> None:
    resources = terraform_blocks("resource")
    assert ("aws_efs_file_system", "model_cache") in resources
    assert resources[("aws_eks_addon", "efs_csi")]["addon_name"] == "aws-efs-csi-driver"
    outputs = terraform_blocks("output")
    assert ("output", "model_cache_file_system_id") in outputs
    logo = load_yaml_docs(K8S / "apps/logo-worker.yaml")
    storage_class = next(d for d in logo if d["kind"] == "StorageClass")
    assert storage_class["provisioner"] == "efs.csi.aws.com"
    # deploy-k8s.sh replaces this placeholder with the output above.
    assert storage_class["parameters"]["fileSystemId"] == "MODEL_CACHE_FILE_SYSTEM_ID"
