"""Types and the live-API handle shared by the browser tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page

from brandgen.api.services.gateway import Gateway
from brandgen.shared.testkit import eventually_blocking

Screenshot = Callable[[Page, str], Path]
AxeCheck = Callable[[Page], list[dict[str, Any]]]
SaveKey = Callable[[Page, str], None]


@dataclass
class LiveApi:
    url: str
    gateway: Gateway
    paths: frozenset[str] = frozenset()
    """The app's route paths, e.g. to tell whether a route another change adds is there yet."""

    def create_key(self, name: str) -> str:
        # The memory key store is a dict behind async methods; its coroutine runs on a thread of its
        # own because Playwright's sync API keeps an event loop running on this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            key, _record = pool.submit(asyncio.run, self.gateway.keys.create(name)).result()
        return str(key)

    def client(self, key: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-API-Key": key}, timeout=10)

    def build_kit(self, key: str, body: dict[str, Any], timeout: float = 90) -> str:
        """Submits a kit through the API and waits until it has finished; its job id."""
        with self.client(key) as client:
            job_id = str(client.post("/v1/brand-kits", json=body).raise_for_status().json()["job_id"])
            eventually_blocking(
                lambda: client.get(f"/v1/jobs/{job_id}").json()["status"],
                lambda status: status in ("succeeded", "failed", "canceled"),
                timeout=timeout,
                interval=0.25,
                what=f"kit {job_id} finished",
            )
        return job_id


def remember_key(context: BrowserContext, key: str) -> None:
    """Puts the API key where the page keeps it, as if it had been saved before (faster than the form)."""
    # Runs on every document, about:blank (no storage) included.
    context.add_init_script(f"if (window.localStorage) localStorage.setItem('brandgen.apiKey', {json.dumps(key)})")
