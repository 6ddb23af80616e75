"""The message envelope, the brand request and the job record shared by every service.

The envelope is the fixed message format producers and consumers agree on (`job_id`, `type`,
`payload`, `metadata`) plus the runtime's `stage` and `attempt`. Stage outputs never travel in
messages: they live on the job record.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from brandgen.shared import texts

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "de", "pt", "ja", "zh")
"""Languages the rationale and the guidelines can be written in (ISO 639-1)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_job_id() -> str:
    return uuid.uuid4().hex


def derived_seed(job_id: str) -> int:
    """The logo seed of a job that asked for none: derived from its id, so retries (and revisions,
    which pin it) draw the same candidates."""
    return int.from_bytes(hashlib.sha256(job_id.encode()).digest()[:4], "big") % 2**31


_HEX_INPUT_PATTERN = r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
_HEX_INPUT = re.compile(_HEX_INPUT_PATTERN)


def _check_hex_color(value: str) -> str:
    # People type "#abc" and "1a73e8" too: both are read as the #rrggbb they mean.
    found = _HEX_INPUT.match(value) if isinstance(value, str) else None
    if found is None:
        raise ValueError(f"must be a hex colour in the form #rrggbb (for example #1a73e8), got {value!r}")
    digits = found.group(1)
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits.lower()


HexColor = Annotated[
    str, AfterValidator(_check_hex_color), WithJsonSchema({"type": "string", "pattern": _HEX_INPUT_PATTERN})
]
"""A hex colour, `#rrggbb`, `#rgb` or either without `#`, normalised to lower-case `#rrggbb`."""


STORED_KEY = "stored"
STORED: dict[str, bool] = {STORED_KEY: True}
"""Validation context of what the job store and the queues give back: its request met the text rules
when it was submitted, so they do not run on every read (for the record, 2.5 % of a message's CPU
in the runtime bench; for the message, 4 of its decode's 9 µs), and a rule made stricter later
cannot make a stored job unreadable or its queued message undeliverable."""


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get(STORED_KEY))


@dataclass(frozen=True)
class _TextRules:
    """Request text checked by `texts.problem` (as sent), its rule published as a schema pattern."""

    max_length: int
    pattern: Callable[[], str]
    require: texts.Requirement = "visible"

    def __call__(self, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str) and not _stored(info):
            found = texts.problem(value, max_length=self.max_length, require=self.require)
            if found:
                raise PydanticCustomError("text_invalid", "{problem}", {"problem": found})
        return value

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern()  # built on first use: the schema, not every import, pays
        return json_schema


_NAME = _TextRules(100, texts.name_pattern, "name_letter")
_TAGLINE = _TextRules(120, texts.text_pattern)
_DESCRIPTION = _TextRules(500, texts.text_pattern)
_INDUSTRY = _TextRules(80, texts.text_pattern)
_STYLE = _TextRules(40, texts.text_pattern)
_VARIANT = _TextRules(64, texts.plain_pattern, "nothing")
_FEEDBACK = _TextRules(200, texts.text_pattern)
_FAMILY = _TextRules(64, texts.plain_pattern)
CompanyName = Annotated[str, BeforeValidator(_NAME), _NAME]
Tagline = Annotated[str, BeforeValidator(_TAGLINE), _TAGLINE]
Description = Annotated[str, BeforeValidator(_DESCRIPTION), _DESCRIPTION]
Industry = Annotated[str, BeforeValidator(_INDUSTRY), _INDUSTRY]
Style = Annotated[str, BeforeValidator(_STYLE), _STYLE]
VariantName = Annotated[str, BeforeValidator(_VARIANT), _VARIANT]
Feedback = Annotated[str, BeforeValidator(_FEEDBACK), _FEEDBACK]
FontFamily = Annotated[str, BeforeValidator(_FAMILY), _FAMILY]
LanguageCode = Annotated[str, WithJsonSchema({"type": "string", "enum": list(SUPPORTED_LANGUAGES)})]


class StrictModel(BaseModel):
    """Base for wire models: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# Contact details: printed on the business card, letterhead and email signature. Free text (name,
# title, address) follows the request's text rules; email, phone and website also have a syntax,
# published as a second pattern (`allOf`) so the schema accepts exactly what the model does.
_SPACES = r"\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_EMAIL_CHAR = rf"[^{_SPACES}@<>\"(),;:\\\[\]]"
_DOMAIN_CHAR = rf"[^{_SPACES}@<>\"(),;:\\\[\]/?#.]"
EMAIL_PATTERN = rf"^{_EMAIL_CHAR}{{1,64}}@(?:{_DOMAIN_CHAR}+\.)+{_DOMAIN_CHAR}{{2,}}$"
PHONE_PATTERN = r"^\+?[0-9(][0-9 ().\-/]{3,30}[0-9]$"
WEBSITE_PATTERN = rf"^(?:[hH][tT][tT][pP][sS]?://)?(?:{_DOMAIN_CHAR}+\.)+{_DOMAIN_CHAR}{{2,}}(?::[0-9]{{1,5}})?(?:/[^{_SPACES}<>\"\\]*)?$"


@dataclass(frozen=True)
class _SyntaxRules(_TextRules):
    """Text rules plus a syntax (`regex`), both checked on the text as sent."""

    regex: str = ""
    what: str = ""

    def __call__(self, value: object, info: ValidationInfo) -> object:
        super().__call__(value, info)
        if isinstance(value, str) and not _stored(info) and not re.fullmatch(self.regex, value):
            raise PydanticCustomError("syntax_invalid", "{what}", {"what": self.what})
        return value

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["allOf"] = [{"pattern": self.pattern()}, {"pattern": self.regex}]
        return json_schema


def _with_scheme(url: str) -> str:
    # A bare domain is read as https: cards print it without the scheme, signatures link to it.
    return url if re.match(r"^https?://", url, re.IGNORECASE) else f"https://{url}"


_CONTACT_TEXT = _TextRules(100, texts.text_pattern)
_ADDRESS = _TextRules(200, texts.text_pattern)
_EMAIL = _SyntaxRules(
    254, texts.text_pattern, regex=EMAIL_PATTERN, what="must be an email address such as name@example.com"
)
_PHONE = _SyntaxRules(
    32,
    texts.text_pattern,
    regex=PHONE_PATTERN,
    what="must be a phone number of digits 0-9, spaces and ( ) . - / with an optional leading +, "
    "5 to 32 characters, such as +44 20 7946 0958",
)
_WEBSITE = _SyntaxRules(
    200,
    texts.text_pattern,
    regex=WEBSITE_PATTERN,
    what="must be a web address such as example.com or https://example.com/about",
)
ContactText = Annotated[str, BeforeValidator(_CONTACT_TEXT), _CONTACT_TEXT]
Address = Annotated[str, BeforeValidator(_ADDRESS), _ADDRESS]
Email = Annotated[str, BeforeValidator(_EMAIL), _EMAIL]
Phone = Annotated[str, BeforeValidator(_PHONE), _PHONE]
Website = Annotated[str, BeforeValidator(_WEBSITE), _WEBSITE, AfterValidator(_with_scheme)]


class Contact(StrictModel):
    """Who the printed and digital stationery names: every field optional, any script in the text ones."""

    name: ContactText | None = Field(default=None, max_length=100, description="Person's name.")
    title: ContactText | None = Field(default=None, max_length=100, description="Job title, e.g. Founder.")
    email: Email | None = Field(default=None, max_length=254, examples=["hello@acme.example"])
    phone: Phone | None = Field(default=None, max_length=32, examples=["+44 20 7946 0958"])
    website: Website | None = Field(
        default=None, max_length=200, description="Web address; https:// is added when no scheme is given."
    )
    address: Address | None = Field(default=None, max_length=200, description="Postal address on one line.")

    def is_empty(self) -> bool:
        return not any(self.model_dump().values())


class FontSelection(StrictModel):
    """The kit's typefaces, chosen by the customer from the catalogue's fonts (`GET /v1/catalog`)."""

    heading: FontFamily = Field(min_length=1, max_length=64, examples=["League Spartan"])
    body: FontFamily = Field(min_length=1, max_length=64, examples=["Open Sans"])


CANDIDATE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,16}$"


class BrandRequest(StrictModel):
    """What the user asks for: the `payload` of the message envelope."""

    company_name: CompanyName = Field(
        min_length=1,
        max_length=100,
        description=(
            "Company name: at least one letter or digit of a script the logo fonts draw "
            f"({texts.NAME_SCRIPTS}); no control or invisible formatting characters "
            "(ZWJ/ZWNJ allowed)."
        ),
        examples=["Acme Robotics"],
    )
    industry: Industry = Field(
        min_length=1,
        max_length=80,
        description="Industry in free text; unknown industries map to the nearest known one.",
        examples=["technology"],
    )
    style: Style = Field(
        min_length=1, max_length=40, description="Visual style, e.g. modern, playful, luxury.", examples=["modern"]
    )
    primary_color: HexColor | None = Field(
        default=None, description="Brand colour to keep, as #rrggbb.", examples=["#1a73e8"]
    )
    description: Description | None = Field(
        default=None, max_length=500, description="One line about the company (visible characters, one line)."
    )
    tagline: Tagline | None = Field(
        default=None, max_length=120, description="Tagline shown with the logo (visible characters, one line)."
    )
    languages: list[LanguageCode] = Field(
        default_factory=lambda: ["en"],
        min_length=1,
        max_length=len(SUPPORTED_LANGUAGES),
        description=(
            f"Languages of the rationale, from {', '.join(SUPPORTED_LANGUAGES)}; "
            "the guidelines PDF is written in the first."
        ),
    )
    candidates: int = Field(default=4, ge=1, le=8, description="Number of logo candidates.")
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Seed for reproducible logos.")
    contact: Contact | None = Field(
        default=None,
        description="Contact details for the business card, letterhead and email signature; "
        "without them those carry clearly marked placeholders.",
    )
    paper: Literal["a4", "us"] = Field(
        default="a4", description="Print sizes: a4 (A4, 85 x 55 mm card) or us (US Letter, 3.5 x 2 in card)."
    )
    # Set by revisions (POST /v1/jobs/{id}/revisions), which say what the customer changed.
    fonts: FontSelection | None = Field(
        default=None, description="Heading and body typefaces; default: the pairing the knowledge graph suggests."
    )
    feedback: Feedback | None = Field(
        default=None,
        max_length=200,
        description="Words that steer the logo's marks, e.g. 'more playful, use a leaf' (a revision's regenerate).",
    )
    candidate: str | None = Field(
        default=None,
        pattern=CANDIDATE_ID_PATTERN,
        description="Id of the logo candidate to make the logo (a revision's choice); default: the best scored.",
    )

    @field_validator("languages", mode="before")
    @classmethod
    def _known_languages(cls, languages: object) -> object:
        # Exact codes, as the schema's enum says (checked before white space is trimmed).
        if not isinstance(languages, list):
            return languages
        for code in languages:
            if isinstance(code, str) and code not in SUPPORTED_LANGUAGES:
                raise PydanticCustomError(
                    "language_unsupported",
                    "unsupported language {code}; use one of: {supported}",
                    {"code": repr(code), "supported": ", ".join(SUPPORTED_LANGUAGES)},
                )
        return languages

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, languages: list[str]) -> list[str]:
        return list(dict.fromkeys(languages))


class JobMetadata(StrictModel):
    created_at: datetime = Field(default_factory=utcnow)
    priority: int = Field(default=5, ge=0, le=9, description="0 (lowest) to 9 (highest).")
    timeout: int = Field(default=600, ge=1, le=3600, description="Seconds the whole job may take.")
    variant: VariantName | None = Field(
        default=None, max_length=64, description="A/B variant name, recorded on outputs."
    )

    def deadline(self) -> datetime:
        return self.created_at + timedelta(seconds=self.timeout)


class JobMessage(StrictModel):
    """The envelope on every queue."""

    job_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    type: Literal["brand_generation"] = "brand_generation"
    payload: BrandRequest
    metadata: JobMetadata
    stage: str
    attempt: int = Field(default=1, ge=1)


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    canceled = "canceled"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.succeeded, JobStatus.failed, JobStatus.canceled)


class StageStatus(StrEnum):
    pending = "pending"
    running = "running"
    retrying = "retrying"
    done = "done"
    failed = "failed"


class StageRun(BaseModel):
    status: StageStatus = StageStatus.pending
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    duration_ms: float | None = None
    progress: float = 0.0
    note: str | None = None
    heartbeat_at: datetime | None = Field(default=None, description="Last sign of life of the run in progress.")
    owner: str | None = Field(default=None, description="Which delivery runs it (opaque).")
    reused_from: str | None = Field(
        default=None, description="The job whose output of this stage a revision took over instead of running it."
    )


class JobError(BaseModel):
    code: str
    message: str
    stage: str | None = None


class EventKind(StrEnum):
    """What a job event tells. The values are public: the `event:` names of the job's server-sent
    events and the `kind` of each event in its history, so they never change. A new kind reaches
    the readers (the API) before any writer sends it."""

    job_queued = "job_queued"
    stage_started = "stage_started"
    progress = "progress"
    stage_retry = "stage_retry"
    stage_interrupted = "stage_interrupted"
    stage_done = "stage_done"
    job_succeeded = "job_succeeded"
    job_failed = "job_failed"
    job_canceled = "job_canceled"
    assets_removed = "assets_removed"
    webhook_delivered = "webhook_delivered"
    webhook_failed = "webhook_failed"


class JobEvent(BaseModel):
    at: datetime = Field(default_factory=utcnow)
    # Its schema inline, not a `$defs` reference: the API embeds this model's schema in its OpenAPI
    # document, where such a reference would point at the document's root.
    kind: Annotated[
        EventKind,
        WithJsonSchema({"type": "string", "enum": [kind.value for kind in EventKind], "title": "Kind"}),
    ]
    stage: str | None = None
    message: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class JobRecord(BaseModel):
    job_id: str
    owner: str | None = None
    status: JobStatus = JobStatus.queued
    stage: str | None = None
    pipeline: list[str]
    request: BrandRequest
    metadata: JobMetadata
    stages: dict[str, StageRun] = Field(default_factory=dict)
    outputs: dict[str, dict[str, Any]] = Field(default_factory=dict)
    error: JobError | None = None
    webhook_url: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=0, description="Bumped by every change; writes are checked against it.")
    revision_of: str | None = Field(default=None, description="The job this one revises.")
    revisions: list[str] = Field(default_factory=list, description="Jobs that revise this one, oldest first.")

    def message_for(self, stage: str, attempt: int = 1) -> JobMessage:
        return JobMessage(
            job_id=self.job_id, payload=self.request, metadata=self.metadata, stage=stage, attempt=attempt
        )

    def next_stage(self, stage: str) -> str | None:
        index = self.pipeline.index(stage)
        return self.pipeline[index + 1] if index + 1 < len(self.pipeline) else None
