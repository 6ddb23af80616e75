"""Jobs waiting for the pipeline share its next denoising run.

One SDXL pipeline serves a worker's concurrent jobs (the stage's prefetch) one run at a time. A
job with fewer candidates than the batch leaves the GPU half idle while the next job waits; so a
job's thread queues its request, and whichever thread takes the pipeline runs its own request and
every compatible one waiting (same steps, guidance, size, adapters) that still fits the batch,
then hands each job its images. Every image has its own seed, so a job gets the images it would
get alone. Memory is released after every run (`release` below), as between single jobs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from PIL import Image

from brandgen.logo.models.sdxl.generate import GenerationRequest
from brandgen.shared.threads import ThreadControl, WorkStopped

RunGroup = Callable[[list[GenerationRequest], list[ThreadControl]], list[list[Image.Image]]]
"""Runs several compatible requests in shared batches (the pipeline is held); images per request."""


@dataclass(eq=False)
class _Ticket:
    request: GenerationRequest
    control: ThreadControl
    key: Hashable
    done: threading.Event = field(default_factory=threading.Event)
    images: list[Image.Image] | None = None
    error: BaseException | None = None


class GenerationBatcher:
    def __init__(self, lock: threading.Lock) -> None:
        self.lock = lock  # the pipeline's own: one run at a time, single jobs included
        self._waiting: list[_Ticket] = []
        self._queue = threading.Lock()
        self.runs: list[int] = []  # jobs per run, newest last (for tests and logs; kept short)

    def generate(
        self, request: GenerationRequest, control: ThreadControl, key: Hashable, run: RunGroup, max_images: int
    ) -> list[Image.Image]:
        """This job's images, from a run it leads or one another waiting job led; a run takes other
        jobs' requests with the same `key` while the images stay within `max_images` (the batch)."""
        ticket = _Ticket(request, control, key)
        with self._queue:
            self._waiting.append(ticket)
        while not ticket.done.is_set():
            with self.lock:
                if ticket.done.is_set():  # another job's run carried it
                    break
                if control.stopping:  # cancelled while it waited: no run for nobody
                    self._forget(ticket)
                    raise WorkStopped
                self._lead(self._take(ticket, max_images), run)
        if ticket.error is not None:
            raise ticket.error
        assert ticket.images is not None
        return ticket.images

    def _take(self, own: _Ticket, max_images: int) -> list[_Ticket]:
        """`own` first, then waiting compatible requests, oldest first, while they fit one batch."""
        with self._queue:
            group, size = [own], len(own.request.prompts)
            for ticket in self._waiting:
                if ticket is own or ticket.key != own.key or ticket.control.stopping:
                    continue
                if size + len(ticket.request.prompts) > max(max_images, len(own.request.prompts)):
                    continue
                group.append(ticket)
                size += len(ticket.request.prompts)
            self._waiting = [ticket for ticket in self._waiting if ticket not in group]
        return group

    def _forget(self, ticket: _Ticket) -> None:
        with self._queue:
            self._waiting = [waiting for waiting in self._waiting if waiting is not ticket]

    def _lead(self, group: list[_Ticket], run: RunGroup) -> None:
        self.runs = [*self.runs[-99:], len(group)]
        try:
            results = run([ticket.request for ticket in group], [ticket.control for ticket in group])
        except BaseException as error:  # every job in the run hears why (out of memory, all stopped)
            for ticket in group:
                ticket.error = error
                ticket.done.set()
            return
        for ticket, images in zip(group, results, strict=True):
            ticket.images = images
            ticket.done.set()
