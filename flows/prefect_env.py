"""Environment defaults for running Prefect from this package (set only where the user has not).

No telemetry (offline environments), and a generous start-up bound for the local ephemeral API
server, which can take well over Prefect's default 20 s on a busy machine.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def apply_defaults() -> None:
    """Set each default unless the variable is already set."""
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
