"""Writes a job's rationale in every requested language with the configured backend.

The template backend always works. The LLM backend is tried first when configured; if it fails
for any language, the whole rationale comes from templates (one voice across languages) and
`fallback_reason` says why. The job never fails because the LLM is down.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from brandgen.rationale.facts import BrandFacts
from brandgen.rationale.llm.writer import LlmUnavailable, OpenAiWriter
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.contracts import RationaleDocument

log = logging.getLogger(__name__)


@dataclass
class Written:
    backend: str
    model: str | None
    fallback_reason: str | None
    documents: dict[str, RationaleDocument]


async def write_documents(
    facts: BrandFacts, languages: list[str], templates: TemplateWriter, llm: OpenAiWriter | None
) -> Written:
    fallback_reason: str | None = None
    if llm is not None:
        try:
            documents = await asyncio.gather(*(llm.write(facts, language) for language in languages))
        except LlmUnavailable as error:
            fallback_reason = f"openai backend ({llm.model}) failed, template used instead: {error}"
            log.warning("rationale LLM fallback: %s", error)
        else:
            return Written("openai", llm.model, None, dict(zip(languages, documents, strict=True)))
    # Rendering all seven languages takes a few milliseconds: no thread needed.
    return Written("template", None, fallback_reason, {lang: templates.write(facts, lang) for lang in languages})
