"""A running stage's hold on its job: the start write, the heartbeat that keeps it, and letting go.

A delivery that runs a stage marks the run as its own (an owner token) and refreshes a heartbeat
while it runs. Another delivery of the same message waits while that heartbeat is fresh, and takes
over once it has been silent for LEASE seconds (its worker died). A run cancelled before its end
writes that it stopped, so the next delivery need not wait out the lease.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

from brandgen.shared import lifecycle
from brandgen.shared.errors import TransientError
from brandgen.shared.models import JobEvent, JobRecord, StageStatus, utcnow
from brandgen.shared.state import JobNotFoundError, JobStore, Mutation

HEARTBEAT_EVERY = 2.0
"""Seconds between heartbeats of a running stage (written only by stages that run this long)."""
LEASE = 3 * HEARTBEAT_EVERY
"""Seconds without a heartbeat after which a running stage's worker counts as gone."""

LET_GO_WAIT = 5.0
"""Seconds a stopping worker gives the runs it cancelled to write that they stopped."""

START_MARK_AFTER = 0.1
"""Seconds a stage runs before its start is written on its own. Followers see changes at ten a
second at most anyway, so a stage that ends sooner writes its start and its end in one go: two
state writes per stage instead of three."""


class StartMark:
    """The write that marks a stage running (`start`), sent once the stage outlives
    START_MARK_AFTER, when it reports progress, or when it fails; or never, when the end is written
    with it. Once sent, the run's heartbeat (its lease) is refreshed every HEARTBEAT_EVERY seconds
    until it stops."""

    def __init__(self, store: JobStore, record: JobRecord, start: Mutation, *, stage: str, owner: str) -> None:
        self.store, self.record, self.mutate = store, record, start
        self.stage, self.owner = stage, owner
        self._write: asyncio.Task[JobRecord] | None = None
        self._beating: asyncio.Task[None] | None = None
        self._timer = asyncio.get_running_loop().call_later(START_MARK_AFTER, self.send)
        self._own_writes = asyncio.Lock()
        self._known: JobRecord | None = None
        self._start_handed_on = False

    def send(self) -> asyncio.Task[JobRecord]:
        self._timer.cancel()
        if self._write is None:
            self._write = asyncio.ensure_future(self.store.update(self.record.job_id, self.mutate, known=self.record))
            self._beating = asyncio.ensure_future(self._heartbeat(self._write))
        return self._write

    async def written(self) -> JobRecord:
        """The record after the start was written; raises InvalidTransitionError if the job was
        canceled or failed meanwhile."""
        return await self.send()

    async def update(self, mutate: Mutation) -> JobRecord:
        """A write of this run after its start (progress, the output), made from the record the
        run's previous write returned: one round trip, no read, unless another writer (a heartbeat,
        a cancel) came in between, which costs the re-read it always did. Each record is handed on
        to the next write and used by no other (the store changes it in place)."""
        async with self._own_writes:
            known, self._known = self._known, None
            if known is None and not self._start_handed_on:
                self._start_handed_on = True
                with contextlib.suppress(Exception):  # canceled, or the store away: read afresh
                    known = await self.written()
            record = await self.store.update(self.record.job_id, mutate, known=known)
            self._known = record
            return record

    def take(self) -> bool:
        """Claim the start for the final write, if it has not been sent; True when claimed."""
        if self._write is not None:
            return False
        self._timer.cancel()
        return True

    def stop_beating(self) -> None:
        """The stage has ended: no heartbeat may land after this (the final write comes next)."""
        if self._beating is not None:
            self._beating.cancel()

    async def settle(self) -> None:
        """Let a start write in flight finish (its outcome no longer matters)."""
        self._timer.cancel()
        self.stop_beating()
        if self._write is not None:
            with contextlib.suppress(Exception):
                await self._write

    async def let_go(self) -> None:
        """The run was cancelled before its end: if its start was written, write that it no longer
        runs, so the next delivery of the message need not wait out the lease of a stopped run."""
        self._timer.cancel()
        self.stop_beating()
        if self._write is None:
            return  # nobody can have seen it running
        with contextlib.suppress(Exception):
            await self._write
            await self.store.update(
                self.record.job_id, lambda record: lifecycle.interrupt(record, self.stage, self.owner)
            )

    async def _heartbeat(self, write: asyncio.Task[JobRecord]) -> None:
        try:
            # Shielded: stopping the heartbeat must not cancel the start write it waits for.
            await asyncio.shield(write)
        except Exception:
            return  # not running (canceled meanwhile) or the store is away: nothing to keep alive

        def beat(record: JobRecord) -> list[JobEvent]:
            return lifecycle.heartbeat(record, self.stage, self.owner)

        while True:
            await asyncio.sleep(HEARTBEAT_EVERY)
            with contextlib.suppress(TransientError, JobNotFoundError):
                await self.store.update(self.record.job_id, beat)


async def wait_while_running_elsewhere(
    store: JobStore, record: JobRecord, stage: str, owner: str, deadline: datetime
) -> JobRecord:
    """Wait while another delivery of this message still runs the stage (its heartbeat is fresh).

    That happens when the message is published again while a worker runs it (an earlier
    stage's hand-off repeated after a redelivery), or when the worker running it was killed
    (its heartbeat stops). Running the stage again at once would double a GPU or LLM bill and
    could leave files that do not match the recorded output. So wait for that run to finish, or
    to fall silent for LEASE seconds (its worker died), bounded by the job's `deadline`; the
    message stays in hand, so the broker's delivery count, and with it the poison-message limit,
    is untouched. A run cancelled because its channel closed (a broker restart) is not waited
    for: it lets go of the record as it stops (`StartMark.let_go`).
    """
    while True:
        run = record.stages.get(stage)
        if (
            run is None
            or run.status != StageStatus.running
            or run.owner in (None, owner)
            or run.heartbeat_at is None
            or stage in record.outputs
            or record.status.terminal
        ):
            return record
        silent_for = (utcnow() - run.heartbeat_at).total_seconds()
        remaining = (deadline - utcnow()).total_seconds()
        if silent_for >= LEASE or remaining <= 0:
            return record  # its worker is gone: take over (or time the job out)
        await asyncio.sleep(min(LEASE - silent_for, remaining, HEARTBEAT_EVERY))
        record = await store.get(record.job_id)
