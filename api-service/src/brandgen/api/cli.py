"""`brandgen serve` and `brandgen keys`, registered in the `brandgen.commands` entry-point group."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from brandgen.api.app import create_app
from brandgen.api.services.keys import ApiKeyStore, api_key_store
from brandgen.api.settings import ApiSettings
from brandgen.shared.logs import configure_logging
from brandgen.shared.stage import discover_stages
from brandgen.shared.state import job_store_from_url

console = Console(stderr=True)
log = logging.getLogger("brandgen.api")

EMBEDDED_ROOT = Path(".brandgen")


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    embedded: Annotated[
        bool,
        typer.Option(
            help="Memory broker and state, files under ./.brandgen, every installed stage in this process, "
            "and NO authentication: for trying the API on a laptop."
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Uvicorn worker processes (not with --embedded).")] = 1,
) -> None:
    """Serve the HTTP API."""
    _exit_cleanly_after_graceful_shutdown()
    settings = ApiSettings()
    configure_logging(settings.log_level, json=settings.log_json)
    if embedded:
        settings = settings.model_copy(
            update={
                "broker_url": "memory://",
                "state_url": "memory://",
                "storage_url": f"file://{(EMBEDDED_ROOT / 'assets').resolve()}",
                "auth_enabled": False,
            }
        )
        stages = discover_stages()
        console.print(
            "[bold red]WARNING: embedded mode, authentication is OFF.[/bold red] Anyone who can reach "
            f"{host}:{port} can submit jobs. Use it on your own machine only."
        )
        console.print(f"stages in this process: {', '.join(stages) or 'none installed'}")
        uvicorn.run(create_app(settings, stages=stages, server_process=True), host=host, port=port, log_level="warning")
        return
    if workers > 1:
        uvicorn.run("brandgen.api.app:app", factory=True, host=host, port=port, workers=workers, log_level="warning")
    else:
        uvicorn.run(create_app(settings, server_process=True), host=host, port=port, log_level="warning")


def _exit_cleanly_after_graceful_shutdown() -> None:
    """uvicorn drains on SIGTERM/SIGINT, then re-raises the signal to the handler it found at
    start; with this one a drained server exits 0, as an orchestrator expects of a clean stop."""

    def exit_zero(signum: int, frame: object) -> None:
        raise SystemExit(0)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, exit_zero)


keys_app = typer.Typer(help="Create, list and revoke API keys (stored as hashes in Redis).", no_args_is_help=True)


def _store(settings: ApiSettings) -> ApiKeyStore:
    if settings.state_url.startswith("memory://"):
        console.print("[red]error:[/red] BRANDGEN_STATE_URL is memory://; keys must live in Redis to be shared")
        raise typer.Exit(2)
    return api_key_store(job_store_from_url(settings.state_url, prefix=settings.queue_prefix))


@keys_app.command("create")
def create_key(
    name: Annotated[str, typer.Option(help="Who the key is for.")],
    rate_limit: Annotated[int | None, typer.Option(min=1, help="Requests per minute (default: the API's).")] = None,
) -> None:
    """Create a key and print it once; only its hash is stored."""
    store = _store(ApiSettings())

    async def run() -> tuple[str, str, str | None]:
        key, record = await store.create(name, rate_limit_per_minute=rate_limit)
        return key, record.id, record.webhook_secret

    key, key_id, secret = asyncio.run(run())
    console.print(f"key id {key_id} ({name}); the key is shown once, keep it safe:")
    typer.echo(key)
    console.print(f"webhook signing secret: {secret}")


@keys_app.command("list")
def list_keys() -> None:
    """List keys (ids and names; the keys themselves are not stored)."""
    store = _store(ApiSettings())
    table = Table("id", "name", "created", "rate limit / min")
    for record in asyncio.run(store.list()):
        table.add_row(
            record.id,
            record.name,
            record.created_at.isoformat(timespec="seconds"),
            str(record.rate_limit_per_minute or "default"),
        )
    Console().print(table)


@keys_app.command("revoke")
def revoke_key(key_id: Annotated[str, typer.Argument(help="Key id from `brandgen keys list`.")]) -> None:
    """Revoke a key; API processes stop accepting it within BRANDGEN_KEY_CACHE_SECONDS."""
    store = _store(ApiSettings())
    if not asyncio.run(store.revoke(key_id)):
        console.print(f"[red]error:[/red] no key with id {key_id!r}")
        raise typer.Exit(1)
    console.print(f"revoked {key_id}")
