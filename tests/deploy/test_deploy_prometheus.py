"""Prometheus: configs and rules pass promtool, the alerts behave (promtool unit tests), and every
metric the rules read is one the services export (or RabbitMQ's own plugin metrics)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.deploy_checks import MONITORING, load_yaml_docs, promql_metric_names, require_tool, run_tool

PROMETHEUS = MONITORING / "prometheus"
RULES = sorted((PROMETHEUS / "rules").glob("*.yml"))
RULE_TESTS = Path(__file__).resolve().parent / "prometheus/brandgen-alerts.test.yml"
# Metrics that come from Prometheus itself (scrape health) or RabbitMQ's prometheus plugin.
EXTERNAL = {"up"}
EXTERNAL_PREFIXES = ("rabbitmq_",)


@pytest.mark.parametrize("config", ["prometheus.yml", "prometheus-k8s.yml"])
def test_promtool_accepts_the_scrape_config(config: str) -> None:
    result = run_tool([require_tool("promtool"), "check", "config", str(PROMETHEUS / config)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_accepts_the_rules() -> None:
    result = run_tool([require_tool("promtool"), "check", "rules", *map(str, RULES)])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_alerts_behave_as_specified() -> None:
    result = run_tool([require_tool("promtool"), "test", "rules", str(RULE_TESTS)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_specified_alerts_exist() -> None:
    names = {rule["alert"] for path in RULES for group in load_yaml_docs(path)[0]["groups"] for rule in group["rules"]}
    required = {
        "BrandgenGPUWorkerDown", "BrandgenQueueBacklog", "BrandgenAPIErrorRate", "BrandgenJobLatencyHigh",
        "BrandgenGPUUnderutilised", "BrandgenGPUMemoryHigh", "RabbitMQMemoryHigh", "BrandgenDeadLetters",
    }  # fmt: skip
    assert required <= names


def test_alert_rules_read_only_exported_metrics(exported_metric_names: set[str]) -> None:
    for path in RULES:
        for group in load_yaml_docs(path)[0]["groups"]:
            for rule in group["rules"]:
                for name in promql_metric_names(rule["expr"]):
                    if name in EXTERNAL or name.startswith(EXTERNAL_PREFIXES):
                        continue
                    assert name in exported_metric_names, f"{rule['alert']} reads {name}, which no service exports"


@pytest.mark.parametrize("config", ["prometheus.yml", "prometheus-k8s.yml"])
def test_every_service_is_scraped(config: str) -> None:
    jobs = {job["job_name"] for job in load_yaml_docs(PROMETHEUS / config)[0]["scrape_configs"]}
    expected = {"api-service", "logo-gen-service", "palette-service", "rationale-service", "pdf-service", "rabbitmq"}
    assert expected <= jobs


def test_rabbitmq_is_scraped_per_queue() -> None:
    # Queue-labelled series (rabbitmq_queue_messages{queue=...}) only exist on the per-object endpoint.
    for config in ("prometheus.yml", "prometheus-k8s.yml"):
        jobs = {job["job_name"]: job for job in load_yaml_docs(PROMETHEUS / config)[0]["scrape_configs"]}
        assert jobs["rabbitmq"]["metrics_path"] == "/metrics/per-object"


def test_metric_name_extraction_reads_promql_correctly() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (stage, le) (rate(brandgen_stage_duration_seconds_bucket{stage=~"$stage"}'
        "[$__rate_interval]))) / on(stage) group_left max by (stage) (brandgen_queue_depth) > 100 "
        'and absent(up{job="x"} == 1)'
    )
    assert promql_metric_names(expr) == {"brandgen_stage_duration_seconds_bucket", "brandgen_queue_depth", "up"}
