"""Every metric a dashboard panel or an alert rule queries is in a live scrape of the running fleet."""

from __future__ import annotations

import json

import httpx
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.deploy.deploy_checks import MONITORING, promql_metric_names
from tests.fleet import Fleet
from tests.fleet_client import ApiClient

SAMPLE_SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_count", "_sum", "_created")}


def exported_names(exposition: str) -> set[str]:
    """Sample names the exposition serves, including those of labelled families with no child yet
    (declared with HELP/TYPE; their samples appear once the first label set is used)."""
    names: set[str] = set()
    for family in text_string_to_metric_families(exposition):
        names |= {sample.name for sample in family.samples}
        names |= {family.name + suffix for suffix in SAMPLE_SUFFIXES.get(family.type, ("",))}
    return names


def monitoring_queries() -> list[str]:
    dashboards = [
        target["expr"]
        for path in sorted((MONITORING / "grafana" / "dashboards").glob("*.json"))
        for panel in json.loads(path.read_text())["panels"]
        for inner in [panel, *panel.get("panels", [])]
        for target in inner.get("targets", [])
    ]
    alerts = [
        rule["expr"]
        for path in sorted((MONITORING / "prometheus" / "rules").glob("*.yml"))
        if not path.name.endswith("test.yml")
        for group in yaml.safe_load(path.read_text()).get("groups", [])
        for rule in group["rules"]
    ]
    return dashboards + alerts


async def test_dashboards_and_alerts_query_metrics_the_running_services_serve(fleet: Fleet, api: ApiClient) -> None:
    view = await api.wait(await api.submit("Metrics Scrape Co"))
    assert view["status"] == "succeeded"

    endpoints = [f"{fleet.api_url}/metrics"] + [
        f"http://127.0.0.1:{service.env['BRANDGEN_METRICS_PORT']}/metrics"
        for service in fleet.services.values()
        if "BRANDGEN_METRICS_PORT" in service.env
    ]
    assert len(endpoints) == 5, "the API and four workers"
    exported: set[str] = set()
    async with httpx.AsyncClient(timeout=10) as client:
        for url in endpoints:
            response = await client.get(url)
            assert response.status_code == 200, url
            exported |= exported_names(response.text)
    assert "brandgen_stage_duration_seconds_bucket" in exported

    wanted = set().union(*(promql_metric_names(expr) for expr in monitoring_queries()))
    # Prometheus itself makes `up` and scrape_*; RabbitMQ's plugin serves rabbitmq_*.
    ours = {name for name in wanted if name != "up" and not name.startswith(("rabbitmq_", "scrape_"))}
    assert ours, "the dashboards query the services' metrics"
    assert not ours - exported, f"queried but not served by the running services: {sorted(ours - exported)}"
