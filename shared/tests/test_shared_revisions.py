"""Which stages a revision runs again (issue 19): the first one a change reaches, and all after it."""

from __future__ import annotations

from typing import Any

import pytest

from brandgen.shared.models import BrandRequest, JobMetadata, JobRecord, JobStatus, derived_seed
from brandgen.shared.revisions import (
    RevisionChanges,
    RevisionConflictError,
    RevisionInvalidError,
    plan_revision,
    revision_record,
)
from brandgen.shared.testkit import logo_output

PIPELINE = ["logo", "palette", "rationale", "pdf"]
FONTS = ["Inter", "Lato"]


def _parent(status: JobStatus = JobStatus.succeeded) -> JobRecord:
    logo = logo_output(concepts={"en": "", "de": ""})  # candidates c1..c3, c1 chosen
    request = BrandRequest(company_name="Acme Robotcs", industry="technology", style="modern", languages=["en", "de"])
    outputs: dict[str, dict[str, Any]] = {stage: {} for stage in PIPELINE}
    outputs["logo"] = logo.model_dump()
    return JobRecord(
        job_id="parent1", owner="k1", status=status, pipeline=PIPELINE, request=request,
        metadata=JobMetadata(), outputs=outputs,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "first"),
    [
        ({"company_name": "Acme Robotics"}, "logo"),
        ({"candidate": "c2"}, "logo"),
        ({"candidate": "c1", "primary_color": "#2e7d32"}, "palette"),  # c1 is the logo already
        ({"regenerate": {"feedback": "use a leaf"}}, "logo"),
        ({"tagline": "Robots that help"}, "logo"),
        ({"languages": ["fr"]}, "logo"),  # the logo has not written its concepts in French
        ({"primary_color": "#2e7d32"}, "palette"),
        ({"fonts": {"heading": "lato", "body": "inter"}}, "palette"),
        ({"languages": ["de"]}, "rationale"),
        ({"contact": {"name": "Ada"}}, "pdf"),
        ({"paper": "us"}, "pdf"),
        ({"primary_color": None, "paper": "a4"}, "pdf"),  # the same paper: only a new PDF
    ],
)
def test_the_first_stage_a_change_reaches_runs_and_every_one_after_it(change: dict[str, Any], first: str) -> None:
    plan = plan_revision(_parent(), RevisionChanges.model_validate(change), fonts=FONTS)
    assert plan.first == first
    assert plan.reused == PIPELINE[: PIPELINE.index(first)]
    record = revision_record(plan, "child1")
    assert record.stage == first
    assert record.revision_of == "parent1"
    assert record.owner == "k1"
    for stage in plan.reused:
        assert record.outputs[stage] == _parent().outputs[stage]
        assert record.stages[stage].reused_from == "parent1"
    assert not set(record.stages) - set(plan.reused)


def test_the_parents_seed_is_pinned_and_its_choice_kept() -> None:
    plan = plan_revision(_parent(), RevisionChanges(candidate="c2"), fonts=FONTS)
    assert plan.request.seed == derived_seed("parent1")
    assert plan.changed == ["candidate"]
    again = plan_revision(
        _parent().model_copy(update={"request": plan.request}), RevisionChanges(primary_color="#aa3300"), fonts=FONTS
    )
    assert again.request.candidate == "c2"
    assert again.first == "palette"
    new_marks = plan_revision(_parent(), RevisionChanges.model_validate({"regenerate": {"seed": 9}}), fonts=FONTS)
    assert (new_marks.request.seed, new_marks.request.candidate) == (9, None)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"candidate": "c7"}, "candidate", "unknown_candidate"),
        ({"fonts": {"heading": "Inter", "body": "Papyrus"}}, "fonts.body", "unknown_font"),
        ({"languages": ["xx"]}, "languages", "validation_error"),
    ],
)
def test_refusals_name_the_field(change: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(RevisionInvalidError) as refused:
        plan_revision(_parent(), RevisionChanges.model_validate(change), fonts=FONTS)
    assert (refused.value.field, refused.value.code) == (field, code)


@pytest.mark.parametrize("status", [JobStatus.queued, JobStatus.running, JobStatus.failed, JobStatus.canceled])
def test_only_a_succeeded_kit_can_be_revised(status: JobStatus) -> None:
    with pytest.raises(RevisionConflictError, match=status.value):
        plan_revision(_parent(status), RevisionChanges(primary_color="#2e7d32"), fonts=FONTS)
