"""The rationale stage: explains the logo, palette and fonts of a job in the requested languages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from brandgen.rationale.facts import gather_facts
from brandgen.rationale.llm.writer import OpenAiWriter, make_client
from brandgen.rationale.markdown import document_markdown
from brandgen.rationale.settings import RationaleSettings
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.rationale.writing import write_documents
from brandgen.shared.contracts import LogoOutput, PaletteOutput, RationaleOutput
from brandgen.shared.stage import Stage, StageContext


@dataclass(frozen=True)
class RationaleResources:
    templates: TemplateWriter
    llm: OpenAiWriter | None
    """The LLM writer when the backend is openai; the templates are the fallback either way."""


@asynccontextmanager
async def rationale_resources(settings: RationaleSettings) -> AsyncIterator[RationaleResources]:
    llm = OpenAiWriter(make_client(settings), settings) if settings.rationale_backend == "openai" else None
    try:
        yield RationaleResources(templates=TemplateWriter.load(), llm=llm)
    finally:
        if llm is not None:
            await llm.client.close()


async def run(ctx: StageContext[RationaleSettings, RationaleResources]) -> RationaleOutput:
    palette = ctx.output("palette", PaletteOutput)
    logo = ctx.output_or_none("logo", LogoOutput)
    facts = gather_facts(ctx.request, palette, logo)
    templates, llm = ctx.resources.templates, ctx.resources.llm
    languages = ctx.request.languages

    await ctx.progress(0.1, f"writing the rationale in {', '.join(languages)}")
    written = await write_documents(facts, languages, templates, llm)  # logs the failure's details
    if written.fallback_reason:
        ctx.log.warning("rationale fell back to templates: %s", written.fallback_reason)

    await ctx.progress(0.8, "storing the Markdown files")
    markdown: dict[str, str] = {}
    for language, document in written.documents.items():
        document.title = templates.title(facts, language)
        text = document_markdown(document, document.title)
        markdown[language] = await ctx.assets.put(f"rationale/rationale.{language}.md", text.encode("utf-8"))
    return RationaleOutput(
        backend=written.backend,  # type: ignore[arg-type]
        model=written.model,
        fallback_reason=written.fallback_reason,
        documents=written.documents,
        markdown=markdown,
    )


stage = Stage(
    name="rationale",
    run=run,
    order=30,
    settings=RationaleSettings,
    resources=rationale_resources,
    reads={"palette": PaletteOutput},
    may_read={"logo": LogoOutput},
    writes=RationaleOutput,
    prefetch=8,
    description="Explains why the logo, colours and fonts fit the brand, in the requested languages.",
)
