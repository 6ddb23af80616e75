"""The JSON an LLM must answer with, as a pydantic model and as the schema sent to the server."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, model_validator

from brandgen.rationale.sections import SECTION_IDS
from brandgen.shared.contracts import RationaleSectionId


class LlmSection(BaseModel):
    id: RationaleSectionId
    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=40, max_length=8000)


class LlmRationale(BaseModel):
    sections: list[LlmSection]

    @model_validator(mode="after")
    def _all_sections_in_order(self) -> LlmRationale:
        ids = tuple(section.id for section in self.sections)
        if ids != SECTION_IDS:
            raise ValueError(f"sections must be exactly {list(SECTION_IDS)} in this order, got {list(ids)}")
        return self


def response_schema() -> dict[str, Any]:
    """Strict structured-output schema (every property required, no extras), as OpenAI requires."""
    section = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "enum": list(SECTION_IDS)},
            "title": {"type": "string"},
            "body": {"type": "string", "description": "Markdown paragraphs and lists; no headings."},
        },
        "required": ["id", "title", "body"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "sections": {
                "type": "array",
                "items": section,
                "minItems": len(SECTION_IDS),
                "maxItems": len(SECTION_IDS),
            }
        },
        "required": ["sections"],
        "additionalProperties": False,
    }
