"""One exception base for the whole project; every error a user sees derives from it."""


class MonitorError(Exception):
    """Base class of every error sanctions-monitor raises on purpose."""


class InputError(MonitorError):
    """Input that cannot be used: empty, binary, wrong encoding, not a feed, not English, too large.

    `reason` is a short machine-readable tag (`empty`, `binary`, `too_large`, `not_english`,
    `not_a_feed`, `encoding`, ...) stored per source so operators can filter on it.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class StructureError(MonitorError):
    """A structural surprise (a gazetteer row without a code, a migration gap): stops the run."""
