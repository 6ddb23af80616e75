"""Grafana: provisioning files parse, dashboards use the provisioned datasource, show what the
specification asks for, and every metric a panel queries is one the services really export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.deploy_checks import MONITORING, load_yaml_docs, promql_metric_names

GRAFANA = MONITORING / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))  # collapsed rows hold their panels
    return found


def queries(dashboard: dict[str, Any]) -> list[str]:
    return [target["expr"] for panel in panels(dashboard) for target in panel.get("targets", [])]


def all_queries() -> list[str]:
    return [expr for path in DASHBOARDS for expr in queries(load(path))]


def test_dashboards_parse_with_unique_uids_and_panel_ids() -> None:
    assert DASHBOARDS
    uids = [load(path)["uid"] for path in DASHBOARDS]
    assert len(uids) == len(set(uids))
    for path in DASHBOARDS:
        ids = [panel["id"] for panel in panels(load(path))]
        assert len(ids) == len(set(ids)), path.name


def test_panels_use_the_provisioned_datasource() -> None:
    provisioned = load_yaml_docs(GRAFANA / "provisioning/datasources/prometheus.yml")[0]["datasources"]
    uids = {source["uid"] for source in provisioned}
    for path in DASHBOARDS:
        for panel in panels(load(path)):
            if panel["type"] == "row":
                continue
            assert panel["datasource"]["uid"] in uids, f"{path.name}: {panel['title']}"
            assert panel["targets"], f"{path.name}: {panel['title']} has no query"


def test_dashboard_provider_points_where_compose_and_kubernetes_mount_them() -> None:
    provider = load_yaml_docs(GRAFANA / "provisioning/dashboards/brandgen.yml")[0]["providers"][0]
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"
    compose = (MONITORING.parents[1] / "docker-compose.yml").read_text()
    assert "./infrastructure/monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro" in compose


@pytest.mark.parametrize("expr", all_queries())
def test_every_panel_query_names_an_exported_metric(expr: str, exported_metric_names: set[str]) -> None:
    names = promql_metric_names(expr)
    assert names, f"no metric found in {expr!r}"
    unknown = names - exported_metric_names
    assert not unknown, f"{sorted(unknown)} in {expr!r} are not in the services' /metrics"


def test_dashboards_show_what_the_specification_asks_for() -> None:
    text = "\n".join(all_queries())
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}, sum by (le) (rate(brandgen_http_request_duration_seconds_bucket" in text
    required = {
        "brandgen_http_requests_total",  # throughput and error rate
        "brandgen_queue_depth",  # queue depth per stage
        "brandgen_stage_duration_seconds_bucket",  # processing time per stage
        "brandgen_job_duration_seconds_bucket",  # job completion time
        "brandgen_gpu_utilization_ratio",
        "brandgen_gpu_memory_used_bytes",
        "brandgen_gpu_memory_total_bytes",
    }
    used = set().union(*(promql_metric_names(expr) for expr in all_queries()))
    assert required <= used
    assert 'status=~"5.."' in text
