"""Settings shared by every test in the repository (pytest loads this before any test module).

Markers follow the fixtures: a fixture declared with `@marks_users("rabbitmq", "redis")`
(brandgen.shared.testkit) marks every test whose fixtures include it, so selecting by marker
(`make test-fast` runs `-m "not rabbitmq and not redis and not slow"`) leaves out every test that
needs the real backends, however indirectly.

Hypothesis draws fresh examples on every run on a laptop, which is how properties find new bugs;
in CI (`CI` set, as CI services and `.ci/run` do) it runs derandomized, so a CI run cannot fail
on a draw no one can reproduce. A failure found locally is added to the test as an `@example`.
`HYPOTHESIS_PROFILE=ci|dev` picks a profile explicitly.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from brandgen.shared.testkit import MARKERS_ATTRIBUTE

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        # pytest's record of the fixtures a test uses, the ones they use included (private, but
        # stable since pytest 3); the last definition of a name is the one that applies here.
        closure = getattr(item, "_fixtureinfo", None)
        if closure is None:
            continue
        for definitions in closure.name2fixturedefs.values():
            for marker in getattr(definitions[-1].func, MARKERS_ATTRIBUTE, ()):
                item.add_marker(marker)
