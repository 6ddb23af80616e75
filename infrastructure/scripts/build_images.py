#!/usr/bin/env python3
"""Build the Brand Generator images with docker or podman, whichever can run containers here.

    make images                                   # every CPU image
    python3 infrastructure/scripts/build_images.py api-service pdf-service
    python3 infrastructure/scripts/build_images.py --gpu logo-gen-service-gpu   # needs a package index

Three steps, each reused when it is already done, so a rerun only rebuilds what changed:

1. The base image `debian:bookworm-slim`: present, pulled, or (when no registry can be reached)
   made locally with `debootstrap --variant=minbase bookworm` and imported.
2. The wheelhouse `.wheelhouse/`: `deps/` holds a wheel of every third-party dependency (rebuilt only
   when a pin changes), `local/` the project's own wheels (rebuilt every run, in seconds, and
   byte-identical when the code is unchanged). The Dockerfiles install from it with `--no-index`:
   nothing inside an image build reaches a package index. The wheels are built by Debian bookworm's
   /usr/bin/python3 (3.11), the interpreter the images install (BRANDGEN_WHEEL_PYTHON overrides).
3. One image per Dockerfile, tagged as docker-compose.yml names it:
   `${BRANDGEN_REGISTRY:-brandgen}/<service>:${BRANDGEN_VERSION:-dev}`.

Engine: BRANDGEN_CONTAINER_ENGINE=docker|podman, else docker when its daemon answers, else podman.
Podman runs with runc (crun fails on hybrid cgroups), fixed ulimits (a sandbox that cannot raise
limits refuses the defaults) and the host network (apt inside a build, local services in tests).
Standard library only.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSE = REPO / ".wheelhouse"
LOGS = REPO / "build" / "image-logs"
BASE_IMAGE = "debian:bookworm-slim"
LABEL = "io.brandgen.image"  # on every image built here, so superseded ones can be pruned
IMAGE_PYTHON = (3, 11)  # Debian bookworm's python3: the wheels' ABI must match it
HATCHLING = "hatchling==1.27.0"  # the build backend of every service (pyproject: hatchling>=1.25)
DEBIAN_MIRROR = os.environ.get("BRANDGEN_DEBIAN_MIRROR", "http://deb.debian.org/debian")

SERVICES = ["shared", "api-service", "logo-gen-service", "palette-service", "rationale-service", "pdf-service"]
# Image name (as docker-compose.yml tags it) -> Dockerfile. The GPU image builds only when asked.
IMAGES = {
    "api-service": "api-service/Dockerfile",
    "logo-gen-service": "logo-gen-service/Dockerfile",
    "palette-service": "palette-service/Dockerfile",
    "rationale-service": "rationale-service/Dockerfile",
    "pdf-service": "pdf-service/Dockerfile",
}
GPU_IMAGES = {"logo-gen-service-gpu": "logo-gen-service/Dockerfile.gpu"}


class BuildError(RuntimeError):
    pass


@dataclass(frozen=True)
class Engine:
    """How to call the container engine: `argv` starts every command, `flags` go on build and run."""

    name: str
    argv: tuple[str, ...]
    flags: tuple[str, ...]

    def __call__(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - the engine and its arguments are ours
            [*self.argv, *args], capture_output=True, text=True, timeout=timeout, check=False
        )

    def image_exists(self, tag: str) -> bool:
        return self("image", "inspect", tag, timeout=60).returncode == 0


def _docker_answers() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        probe = subprocess.run(["docker", "info"], capture_output=True, timeout=15, check=False)  # noqa: S607
    except subprocess.TimeoutExpired:
        return False
    return probe.returncode == 0


def podman_engine() -> Engine:
    argv = ("podman", "--runtime", "runc") if shutil.which("runc") else ("podman",)
    flags = ("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096", "--network", "host")
    return Engine("podman", argv, flags)


def detect_engine() -> Engine | None:
    """docker when its daemon answers, else podman when installed; None when neither can run here."""
    wanted = os.environ.get("BRANDGEN_CONTAINER_ENGINE", "")
    if wanted not in ("", "docker", "podman"):
        raise BuildError(f"BRANDGEN_CONTAINER_ENGINE={wanted!r}: use docker or podman")
    if wanted in ("", "docker") and _docker_answers():
        return Engine("docker", ("docker",), ("--network", "host"))
    if wanted in ("", "podman") and shutil.which("podman"):
        return podman_engine()
    return None


def image_tag(name: str) -> str:
    registry = os.environ.get("BRANDGEN_REGISTRY") or "brandgen"
    version = os.environ.get("BRANDGEN_VERSION") or "dev"
    return f"{registry}/{name}:{version}"


def _log(message: str) -> None:
    print(message, flush=True)


def _run(args: list[str], what: str, log: Path | None = None, cwd: Path | None = None) -> None:
    """Run a build step; on failure raise with the end of its output (the whole of it is in `log`)."""
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd)  # noqa: S603
    output = done.stdout + done.stderr
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(output)
    if done.returncode != 0:
        raise BuildError(f"{what} failed ({done.returncode}):\n{output[-4000:]}")


# --- 1. base image -----------------------------------------------------------------------------


def ensure_base_image(engine: Engine) -> None:
    if engine.image_exists(BASE_IMAGE):
        return
    pulled = engine("pull", f"docker.io/library/{BASE_IMAGE}", timeout=300)
    if pulled.returncode == 0:
        return
    _log(f"{BASE_IMAGE} cannot be pulled; making it with debootstrap")
    if not shutil.which("debootstrap") or os.geteuid() != 0:
        raise BuildError(
            f"{BASE_IMAGE} is not present and cannot be pulled ({pulled.stderr.strip()[-200:]}); "
            "making it needs root and debootstrap (make system-deps)"
        )
    with tempfile.TemporaryDirectory(prefix="brandgen-rootfs-", dir="/var/tmp") as tmp:
        root = Path(tmp) / "rootfs"
        _run(["debootstrap", "--variant=minbase", "bookworm", str(root), DEBIAN_MIRROR], "debootstrap")
        _slim_rootfs(root)
        tar = subprocess.Popen(["tar", "-C", str(root), "-c", "."], stdout=subprocess.PIPE)  # noqa: S603, S607
        imported = subprocess.run(  # noqa: S603
            [*engine.argv, "import", "--change", 'CMD ["bash"]', "-", f"docker.io/library/{BASE_IMAGE}"],
            stdin=tar.stdout,
            capture_output=True,
            text=True,
            check=False,
        )
        tar.wait()
        if imported.returncode != 0 or tar.returncode != 0:
            raise BuildError(f"importing the rootfs failed: {imported.stderr[-2000:]}")
    if engine.name == "podman":  # podman names an import localhost/...; FROM must find it by its short name
        engine("tag", f"docker.io/library/{BASE_IMAGE}", f"localhost/{BASE_IMAGE}")


def _slim_rootfs(root: Path) -> None:
    """Apt sources like the official image's (updates and security too), no package caches."""
    (root / "etc/apt/sources.list").unlink(missing_ok=True)
    (root / "etc/apt/sources.list.d/debian.sources").write_text(
        f"Types: deb\nURIs: {DEBIAN_MIRROR}\nSuites: bookworm bookworm-updates\nComponents: main\n"
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
        "Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\n"
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    )
    for cache in ("var/cache/apt/archives", "var/lib/apt/lists"):
        for entry in (root / cache).glob("*"):
            if entry.is_file():
                entry.unlink()


# --- 2. wheelhouse -----------------------------------------------------------------------------


def _project(service: str) -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((REPO / service / "pyproject.toml").read_text())["project"]
    return project


def project_closure(service: str) -> list[str]:
    """The service and every project distribution it needs (brandgen-logo needs brandgen-palette ...)."""
    by_name = {_project(s)["name"]: s for s in SERVICES}
    found: list[str] = []
    todo = [service]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo += [by_name[dep] for dep in _project(current).get("dependencies", []) if dep in by_name]
    return found


def third_party_requirements(service: str) -> list[str]:
    """Third-party requirements of the service and of the project distributions it needs."""
    return sorted(
        {dep for s in project_closure(service) for dep in _project(s).get("dependencies", [])
         if not dep.startswith("brandgen-")}
    )  # fmt: skip


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def wheel_python() -> str:
    """The interpreter that builds the wheels: Debian's python3, the one the images install, so
    environment markers on the full version (`python_full_version < "3.11.3"`) pick the same wheels."""
    return os.environ.get("BRANDGEN_WHEEL_PYTHON") or "/usr/bin/python3"


def _builder() -> Path:
    """A small venv of the wheel Python with hatchling, the build backend of every service."""
    builder = WHEELHOUSE / "builder"
    python = wheel_python()
    probe = "import sys; print('.'.join(map(str, sys.version_info[:3])))"
    version = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)  # noqa: S603
    wanted = ".".join(map(str, IMAGE_PYTHON))
    if version.returncode != 0 or not version.stdout.startswith(f"{wanted}."):
        found = version.stdout.strip() or version.stderr.strip()
        raise BuildError(f"the wheels must be built by a Python {wanted} like the images' (Debian bookworm's "
                         f"python3), not {python} ({found}); set BRANDGEN_WHEEL_PYTHON")  # fmt: skip
    ready = builder / ".ready"
    if not ready.is_file() or ready.read_text() != version.stdout:
        _make_venv(python, builder)
        _run([str(builder / "bin/pip"), "install", "-q", HATCHLING], "installing hatchling", LOGS / "builder.log")
        ready.write_text(version.stdout)
    return builder


def _make_venv(python: str, builder: Path) -> None:
    """A fresh venv with pip. Its pip comes from ensurepip, run on its own so that a failure shows
    pip's own output (venv reports only the exit status); once in a while it failed in CI while the
    other pytest worker was busy and passed on the next try, so a failure is retried once."""
    for attempt in (1, 2):
        shutil.rmtree(builder, ignore_errors=True)
        _run([python, "-m", "venv", "--without-pip", str(builder)], f"a venv of {python} (python3-venv)")
        try:
            ensurepip = [str(builder / "bin/python3"), "-m", "ensurepip", "--upgrade", "--default-pip"]
            _run(ensurepip, "ensurepip in the builder venv", LOGS / "builder-ensurepip.log")
            return
        except BuildError as error:
            if attempt == 2:
                raise
            print(f"retrying once: {error}", file=sys.stderr)


def build_wheelhouse() -> None:
    """deps/: third-party wheels + one requirements file per service; local/: the project's wheels."""
    builder = _builder()
    deps = WHEELHOUSE / "deps"
    per_service = {s: third_party_requirements(s) for s in SERVICES}
    everything = sorted({dep for deps_of in per_service.values() for dep in deps_of})
    stamp = hashlib.sha256("\n".join([(builder / ".ready").read_text(), *everything]).encode()).hexdigest()
    if (deps / ".stamp").is_file() and (deps / ".stamp").read_text() == stamp:
        _log("wheelhouse: third-party wheels up to date")
    else:
        started = time.monotonic()
        shutil.rmtree(deps, ignore_errors=True)
        deps.mkdir(parents=True)
        (deps / "all.txt").write_text("\n".join(everything) + "\n")
        _run([str(builder / "bin/pip"), "wheel", "-q", "-w", str(deps), "-r", str(deps / "all.txt")],
             "pip wheel (third-party)", LOGS / "wheelhouse-deps.log")  # fmt: skip
        (deps / ".stamp").write_text(stamp)
        _log(f"wheelhouse: third-party wheels built in {time.monotonic() - started:.0f} s")
    # An image layer copies its requirements file before installing from the bind-mounted wheelhouse:
    # a changed file (a pin of that service changed) is what tells the engine to rebuild that layer.
    for service, requirements in per_service.items():
        _write_if_changed(deps / "requirements" / f"{service}.txt", "\n".join(requirements) + "\n")
    wheels = _build_local_wheels(builder)
    local = WHEELHOUSE / "local"
    for service in SERVICES:  # the project wheels each image installs, by path inside the build and hash
        names = sorted(wheels[_project(s)["name"]] for s in project_closure(service))
        lines = [f"/wheels/local/{n} --hash=sha256:{hashlib.sha256((local / n).read_bytes()).hexdigest()}\n"
                 for n in names]  # fmt: skip
        _write_if_changed(local / f"{service}.txt", "".join(lines))


def _build_local_wheels(builder: Path) -> dict[str, str]:
    """The project's wheels, built by hatchling in the builder venv (no isolated env per build)."""
    local = WHEELHOUSE / "local"
    WHEELHOUSE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WHEELHOUSE) as tmp:
        for service in SERVICES:
            _run([str(builder / "bin/python"), "-m", "hatchling", "build", "-t", "wheel", "-d", tmp],
                 f"building the {service} wheel", cwd=REPO / service)  # fmt: skip
        fresh = {wheel.name: wheel.read_bytes() for wheel in Path(tmp).glob("*.whl")}
    local.mkdir(parents=True, exist_ok=True)
    for stale in local.glob("*.whl"):
        if stale.name not in fresh:
            stale.unlink()
    for name, data in fresh.items():  # rewrite only what changed: unchanged files keep the layer cache
        if not (local / name).is_file() or (local / name).read_bytes() != data:
            (local / name).write_bytes(data)
    _log(f"wheelhouse: {len(fresh)} project wheels")
    # distribution name -> wheel file name (brandgen-api -> brandgen_api-0.1.0-py3-none-any.whl)
    return {name.split("-")[0].replace("_", "-"): name for name in fresh}


# --- 3. images -----------------------------------------------------------------------------------


def build_image(engine: Engine, name: str, dockerfile: str) -> str:
    tag = image_tag(name)
    started = time.monotonic()
    label = f"{LABEL}={name}"
    _run([*engine.argv, "build", *engine.flags, "--label", label, "-f", str(REPO / dockerfile), "-t", tag, str(REPO)],
         f"building {tag} from {dockerfile}", LOGS / f"{name}.log")  # fmt: skip
    _log(f"{tag}: built in {time.monotonic() - started:.0f} s (log: {LOGS.relative_to(REPO)}/{name}.log)")
    return tag


# Build order: the API image first makes the layers every image shares (Python, shared wheels); the
# logo image then makes the font layer palette and PDF reuse. Images of one wave build in parallel,
# so apt and pip downloads of one overlap with the other's CPU work.
WAVES = [["api-service"], ["logo-gen-service", "rationale-service", "logo-gen-service-gpu"],
         ["palette-service", "pdf-service"]]  # fmt: skip


def build_waves(names: list[str]) -> list[list[str]]:
    waves = [[name for name in wave if name in names] for wave in WAVES]
    return [wave for wave in waves if wave]


def build_all(engine: Engine, names: list[str] | None = None) -> dict[str, str]:
    """Every image in `names` (default: the CPU images), built; returns name -> tag."""
    catalogue = {**IMAGES, **GPU_IMAGES}
    chosen = names or list(IMAGES)
    unknown = sorted(set(chosen) - set(catalogue))
    if unknown:
        raise BuildError(f"unknown image(s) {', '.join(unknown)}; known: {', '.join(catalogue)}")
    with _one_build_at_a_time():
        ensure_base_image(engine)
        build_wheelhouse()
        built: dict[str, str] = {}
        for wave in build_waves(chosen):  # the images of one wave build at the same time
            with ThreadPoolExecutor(max_workers=len(wave)) as pool:
                tags = list(pool.map(lambda name: build_image(engine, name, catalogue[name]), wave))
            built.update(zip(wave, tags, strict=True))
        # Images these builds superseded (untagged, labelled by us); the layer cache stays.
        engine("image", "prune", "--force", "--filter", f"label={LABEL}", timeout=300)
    return built


@contextmanager
def _one_build_at_a_time() -> Iterator[None]:
    """Builds of this checkout wait for each other: two at once (two test workers, or `make images`
    beside the tests) remade the same builder venv under each other (ensurepip's files vanished)."""
    WHEELHOUSE.mkdir(exist_ok=True)
    with (WHEELHOUSE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="*", help=f"default: {' '.join(IMAGES)}")
    parser.add_argument("--gpu", action="store_true", help="also build the GPU logo image")
    args = parser.parse_args()
    names = list(args.images) or [*IMAGES, *(GPU_IMAGES if args.gpu else {})]
    try:
        engine = detect_engine()
        if engine is None:
            raise BuildError("neither docker (with a running daemon) nor podman is available; "
                             "install podman and runc (make system-deps)")  # fmt: skip
        started = time.monotonic()
        built = build_all(engine, names)
    except BuildError as error:
        print(f"build_images: {error}", file=sys.stderr)
        return 1
    _log(f"{len(built)} image(s) built with {engine.name} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
