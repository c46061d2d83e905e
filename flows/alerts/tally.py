"""What one run's alert delivery did, read back from the `alerts` table: sent, failed, retried, why.

The delivery step may run more than once in a run (Prefect retries it), and each pass only sees its own
sends; the table sees them all. `attempts(con)` before the delivery, `tally(con, since, before)` after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from flows.alerts.alerts_file import LOG_AND_FILE

Key = tuple[str, str]  # (alert_id, destination)


@dataclass
class DeliveryTally:
    """Deliveries to configured destinations during one run (the log and the file are not counted)."""

    sent: int = 0
    failed: int = 0  # rows still failed after every try of the run (the next run tries again)
    unknown: int = 0  # interrupted sends to destinations without an alert id: never resent
    retried: int = 0  # sends beyond a row's first
    errors: list[str] = field(default_factory=list)  # the error of each failed row, as recorded


def attempts(con: duckdb.DuckDBPyConnection) -> dict[Key, int]:
    """Attempts recorded so far per (alert, destination) that was ever tried."""
    rows = con.execute("select alert_id, destination, attempts from alerts where destination <> ? "
                       "and attempts > 0", [LOG_AND_FILE]).fetchall()
    return {(a, d): int(n) for a, d, n in rows}


def tally(con: duckdb.DuckDBPyConnection, since: datetime, before: dict[Key, int]) -> DeliveryTally:
    """What the deliveries since `since` did, `before` being `attempts(con)` taken at `since`."""
    rows = con.execute(
        """select alert_id, destination, status, attempts, last_error from alerts
           where destination <> ? and updated_at >= ? order by updated_at, alert_id""",
        [LOG_AND_FILE, since]).fetchall()
    out = DeliveryTally()
    for alert_id, destination, status, tries, error in rows:
        earlier = before.get((alert_id, destination), 0)
        out.retried += max(0, int(tries) - max(earlier, 1))
        out.sent += status == "sent"
        out.unknown += status == "unknown"
        if status == "failed":
            out.failed += 1
            out.errors.append(str(error))
    return out
