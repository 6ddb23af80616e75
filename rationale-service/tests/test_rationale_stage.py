"""The registered stage, run as the worker runtime runs it, over a real file asset store."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pydantic import ValidationError
from rationale_fakes import (
    ScriptedLlm,
    answer_status,
    llm_settings,
    make_logo,
    make_request,
    tech_palette,
)

from brandgen.rationale.settings import RationaleSettings
from brandgen.rationale.stage import stage
from brandgen.shared.contracts import RationaleOutput
from brandgen.shared.errors import StageError
from brandgen.shared.models import SUPPORTED_LANGUAGES, BrandRequest
from brandgen.shared.storage import FileAssetStore
from brandgen.shared.testing import make_job, run_stage
from brandgen.shared.testkit import free_port


def outputs(with_logo: bool = True) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {"palette": tech_palette().model_dump(mode="json")}
    if with_logo:
        found["logo"] = make_logo().model_dump(mode="json")
    return found


def test_stage_is_registered_as_an_entry_point() -> None:
    registered = {e.name: e for e in entry_points(group="brandgen.stages")}
    assert registered["rationale"].load() is stage
    assert stage.name == "rationale"
    assert stage.order == 30


@pytest.mark.slow
async def test_template_stage_writes_documents_and_markdown_files(tmp_path: Path) -> None:
    store = FileAssetStore(tmp_path)
    job = make_job(make_request(languages=list(SUPPORTED_LANGUAGES)), outputs=outputs())
    progress: list[tuple[float, str | None]] = []
    result = await run_stage(stage, job, store, settings=RationaleSettings(), progress=progress)

    assert isinstance(result, RationaleOutput)
    RationaleOutput.model_validate(result.model_dump(mode="json"))  # round-trips through the job record
    assert result.backend == "template"
    assert result.fallback_reason is None
    assert list(result.documents) == list(SUPPORTED_LANGUAGES)
    assert result.markdown == {lang: f"rationale/rationale.{lang}.md" for lang in SUPPORTED_LANGUAGES}
    german = store.path(f"{job.job_id}/rationale/rationale.de.md").read_text("utf-8")
    assert german.startswith("# Markenbegründung für Acme Robotics\n\n## Konzept\n")
    assert "## Barrierefreiheit" in german
    assert "6,23:1" in german
    japanese = store.path(f"{job.job_id}/rationale/rationale.ja.md").read_text("utf-8")
    assert "## アクセシビリティ" in japanese
    assert "`#1a56db`" in japanese
    chinese = store.path(f"{job.job_id}/rationale/rationale.zh.md").read_text("utf-8")
    assert chinese.startswith("# Acme Robotics 品牌设计说明\n\n## 设计理念\n")
    assert "## 无障碍设计" in chinese
    assert "6.23:1" in chinese
    assert result.documents["en"].title == "Brand rationale for Acme Robotics"
    assert progress
    assert progress[-1][0] <= 1.0


async def test_stage_without_a_logo_still_explains_colour_and_type(tmp_path: Path) -> None:
    job = make_job(make_request(), outputs=outputs(with_logo=False))
    result = await run_stage(stage, job, FileAssetStore(tmp_path), settings=RationaleSettings())
    assert isinstance(result, RationaleOutput)
    assert "No logo was made" in result.documents["en"].sections[0].body


async def test_stage_needs_the_palette(tmp_path: Path) -> None:
    job = make_job(make_request(), outputs={})
    with pytest.raises(StageError) as raised:
        await run_stage(stage, job, FileAssetStore(tmp_path), settings=RationaleSettings())
    assert raised.value.code == "missing_input"


async def test_stage_falls_back_when_the_llm_fails_and_records_why(tmp_path: Path, scripted_llm: ScriptedLlm) -> None:
    scripted_llm.script(answer_status(503))
    job = make_job(make_request(languages=["en", "pt"]), outputs=outputs())
    settings = llm_settings(scripted_llm.base_url)
    result = await run_stage(stage, job, FileAssetStore(tmp_path), settings=settings)
    assert isinstance(result, RationaleOutput)
    assert result.backend == "template"
    assert result.fallback_reason is not None
    assert "returned an error" in result.fallback_reason
    assert (tmp_path / job.job_id / "rationale" / "rationale.pt.md").read_text("utf-8").startswith("# Fundamentos")


PRIVATE = ("operator-acct", "s3cr3t-pass", "private-gateway", "op-private-model-7b", "sk-operator-key-123")


def private_settings(host_port: str) -> RationaleSettings:
    """LLM settings whose every part is private to the operator: credentials in the URL, a path, a model."""
    return llm_settings(
        f"http://operator-acct:s3cr3t-pass@{host_port}/private-gateway/v1",
        llm_model="op-private-model-7b",
        llm_api_key="sk-operator-key-123",
    )


@pytest.mark.parametrize("failure", ["http_503", "refused"])
async def test_fallback_output_names_none_of_the_operators_llm_settings(
    tmp_path: Path, scripted_llm: ScriptedLlm, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    if failure == "http_503":
        scripted_llm.script(answer_status(503))
        host_port = scripted_llm.base_url.removeprefix("http://").split("/")[0]
    else:
        host_port = f"127.0.0.1:{free_port()}"
    job = make_job(make_request(languages=["en"]), outputs=outputs())
    with caplog.at_level("WARNING"):
        result = await run_stage(stage, job, FileAssetStore(tmp_path), settings=private_settings(host_port))
    assert isinstance(result, RationaleOutput)
    assert result.backend == "template"
    assert result.fallback_reason
    assert bool(scripted_llm.requests) == (failure == "http_503")  # the server was really asked
    recorded = result.model_dump_json() + (tmp_path / job.job_id / "rationale" / "rationale.en.md").read_text()
    for secret in (*PRIVATE, host_port, "127.0.0.1"):
        assert secret not in recorded, secret
    # The operator still learns what happened, from the server's log, without the credentials.
    logged = caplog.text
    assert ("HTTP 503" if failure == "http_503" else "unreachable") in logged
    assert "s3cr3t-pass" not in logged
    assert "sk-operator-key-123" not in logged


async def test_stage_uses_the_llm_when_it_answers(tmp_path: Path, scripted_llm: ScriptedLlm) -> None:
    job = make_job(make_request(languages=["es"]), outputs=outputs())
    result = await run_stage(stage, job, FileAssetStore(tmp_path), settings=llm_settings(scripted_llm.base_url))
    assert isinstance(result, RationaleOutput)
    assert result.backend == "openai"
    assert result.model == "fake-llm"
    markdown = (tmp_path / job.job_id / "rationale" / "rationale.es.md").read_text("utf-8")
    assert markdown.startswith("# Fundamentos de la marca Acme Robotics\n\n## Concept\n")
    assert "#1a56db" in markdown


def test_unsupported_language_fails_validation_with_the_supported_list() -> None:
    with pytest.raises(ValidationError) as raised:
        BrandRequest(company_name="Acme", industry="technology", style="modern", languages=["en", "xx"])
    assert "use one of: en, es, fr, de, pt, ja, zh" in str(raised.value)
