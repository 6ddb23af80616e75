"""Alerts reach someone: every alert has a runbook and promtool cases where it fires and where it
stays quiet, Prometheus sends to an Alertmanager that compose and Kubernetes both run, and that
Alertmanager's configuration passes amtool with a receiver the docs explain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.deploy.deploy_checks import (
    INFRA,
    MONITORING,
    REPO,
    Manifest,
    compose_services,
    find,
    load_yaml_docs,
    require_tool,
    run_tool,
)

RULES = MONITORING / "prometheus/rules/brandgen-alerts.yml"
RULE_TESTS = Path(__file__).resolve().parent / "prometheus/brandgen-alerts.test.yml"
ALERTMANAGER = MONITORING / "alertmanager/alertmanager.yml"


def alerts() -> list[dict[str, Any]]:
    return [rule for group in load_yaml_docs(RULES)[0]["groups"] for rule in group["rules"] if "alert" in rule]


def test_every_alert_links_its_runbook_and_the_page_exists() -> None:
    for rule in alerts():
        url = rule.get("annotations", {}).get("runbook_url")
        assert url == f"docs/runbooks/{rule['alert']}.md", f"{rule['alert']} has runbook_url {url!r}"
        page = REPO / url
        assert page.is_file(), f"{rule['alert']}: {url} does not exist"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# {rule['alert']}"), f"{url} must start with the alert's name"


def test_every_alert_has_a_case_where_it_fires_and_one_where_it_stays_quiet() -> None:
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in load_yaml_docs(RULE_TESTS)[0]["tests"]:
        for check in case.get("alert_rule_test", []):
            (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alerts()}
    assert names - firing == set(), "alerts never shown firing"
    assert names - quiet == set(), "alerts never shown staying quiet"


def test_operational_alerts_exist() -> None:
    names = {rule["alert"] for rule in alerts()}
    assert {
        "BrandgenWorkerDown", "BrandgenWorkerRestarting", "BrandgenDeadLetters", "BrandgenJobFailureRate",
        "BrandgenQueueMessagesOld", "BrandgenJobSLOBurnRateFast", "BrandgenJobSLOBurnRateSlow",
    } <= names  # fmt: skip


def test_alertmanager_config_passes_amtool() -> None:
    result = run_tool([require_tool("amtool"), "check-config", str(ALERTMANAGER)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_alertmanager_routes_to_a_documented_receiver() -> None:
    config = load_yaml_docs(ALERTMANAGER)[0]
    receivers = {receiver["name"]: receiver for receiver in config["receivers"]}
    default = config["route"]["receiver"]
    assert default in receivers
    for route in config["route"].get("routes", []):
        assert route["receiver"] in receivers
    # The receiver's address is a secret read from a file, never written in the config.
    slack = receivers[default]["slack_configs"][0]
    assert slack["api_url_file"].startswith("/etc/alertmanager/secrets/")
    assert "api_url" not in slack
    docs = (REPO / "docs/runbooks/README.md").read_text(encoding="utf-8")
    assert default in docs, "docs/runbooks/README.md must explain the receiver"
    assert "ALERTMANAGER_SLACK_URL" in docs


def test_prometheus_sends_alerts_to_alertmanager() -> None:
    expected = {
        "prometheus.yml": "alertmanager:9093",
        "prometheus-k8s.yml": "alertmanager.brandgen.svc.cluster.local:9093",
    }
    for name, target in expected.items():
        config = load_yaml_docs(MONITORING / "prometheus" / name)[0]
        targets = [
            t
            for manager in config["alerting"]["alertmanagers"]
            for static in manager["static_configs"]
            for t in static["targets"]
        ]
        assert targets == [target], name


def test_compose_runs_alertmanager_with_the_config_and_the_receiver_secret() -> None:
    services = compose_services("docker-compose.yml")
    alertmanager = services["alertmanager"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in alertmanager["volumes"]}
    assert Path(mounts["/etc/alertmanager/alertmanager.yml"]) == ALERTMANAGER
    assert "/etc/alertmanager/secrets/slack-api-url" in mounts
    assert "alertmanager" in services["prometheus"]["depends_on"]


def test_kubernetes_runs_alertmanager(manifests: list[Manifest]) -> None:
    generated = {
        g["name"]: g["files"] for g in load_yaml_docs(MONITORING / "kustomization.yaml")[0]["configMapGenerator"]
    }
    assert generated["alertmanager-config"] == ["alertmanager/alertmanager.yml"]
    deployment = find(manifests, "Deployment", "alertmanager")
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["config"]["configMap"]["name"] == "alertmanager-config"
    assert volumes["receiver"]["secret"]["secretName"] == "alertmanager-receiver"
    mounts = {m["name"]: m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
    assert mounts["receiver"] == "/etc/alertmanager/secrets"
    assert find(manifests, "Service", "alertmanager")["spec"]["ports"][0]["port"] == 9093
    script = (INFRA / "scripts/deploy-k8s.sh").read_text()
    assert "alertmanager-receiver" in script
    assert "ALERTMANAGER_SLACK_URL" in script
