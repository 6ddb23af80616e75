"""Writes a job's rationale in every requested language with the configured backend.

The template backend always works. The LLM backend is tried first when configured; if it fails
for any language, the whole rationale comes from templates (one voice across languages) and
`fallback_reason` says why. The job never fails because the LLM is down.

`fallback_reason` is recorded on the job and reaches customers, so it says only what kind of
failure it was: the server's address, model and the error's own words go to the operator's log.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from brandgen.rationale.facts import BrandFacts
from brandgen.rationale.llm.writer import FailureKind, LlmUnavailable, OpenAiWriter
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.contracts import RationaleDocument

log = logging.getLogger(__name__)


FALLBACK_REASONS: dict[FailureKind, str] = {
    "timeout": "written from templates: the language model did not answer in time",
    "unreachable": "written from templates: the language model could not be reached",
    "error": "written from templates: the language model returned an error",
    "unusable": "written from templates: the language model's answers could not be used",
}
"""What a customer may read about a fallback: no address, model or configuration value."""


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
            fallback_reason = FALLBACK_REASONS[error.kind]
            log.warning("rationale LLM fallback (model %s): %s", llm.model, error)
        else:
            return Written("openai", llm.model, None, dict(zip(languages, documents, strict=True)))
    # Rendering all seven languages takes a few milliseconds: no thread needed.
    return Written("template", None, fallback_reason, {lang: templates.write(facts, lang) for lang in languages})
