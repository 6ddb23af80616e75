"""The public JSON of revisions: what a client changes, and what it gets back."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from brandgen.api.models.jobs import JobAccepted
from brandgen.shared.revisions import CHANGES_SCHEMA, RevisionChanges


class RevisionRequest(RevisionChanges):
    """What to change in the kit; every field optional, at least one given. Unchanged fields keep the
    kit's values; the new kit keeps the parent's candidates unless `regenerate` asks for new ones."""

    model_config = ConfigDict(
        json_schema_extra=CHANGES_SCHEMA
        | {
            "examples": [
                {"candidate": "c3", "primary_color": "#2e7d32"},
                {"fonts": {"heading": "League Spartan", "body": "Open Sans"}, "tagline": "Robots that help"},
                {"regenerate": {"seed": 7, "feedback": "more playful, use a leaf"}},
            ]
        }
    )


class RevisionAccepted(JobAccepted):
    revision_of: str = Field(description="The job this revision revises.")
    changed: list[str] = Field(description="Request fields whose value changed, e.g. primary_color.")
    reused: list[str] = Field(description="Stages whose output was taken from the parent instead of run again.")
    runs: list[str] = Field(description="Stages that run again for this revision, in order.")
