"""`brandgen graph ...`: seed and inspect the Brand Knowledge Graph."""

from __future__ import annotations

import json

import typer

from brandgen.palette.bkg.dataset import load_dataset
from brandgen.palette.graph import open_graph
from brandgen.palette.settings import PaletteSettings

app = typer.Typer(help="Brand Knowledge Graph: seed it (idempotent) and show what it holds.", no_args_is_help=True)


@app.command()
def seed() -> None:
    """Load the packaged dataset into the graph at BRANDGEN_GRAPH_URI; safe to run again."""
    settings = PaletteSettings()
    dataset = load_dataset()
    graph = open_graph(settings, auto_seed=False)
    try:
        report = graph.repository.seed(dataset)
    finally:
        graph.close()
    typer.echo(f"seeded dataset {report.version} ({report.checksum}) into {settings.graph_uri}")
    typer.echo(json.dumps({"nodes": report.nodes, "relationships": report.relationships}, indent=2))
    if settings.graph_uri == "embedded":
        typer.echo("note: the embedded graph lives only as long as its process; workers seed it at startup.")


@app.command()
def stats() -> None:
    """Node and relationship counts, and the dataset version the graph was seeded with."""
    settings = PaletteSettings()
    graph = open_graph(settings)
    try:
        catalogue = graph.repository.catalogue()
        nodes, relationships = graph.repository.stats()
    finally:
        graph.close()
    typer.echo(
        json.dumps(
            {
                "version": catalogue.version,
                "checksum": catalogue.checksum,
                "nodes": nodes,
                "relationships": relationships,
            },
            indent=2,
        )
    )
