"""The LLM backend: any OpenAI-compatible chat server (OpenAI, vLLM, Ollama, llama.cpp server).

Transport trouble (connection refused, timeouts, 429/5xx) is retried by the `openai` client
itself (`max_retries`, exponential backoff). Answers that are not the JSON we asked for are
retried here, telling the model what was wrong. Whatever still fails raises `LlmUnavailable`,
which the stage turns into a template rationale with the reason recorded.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from brandgen.rationale.facts import BrandFacts
from brandgen.rationale.llm.prompt import facts_message, retry_message, system_message
from brandgen.rationale.llm.schema import LlmRationale, response_schema
from brandgen.rationale.settings import RationaleSettings
from brandgen.shared.contracts import RationaleDocument, RationaleSection

FailureKind = Literal["timeout", "unreachable", "error", "unusable"]


class LlmUnavailable(Exception):  # noqa: N818 - reads as a state: "the LLM is unavailable"
    """The LLM could not give a usable rationale.

    The message is for the operator's log (it may name the server, never its credentials);
    `kind` is all a customer-facing output may say about it.
    """

    def __init__(self, message: str, kind: FailureKind) -> None:
        super().__init__(message)
        self.kind = kind


class MalformedAnswer(ValueError):  # noqa: N818
    pass


def make_client(settings: RationaleSettings) -> AsyncOpenAI:
    return AsyncOpenAI(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value(),
        timeout=settings.llm_timeout,
        max_retries=settings.llm_retries,
    )


def parse_answer(content: str | None, facts: BrandFacts) -> LlmRationale:
    """Validate an answer: the JSON shape, then that it talks about this brand's actual colours."""
    if not content:
        raise MalformedAnswer("the answer was empty")
    try:
        answer = LlmRationale.model_validate_json(content)
    except ValidationError as error:
        raise MalformedAnswer(f"not the requested JSON: {error.errors(include_url=False)[:3]}") from error
    color = next(section for section in answer.sections if section.id == "color")
    if facts.primary.lower() not in color.body.lower():
        raise MalformedAnswer(f"the color section must name the primary colour {facts.primary}")
    return answer


class OpenAiWriter:
    def __init__(self, client: AsyncOpenAI, settings: RationaleSettings) -> None:
        self.client = client
        self.settings = settings

    @property
    def model(self) -> str:
        return str(self.settings.llm_model)

    def _response_format(self) -> dict[str, Any]:
        if self.settings.llm_response_format == "json_object":
            return {"type": "json_object"}
        return {
            "type": "json_schema",
            "json_schema": {"name": "brand_rationale", "strict": True, "schema": response_schema()},
        }

    async def write(self, facts: BrandFacts, language: str) -> RationaleDocument:
        messages: list[dict[str, str]] = [system_message(language), facts_message(facts)]
        problem = ""
        for _ in range(self.settings.llm_attempts):
            content: str | None = None
            try:
                content = await self._ask(messages)
                answer = parse_answer(content, facts)
            except MalformedAnswer as error:
                problem = str(error)
                messages = [*messages, {"role": "assistant", "content": content or ""}, retry_message(problem)]
                continue
            sections = [RationaleSection(id=s.id, title=s.title.strip(), body=s.body.strip()) for s in answer.sections]
            return RationaleDocument(language=language, sections=sections)
        raise LlmUnavailable(
            f"{self.settings.llm_attempts} answers in {language} were unusable; last: {problem}", "unusable"
        )

    async def _ask(self, messages: list[dict[str, str]]) -> str | None:
        try:
            completion: ChatCompletion = await self.client.chat.completions.create(  # type: ignore[call-overload]
                model=self.settings.llm_model,
                messages=messages,
                response_format=self._response_format(),
                temperature=self.settings.llm_temperature,
                max_tokens=self.settings.llm_max_tokens,
            )
        except openai.APITimeoutError as error:
            raise LlmUnavailable(f"the LLM did not answer within {self.settings.llm_timeout:g} s", "timeout") from error
        except openai.APIConnectionError as error:
            where = server_address(self.settings.llm_base_url)
            raise LlmUnavailable(f"the LLM at {where} is unreachable: {error}", "unreachable") from error
        except openai.APIStatusError as error:
            message = f"the LLM answered HTTP {error.status_code}: {_short(error.message)}"
            raise LlmUnavailable(message, "error") from error
        if not completion.choices:
            return None
        choice = completion.choices[0]
        if choice.finish_reason == "length":
            raise MalformedAnswer(f"the answer was cut off at {self.settings.llm_max_tokens} tokens; be shorter")
        content: str | None = choice.message.content
        return content


def server_address(url: str) -> str:
    """`url` as a log may show it: scheme, host and port, without credentials, path or query."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}:{parts.port}" if parts.port else f"{parts.scheme}://{host}"


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
