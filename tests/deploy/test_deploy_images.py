"""The Dockerfiles, read: what test_deploy_containers.py would otherwise only find by building and
running them (it is skipped where no container engine runs), and what keeps the builds fast."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.deploy.deploy_checks import INFRA, REPO

CPU_DOCKERFILES = [REPO / f"{s}/Dockerfile" for s in ("api-service", "logo-gen-service", "palette-service",
                                                        "rationale-service", "pdf-service")]  # fmt: skip
DRAWING = [REPO / f"{s}/Dockerfile" for s in ("logo-gen-service", "palette-service", "pdf-service")]
SHARED_LAYERS = 5  # ARG, FROM, python3 + user, the shared requirements, the venv with them


def instructions(path: Path) -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", "\n".join(line for line in path.read_text().splitlines()
                                             if not line.lstrip().startswith("#")))  # fmt: skip
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def font_layer(path: Path) -> str:
    return next(i for i in instructions(path) if i.startswith("RUN apt-get") and "fonts-open-sans" in i)


def test_images_run_brandgen_as_cmd_with_no_entrypoint() -> None:
    """compose `command:` and Kubernetes `args:` replace CMD; with an ENTRYPOINT they were appended
    to it (`brandgen worker palette brandgen graph seed`)."""
    for path in [*CPU_DOCKERFILES, REPO / "logo-gen-service/Dockerfile.gpu"]:
        steps = instructions(path)
        assert not [s for s in steps if s.startswith("ENTRYPOINT")], path
        cmd = json.loads(next(s for s in reversed(steps) if s.startswith("CMD")).removeprefix("CMD "))
        assert cmd[0] == "brandgen", path


def test_images_share_their_first_layers() -> None:
    """Identical first instructions are built once for every image (cold builds stay short)."""
    first = [instructions(path)[:SHARED_LAYERS] for path in CPU_DOCKERFILES]
    assert all(steps == first[0] for steps in first), "the CPU Dockerfiles' first layers differ"
    assert first[0][1].startswith("FROM ${BASE_IMAGE}")


def test_images_install_only_from_the_wheelhouse() -> None:
    for path in CPU_DOCKERFILES:
        for step in instructions(path):
            if "pip install" in step:
                assert "--no-index" in step, f"{path}: {step}"


def test_drawing_images_share_the_font_set_the_tests_use() -> None:
    """Logo, palette and PDF images install one font layer (a family name means the same thing in
    each), holding every font package system-deps.sh installs for the tests, Noto CJK aside (CFF,
    which the PDF cannot embed; the logo image adds it)."""
    layers = {font_layer(path) for path in DRAWING}
    assert len(layers) == 1, "the font layers of the logo, palette and PDF Dockerfiles differ"
    packages = set(layers.pop().split())
    script = (INFRA / "scripts/system-deps.sh").read_text()
    brand = re.search(r'BRAND_FONTS="([^"]+)"', script)
    assert brand is not None
    wanted = set(brand.group(1).split()) | set(re.findall(r"need\+=\((fonts-[\w-]+)\)", script))
    assert wanted - {"fonts-noto-cjk"} <= packages, sorted(wanted - packages - {"fonts-noto-cjk"})


def test_two_image_builds_of_one_checkout_take_turns() -> None:
    """Two builds at once (two test workers) remade the builder venv under each other: the second
    waits for the first. Each process below holds the build lock for 0.4 s and records when."""
    holder = (
        "import importlib.util, sys, time\n"
        f"spec = importlib.util.spec_from_file_location('build_images', {str(INFRA / 'scripts/build_images.py')!r})\n"
        "module = importlib.util.module_from_spec(spec); sys.modules['build_images'] = module\n"
        "spec.loader.exec_module(module)\n"
        "with module._one_build_at_a_time():\n"
        "    start = time.monotonic(); time.sleep(0.4); print(start, time.monotonic())\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    spans = sorted(tuple(map(float, run.communicate(timeout=30)[0].split())) for run in runs)
    assert all(run.returncode == 0 for run in runs)
    (_, first_end), (second_start, _) = spans
    assert second_start >= first_end  # never both inside at once
