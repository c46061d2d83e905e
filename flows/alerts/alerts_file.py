"""The alerts file (SANCTIONS_MONITOR_ALERTS_FILE): one JSON line per alert, never two for one alert.

The table row comes first: an alert's `log+file` row is committed as `sending` together with its
destination rows, then its line is appended and the row marked `sent`. A run killed in between leaves
the row `sending`; the next run appends the line only if the file does not hold that alert id yet.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

LOG_AND_FILE = "log+file"  # the built-in destination every alert reaches when first seen


def write_pending_lines(con: duckdb.DuckDBPyConnection, path: Path, *, interrupted: bool) -> int:
    """Append the line of every `log+file` row still `sending` and mark it sent; returns lines written.

    `interrupted`: the rows were left by an earlier run, so the file may already hold some of them.
    """
    rows = con.execute(
        """select alert_id, title, body, payload, created_at from alerts
           where destination = ? and status = 'sending' order by created_at, alert_id""", [LOG_AND_FILE]
    ).fetchall()
    if not rows:
        return 0
    present = _ids_in(path) if interrupted else set()
    lines = [_line(title, body, payload, created_at)
             for alert_id, title, body, payload, created_at in rows if alert_id not in present]
    if lines:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(lines))
            fh.flush()
    now = datetime.now(UTC)
    con.execute("""update alerts set status = 'sent', sent_at = ?, updated_at = ?
                   where destination = ? and alert_id in (select unnest(?))""",
                [now, now, LOG_AND_FILE, [r[0] for r in rows]])
    return len(lines)


def _line(title: str, body: str, payload: Any, created_at: datetime) -> str:
    fields = json.loads(payload) if isinstance(payload, str) else dict(payload)
    record = {"title": title, "body": body, "at": created_at.astimezone(UTC).isoformat(), **fields}
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


def _ids_in(path: Path) -> set[str]:
    """Alert ids already in the file (a cut last line, from a kill mid-write, is not an alert)."""
    if not path.exists():
        return set()
    ids = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                ids.add(str(json.loads(line)["alert_id"]))
            except (ValueError, KeyError, TypeError):
                continue
    return ids
