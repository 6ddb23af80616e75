"""The two exceptions that steer the worker runtime's retry policy."""

from __future__ import annotations


class TransientError(Exception):
    """Trouble that may pass (network, busy GPU, a backend restarting): the stage is retried.

    `delay` overrides the backoff for the next try, in seconds.
    """

    def __init__(self, message: str, *, delay: float | None = None) -> None:
        super().__init__(message)
        self.delay = delay


class StageError(Exception):
    """A permanent failure with a code and a message the client can read; never retried."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
