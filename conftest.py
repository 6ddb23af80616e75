"""Settings shared by every test in the repository (pytest loads this before any test module).

Hypothesis draws fresh examples on every run on a laptop, which is how properties find new bugs;
in CI (`CI` set, as CI services and `.ci/run` do) it runs derandomized, so a CI run cannot fail
on a draw no one can reproduce. A failure found locally is added to the test as an `@example`.
`HYPOTHESIS_PROFILE=ci|dev` picks a profile explicitly.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
