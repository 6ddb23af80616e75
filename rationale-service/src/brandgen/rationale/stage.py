"""The rationale stage: explains the logo, palette and fonts of a job in the requested languages."""

from __future__ import annotations

from typing import Any

from brandgen.rationale.facts import gather_facts
from brandgen.rationale.llm.writer import OpenAiWriter, make_client
from brandgen.rationale.markdown import document_markdown
from brandgen.rationale.settings import RationaleSettings
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.rationale.writing import write_documents
from brandgen.shared.contracts import LogoOutput, PaletteOutput, RationaleOutput
from brandgen.shared.settings import BrandgenSettings, settings_as
from brandgen.shared.stage import Stage, StageContext

TEMPLATES = "rationale.templates"
LLM = "rationale.llm"


def _settings(settings: BrandgenSettings) -> RationaleSettings:
    return settings_as(RationaleSettings, settings)


async def startup(resources: dict[str, Any], settings: BrandgenSettings) -> None:
    own = _settings(settings)
    resources[TEMPLATES] = TemplateWriter.load()
    resources[LLM] = OpenAiWriter(make_client(own), own) if own.rationale_backend == "openai" else None


async def shutdown(resources: dict[str, Any], settings: BrandgenSettings) -> None:
    llm = resources.pop(LLM, None)
    if isinstance(llm, OpenAiWriter):
        await llm.client.close()


async def run(ctx: StageContext) -> RationaleOutput:
    palette = ctx.output("palette", PaletteOutput)
    logo = ctx.output_or_none("logo", LogoOutput)
    facts = gather_facts(ctx.request, palette, logo)
    templates: TemplateWriter = ctx.resources[TEMPLATES]
    llm: OpenAiWriter | None = ctx.resources.get(LLM)
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
    startup=startup,
    shutdown=shutdown,
    prefetch=8,
    settings=RationaleSettings,
    description="Explains why the logo, colours and fonts fit the brand, in the requested languages.",
)
