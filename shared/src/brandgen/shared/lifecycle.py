"""The job lifecycle: every change of a job's status and of its stages' runs, as functions over the record.

Each function changes a `JobRecord` in place and returns the events that tell the change (what
`JobStore.update` takes as a `Mutation`); none reads or writes a backend. The API, the workers and
the `brandgen` command all move jobs through these, so each change happens in one way and the
history always tells it.

A job is `queued`, then `running` from its first stage's start, then `succeeded` when its last
stage's output is recorded, or `failed` or `canceled`; those three are final (`transition`). A
stage's run is `running` while its worker holds it (an owner token and a heartbeat), then `done`,
`retrying` (it runs again later), `failed`, or `pending` again when its worker let go of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from brandgen.shared.models import EventKind, JobError, JobEvent, JobRecord, JobStatus, StageRun, StageStatus, utcnow


class InvalidTransitionError(Exception):
    """The job is already in a final status and cannot move."""

    def __init__(self, job_id: str, current: JobStatus, wanted: JobStatus) -> None:
        super().__init__(f"job {job_id} is {current.value}; it cannot become {wanted.value}")
        self.current = current


class StageAlreadyDoneError(Exception):
    """The stage's output is already recorded: the first delivery to finish wins."""

    def __init__(self, job_id: str, stage: str) -> None:
        super().__init__(f"job {job_id} already has the output of {stage}")


def transition(record: JobRecord, status: JobStatus) -> None:
    """Set the job's status; a final status is never left (InvalidTransitionError)."""
    if record.status.terminal and record.status != status:
        raise InvalidTransitionError(record.job_id, record.status, status)
    record.status = status


def queued(record: JobRecord, *, message: str | None = None, data: dict[str, Any] | None = None) -> JobEvent:
    """The event a new job is recorded with (submit, a revision), waiting for `record.stage`."""
    return JobEvent(kind=EventKind.job_queued, stage=record.stage, message=message, data=data or {})


def start(
    record: JobRecord, stage: str, *, attempt: int, crashed_before: int, at: datetime, owner: str
) -> list[JobEvent]:
    """`owner` (one delivery of the stage's message) runs `stage`: the job is running."""
    transition(record, JobStatus.running)
    record.stage = stage
    run = record.stages.setdefault(stage, StageRun())
    run.status = StageStatus.running
    # A start killed before it was written still counts: this message's earlier tries each wrote
    # theirs (attempt - 1), and the broker counted the crashed deliveries.
    run.attempts = max(run.attempts + 1, attempt + crashed_before)
    run.started_at = at
    run.heartbeat_at = at
    run.owner = owner
    run.progress = 0.0
    return [JobEvent(kind=EventKind.stage_started, stage=stage, at=at, data={"attempt": attempt})]


def progress(record: JobRecord, stage: str, fraction: float, note: str | None) -> list[JobEvent]:
    """The running stage reports how far it got."""
    run = record.stages.setdefault(stage, StageRun())
    run.progress = fraction
    run.note = note
    return [JobEvent(kind=EventKind.progress, stage=stage, message=note, data={"progress": round(fraction, 3)})]


def own_run(record: JobRecord, stage: str, owner: str) -> StageRun | None:
    """The stage's run if `owner` still holds it (it is running); None once another delivery took
    it over or it ended."""
    run = record.stages.get(stage)
    return run if run is not None and run.owner == owner and run.status == StageStatus.running else None


def heartbeat(record: JobRecord, stage: str, owner: str) -> list[JobEvent]:
    """`owner` still runs the stage (its lease is renewed); no event."""
    if (run := own_run(record, stage, owner)) is not None:
        run.heartbeat_at = utcnow()
    return []


def interrupt(record: JobRecord, stage: str, owner: str) -> list[JobEvent]:
    """`owner` stopped before the stage's end: the run is pending again, for the next delivery."""
    if (run := own_run(record, stage, owner)) is None:
        return []
    run.status = StageStatus.pending
    run.owner = run.heartbeat_at = None
    run.note = "interrupted; it runs again from the queue"
    return [
        JobEvent(
            kind=EventKind.stage_interrupted,
            stage=stage,
            message=f"the {stage} stage was interrupted (its worker lost the message or was stopping) and runs again",
        )
    ]


def retry(record: JobRecord, stage: str, reason: str, *, attempt: int, delay: float) -> list[JobEvent]:
    """Attempt `attempt` of the stage failed on something passing: it runs again in `delay` seconds."""
    run = record.stages.setdefault(stage, StageRun())
    run.status = StageStatus.retrying
    run.note = reason
    return [
        JobEvent(
            kind=EventKind.stage_retry,
            stage=stage,
            message=reason,
            data={"attempt": attempt, "delay_s": round(delay, 3)},
        )
    ]


def finish(record: JobRecord, stage: str, output: dict[str, Any], elapsed: float) -> list[JobEvent]:
    """The stage's output is recorded; after the last stage the job has succeeded, else the next
    stage is the job's current one. Raises InvalidTransitionError when the job ended meanwhile
    (canceled, failed) and StageAlreadyDoneError when another delivery recorded the output first."""
    if record.status.terminal:
        raise InvalidTransitionError(record.job_id, record.status, JobStatus.running)
    if stage in record.outputs:
        raise StageAlreadyDoneError(record.job_id, stage)
    record.outputs[stage] = output
    run = record.stages.setdefault(stage, StageRun())
    run.status = StageStatus.done
    run.finished_at = utcnow()
    run.duration_ms = round(elapsed * 1000, 3)
    run.progress = 1.0
    events = [JobEvent(kind=EventKind.stage_done, stage=stage, data={"duration_ms": run.duration_ms})]
    following = record.next_stage(stage)
    if following is None:
        transition(record, JobStatus.succeeded)
        record.stage = None
        events.append(JobEvent(kind=EventKind.job_succeeded, message="brand kit ready"))
    else:
        record.stage = following
    return events


def fail(record: JobRecord, code: str, message: str, stage: str | None, *, removed: int = 0) -> list[JobEvent]:
    """The job failed (in `stage`, if one) with a code and a reason the client reads; `removed` of
    its partial assets were deleted first. A job already final stays as it is."""
    if record.status.terminal:
        return []
    transition(record, JobStatus.failed)
    record.error = JobError(code=code, message=message, stage=stage)
    if stage:
        run = record.stages.setdefault(stage, StageRun())
        run.status = StageStatus.failed
        run.finished_at = utcnow()
    cleanup = [cleaned_up(removed)] if removed else []
    return [*cleanup, JobEvent(kind=EventKind.job_failed, stage=stage, message=message, data={"code": code})]


def cancel(record: JobRecord) -> list[JobEvent]:
    """The client canceled the job; it stops at its next stage boundary. A final job stays as it is."""
    if record.status.terminal:
        return []
    transition(record, JobStatus.canceled)
    return [JobEvent(kind=EventKind.job_canceled, stage=record.stage, message="canceled by the client")]


def cleaned_up(removed: int, reason: str | None = None) -> JobEvent:
    """`removed` partial assets of a job that will not finish were deleted (`reason`: why, if not failing)."""
    why = f" ({reason})" if reason else ""
    return JobEvent(
        kind=EventKind.assets_removed, message=f"removed {removed} partial asset(s){why}", data={"count": removed}
    )
