"""Types and the live-API handle shared by the browser tests (importable: conftest puts this folder on
sys.path, which pytest's importlib mode does not do for test modules)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page

from brandgen.api.services.gateway import Gateway

Screenshot = Callable[[Page, str], Path]
AxeCheck = Callable[[Page], list[dict[str, Any]]]
SaveKey = Callable[[Page, str], None]


@dataclass
class LiveApi:
    url: str
    gateway: Gateway

    def create_key(self, name: str) -> str:
        # The memory key store is a dict behind async methods; its coroutine runs on a thread of its
        # own because Playwright's sync API keeps an event loop running on this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            key, _record = pool.submit(asyncio.run, self.gateway.keys.create(name)).result()
        return str(key)

    def client(self, key: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-API-Key": key}, timeout=10)
