"""The shared test helpers: a wait that returns what it waited for and says why it gave up."""

from __future__ import annotations

import itertools
import socket
from pathlib import Path

import pytest

from brandgen.shared.testkit import (
    contrast_check,
    eventually,
    eventually_blocking,
    free_port,
    logo_output,
    palette_output,
    rationale_output,
)


async def test_eventually_returns_the_first_value_that_passes() -> None:
    reads = iter(range(10))

    async def read() -> int:
        return next(reads)

    assert await eventually(read, lambda value: value >= 3, interval=0) == 3


async def test_eventually_treats_an_error_as_not_yet() -> None:
    calls = 0

    def read() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise ConnectionRefusedError("still starting")
        return "up"

    assert await eventually(read, interval=0) == "up"


async def test_eventually_names_the_condition_the_last_value_and_the_last_error() -> None:
    def read() -> int:
        raise ValueError("broken probe")

    with pytest.raises(
        AssertionError, match=r"the probe not reached within 0\.1 s.*ValueError: broken probe"
    ) as failed:
        await eventually(read, timeout=0.1, interval=0.01, what="the probe")
    assert isinstance(failed.value.__cause__, ValueError)

    with pytest.raises(AssertionError, match=r"last value: \[1, 2\]"):
        await eventually(lambda: [1, 2], lambda seen: len(seen) == 3, timeout=0.05, interval=0.01)


def test_eventually_blocking_waits_and_fails_the_same_way() -> None:
    counts = itertools.count(1)
    assert eventually_blocking(lambda: next(counts), lambda n: n == 4, interval=0) == 4
    with pytest.raises(AssertionError, match=r"nothing not reached within 0\.05 s; last value: False"):
        eventually_blocking(lambda: False, timeout=0.05, interval=0.01, what="nothing")


def test_free_port_can_be_bound() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_free_port_is_outside_the_range_outgoing_connections_take() -> None:
    # A port from the ephemeral range can go to any client connection before the server binds it.
    low, high = (int(bound) for bound in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    ports = {free_port() for _ in range(50)}
    assert not {port for port in ports if low <= port <= high}
    assert len(ports) > 40  # spread out: two test workers rarely pick the same one


def test_fake_outputs_are_contract_valid_and_take_overrides() -> None:
    assert logo_output(chosen="c2").chosen == "c2"
    assert [c.id for c in logo_output().candidates] == ["c1", "c2", "c3"]
    assert palette_output(seed_color="#2e7d32").seed_color == "#2e7d32"
    assert set(rationale_output(languages=["en", "de"]).documents) == {"en", "de"}


def test_a_contrast_row_takes_its_verdicts_from_the_ratio_and_the_kind() -> None:
    text = contrast_check("light", "on_primary", "primary", "#ffffff", "#1a73e8", 4.52)
    assert (text.required, text.aa, text.aaa) == (4.5, True, False)
    ui = contrast_check("light", "accent", "surface", "#f59e0b", "#f8fafc", 2.04, kind="ui")
    assert (ui.required, ui.aa, ui.aaa) == (3.0, False, False)
    assert contrast_check("dark", "on_surface", "surface", "#e2e8f0", "#0f172a", 14.5).aaa
