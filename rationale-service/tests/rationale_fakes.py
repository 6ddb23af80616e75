"""Test kit of the rationale tests.

Factories for the inputs of the rationale stage: a brand request and realistic outputs of the
logo and palette stages (values as those stages produce them: measured ratios, real font names)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from brandgen.rationale.settings import RationaleSettings
from brandgen.shared.contracts import (
    ColorAssociation,
    CvdCheck,
    FontChoice,
    FontPairing,
    FontUse,
    LockupFiles,
    LogoCandidate,
    LogoConcept,
    LogoOutput,
    PaletteOutput,
    PaletteRole,
)
from brandgen.shared.models import BrandRequest
from brandgen.shared.testkit import ThreadServer, contrast_check


def make_request(**overrides: Any) -> BrandRequest:
    fields: dict[str, Any] = {
        "company_name": "Acme Robotics",
        "industry": "technology",
        "style": "modern",
        "description": "Warehouse robots that work safely next to people.",
        "languages": ["en"],
    }
    fields.update(overrides)
    return BrandRequest(**fields)


def tech_palette() -> PaletteOutput:
    """A modern technology palette: blue primary, Inter + Source Serif 4."""
    roles: dict[PaletteRole, str] = {
        "primary": "#1a56db", "secondary": "#0e7490", "accent": "#f59e0b", "neutral": "#64748b",
        "neutral_variant": "#6b7280", "success": "#15803d", "warning": "#b45309", "error": "#b91c1c",
        "info": "#0369a1",
    }  # fmt: skip
    return PaletteOutput(
        seed_color="#1a56db",
        seed_source="graph",
        industry="technology",
        industry_match="exact",
        style="modern",
        moods=["innovation", "trust", "clarity"],
        roles=roles,
        scales={"primary": {"50": "#eff4ff", "500": "#1a56db", "950": "#0b1f4d"}},
        themes={
            "light": {"primary": "#1a56db", "on_primary": "#ffffff", "surface": "#f8fafc", "on_surface": "#0f172a"},
            "dark": {"primary": "#8fb1ff", "on_primary": "#0b1f4d", "surface": "#0f172a", "on_surface": "#e2e8f0"},
        },
        contrast=[
            contrast_check("light", "on_primary", "primary", "#ffffff", "#1a56db", 6.2351),
            contrast_check("light", "on_surface", "surface", "#0f172a", "#f8fafc", 17.0637),
            contrast_check("light", "on_accent", "accent", "#1f2937", "#f59e0b", 7.4012),
            contrast_check("dark", "on_primary", "primary", "#0b1f4d", "#8fb1ff", 7.9314),
            contrast_check("dark", "on_surface", "surface", "#e2e8f0", "#0f172a", 14.4835),
            contrast_check("light", "on_secondary", "secondary", "#ffffff", "#0e7490", 4.5389, repaired=True),
            contrast_check("light", "accent", "surface", "#f59e0b", "#f8fafc", 2.0416, kind="ui"),
        ],
        cvd=[
            CvdCheck(deficiency="protanopia", first="primary", second="secondary", delta_e=18.4, distinguishable=True),
            CvdCheck(deficiency="deuteranopia", first="success", second="error", delta_e=6.1, distinguishable=False),
        ],
        fonts=FontPairing(
            heading=FontChoice(family="Inter", licence="OFL-1.1", character="geometric", category="sans-serif"),
            body=FontChoice(family="Source Serif 4", licence="OFL-1.1", character="transitional", category="serif"),
            reason="A geometric sans for headings over a transitional serif keeps long reading comfortable.",
        ),
        associations=[
            ColorAssociation(
                family="blue", hex="#1a56db", meaning="trust", source="Labrecque & Milne 2012", weight=0.9
            ),
            ColorAssociation(family="teal", hex="#0e7490", meaning="innovation", source="reasoning", weight=0.6),
            ColorAssociation(family="orange", hex="#f59e0b", meaning="energy", source="reasoning", weight=0.4),
        ],
        notes=["The accent #f59e0b is too light for text on white; use it for shapes and icons only."],
        exports={"css": "palette/palette.css"},
    )


def light_brand_palette() -> PaletteOutput:
    """The tech palette seeded by a requested light blue that cannot carry text on white, for a style
    the graph does not know (matched to the nearest)."""
    palette = tech_palette().model_copy(deep=True)
    palette.seed_color = "#60a5fa"
    palette.seed_source = "requested"
    palette.style = "vintage"
    palette.style_match = "fuzzy"
    palette.themes["light"] |= {"brand": "#60a5fa", "background": "#ffffff"}
    palette.themes["dark"] |= {"brand": "#60a5fa", "background": "#0b1120"}
    palette.contrast += [
        contrast_check("light", "brand", "background", "#60a5fa", "#ffffff", 2.5391, kind="large_text"),
        contrast_check("light", "primary", "background", "#1a56db", "#ffffff", 6.2351),
        contrast_check("dark", "brand", "background", "#60a5fa", "#0b1120", 7.1213, kind="large_text"),
        contrast_check("dark", "primary", "background", "#8fb1ff", "#0b1120", 8.9012),
    ]
    palette.notes = [
        "The brand colour #60a5fa reaches 2.54:1 on the light background #ffffff, below 4.5:1 for text: keep it "
        "for the logo, large shapes and decoration; for text and text buttons use the accessible alternative "
        "#1a56db (6.24:1), the light theme's primary."
    ]
    return palette


def bakery_palette() -> PaletteOutput:
    """A playful food palette, seeded by the requested colour: terracotta, Fredoka + Nunito."""
    palette = tech_palette().model_copy(deep=True)
    palette.seed_color = "#c2410c"
    palette.seed_source = "requested"
    palette.industry = "food"
    palette.industry_match = "fuzzy"
    palette.style = "playful"
    palette.moods = ["warmth", "fun", "freshness"]
    palette.roles = {**palette.roles, "primary": "#c2410c", "secondary": "#65a30d", "accent": "#db2777",
                     "neutral": "#78716c"}  # fmt: skip
    palette.themes["light"]["primary"] = "#c2410c"
    palette.contrast = [
        contrast_check("light", "on_primary", "primary", "#ffffff", "#c2410c", 5.1837),
        contrast_check("light", "on_surface", "surface", "#1c1917", "#fafaf9", 16.9921),
        contrast_check("light", "on_secondary", "secondary", "#ffffff", "#65a30d", 3.1042, kind="large_text"),
        contrast_check("light", "on_accent", "accent", "#ffffff", "#db2777", 4.1295),
    ]
    palette.cvd = []
    palette.fonts = FontPairing(
        heading=FontChoice(family="Fredoka", licence="OFL-1.1", character="rounded", category="display"),
        body=FontChoice(family="Nunito", licence="OFL-1.1", character="rounded", category="sans-serif"),
        reason="Rounded shapes in both faces feel friendly; Nunito stays legible in small menu text.",
    )
    palette.associations = [
        ColorAssociation(family="orange", hex="#c2410c", meaning="warmth", source="reasoning", weight=0.8),
        ColorAssociation(family="green", hex="#65a30d", meaning="freshness", source="reasoning", weight=0.7),
    ]
    palette.notes = []
    return palette


def make_logo(
    concept: LogoConcept = "monogram", wordmark_font: str = "Inter", colors: list[str] | None = None
) -> LogoOutput:
    files = LockupFiles(svg="logo/icon.full_color.svg", png={"512": "logo/icon.full_color.512.png"})
    return LogoOutput(
        backend="procedural",
        candidates=[
            LogoCandidate(
                id="c1",
                concept=concept,
                description="Interlocking A and R built on one stroke width.",
                svg="logo/c1.svg",
                png="logo/c1.png",
                seed=7,
            ),
            LogoCandidate(
                id="c2", concept="emblem", description="A round badge.", svg="logo/c2.svg", png="logo/c2.png", seed=8
            ),
        ],
        chosen="c1",
        lockups={"icon": {"full_color": files}},
        dominant_colors=colors or ["#1a56db", "#f59e0b"],
        fonts=[FontUse(family=wordmark_font, role="wordmark", licence="OFL-1.1", source="fonts-inter")],
        # As the logo stage writes it: the chosen candidate's description, then its colours.
        concept="Interlocking A and R built on one stroke width. Colours: analogous harmony around #1a56db.",
    )


# --- a scripted OpenAI-compatible server ---------------------------------------------------------
# A real HTTP server (FastAPI on uvicorn, in a thread) speaking the chat-completions API, so the
# real `openai` client, its retries and timeouts are exercised. Each test scripts its answers.

Reply = Callable[[dict[str, Any]], Awaitable[Response]]


def chat_completion(content: str, model: str = "fake-llm", finish_reason: str = "stop") -> JSONResponse:
    return JSONResponse(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    )


def facts_in(body: dict[str, Any]) -> dict[str, Any]:
    """The brand facts JSON the stage put between its markers in the first user message."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    inner = user.split("<brand_facts>", 1)[1].split("</brand_facts>", 1)[0]
    facts = json.loads(inner)
    assert isinstance(facts, dict), "the brand facts are a JSON object"
    return facts


def grounded_answer(body: dict[str, Any]) -> str:
    """What a well-behaved model writes: the five sections, naming the facts it was given."""
    facts = facts_in(body)
    primary = next(c["hex"] for c in facts["colors"] if c["role"] == "primary")
    heading = facts["heading_font"]["family"]
    sections = [
        {"id": "concept", "title": "Concept", "body": f"{facts['company']} is a {facts['style']} brand in "
                                                      f"{facts['industry']} that conveys {', '.join(facts['moods'])}."},
        {"id": "color", "title": "Colour", "body": f"The primary {primary} carries the brand and signals trust."},
        {"id": "typography", "title": "Type", "body": f"Headings use {heading}, which reads clearly and calmly."},
        {"id": "accessibility", "title": "Access", "body": "White text on the primary colour passes WCAG AA."},
        {"id": "usage", "title": "Usage", "body": "Use the primary colour for actions and the accent sparingly."},
    ]  # fmt: skip
    return json.dumps({"sections": sections})


class ScriptedLlm:
    """Answers requests with the scripted replies in order; the last reply repeats."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.app = FastAPI()
        self.app.add_api_route("/v1/chat/completions", self._complete, methods=["POST"])
        # Behind a gateway path too, as an operator's private endpoint might be.
        self.app.add_api_route("/private-gateway/v1/chat/completions", self._complete, methods=["POST"])
        self._server: ThreadServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        return f"{self._server.url}/v1"

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests = []

    async def _complete(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        reply = self.replies[min(len(self.requests) - 1, len(self.replies) - 1)]
        return await reply(body)

    def start(self) -> None:
        self._server = ThreadServer(self.app, lifespan="off", graceful_seconds=1)
        self._server.start(timeout=10)

    def stop(self) -> None:
        if self._server:
            self._server.stop(timeout=5)


def answer_good() -> Reply:
    async def reply(body: dict[str, Any]) -> Response:
        return chat_completion(grounded_answer(body), model=body["model"])

    return reply


def answer_text(content: str) -> Reply:
    async def reply(body: dict[str, Any]) -> Response:
        return chat_completion(content, model=body["model"])

    return reply


def answer_status(status: int) -> Reply:
    async def reply(body: dict[str, Any]) -> Response:
        return JSONResponse({"error": {"message": "scripted failure", "type": "server_error"}}, status_code=status)

    return reply


def answer_slowly(seconds: float) -> Reply:
    async def reply(body: dict[str, Any]) -> Response:
        await asyncio.sleep(seconds)
        return chat_completion(grounded_answer(body), model=body["model"])

    return reply


def llm_settings(base_url: str, **overrides: Any) -> RationaleSettings:
    fields: dict[str, Any] = {
        "rationale_backend": "openai",
        "llm_base_url": base_url,
        "llm_model": "fake-llm",
        "llm_api_key": "test-key",
        "llm_timeout": 2.0,
        "llm_retries": 0,
        "llm_attempts": 3,
    }
    fields.update(overrides)
    return RationaleSettings(**fields)
