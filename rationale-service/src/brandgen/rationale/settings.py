"""Settings of the rationale stage (`BRANDGEN_*` environment variables)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from brandgen.shared.settings import BrandgenSettings


class RationaleSettings(BrandgenSettings):
    rationale_backend: Literal["template", "openai"] = Field(
        default="template", description="template (offline, default) or openai (any OpenAI-compatible server)."
    )
    llm_base_url: str = Field(
        default="https://api.openai.com/v1",
        description="OpenAI-compatible endpoint: OpenAI, vLLM, Ollama (http://host:11434/v1), llama.cpp server.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name the server knows.")
    llm_api_key: SecretStr = Field(
        default=SecretStr("not-needed"), description="API key; local servers accept any value."
    )
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds one LLM request may take.")
    llm_retries: int = Field(
        default=2, ge=0, le=10, description="Client retries of a request on connection errors, 429 and 5xx."
    )
    llm_attempts: int = Field(
        default=3, ge=1, le=10, description="Answers asked for per language before malformed output gives up."
    )
    llm_response_format: Literal["json_schema", "json_object"] = Field(
        default="json_schema", description="json_schema (structured outputs) or json_object for older servers."
    )
    llm_temperature: float = Field(default=0.4, ge=0, le=2)
    llm_max_tokens: int = Field(default=2000, ge=200)
