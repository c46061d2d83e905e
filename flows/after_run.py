"""What the writing process does after each run: refresh claims, write the digest, publish the snapshot.

Called by the ingest flow (one call, in the process that holds the warehouse) once its own writes are done.
The returned ClaimChanges are what alerts are made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractors.errors import MonitorError
from flows.claims import ClaimChanges, refresh_claims
from flows.digest import write_digest
from flows.duckdb_lock import connect_waiting
from flows.lists.hooks import after_claims
from flows.snapshot import publish_snapshot


@dataclass(frozen=True)
class AfterRun:
    """The outcome: the claim changes, and where the digest and the snapshot were written (or None)."""

    changes: ClaimChanges
    digest: Path | None
    snapshot: Path | None


def default_digest_path(db_path: Path | str) -> Path:
    """`digest.html` next to the warehouse (data/warehouse.duckdb -> data/digest.html)."""
    return Path(db_path).with_name("digest.html")


def after_run(
    db_path: Path | str,
    run_id: str | None = None,
    digest_path: Path | str | None = None,
    hours: int = 24,
    snapshot: bool = True,
    digest: bool = True,
) -> AfterRun:
    """Refresh claims (one transaction), write the HTML digest of the last `hours`, publish the snapshot.

    A failure in the digest or the snapshot is raised as MonitorError after the claims are committed,
    so the next run still sees the same claim events and alerts stay exactly-once.
    """
    db = Path(db_path)
    con = connect_waiting(db)
    try:
        changes = refresh_claims(con, run_id=run_id)
        after_claims(con)  # flows/lists: fold list-only claim events, reconcile news parties with the lists
        page = write_digest(con, digest_path or default_digest_path(db), hours=hours) if digest else None
        snap = publish_snapshot(db, con) if snapshot else None
    except OSError as exc:
        raise MonitorError(f"after the run: could not write the digest or snapshot: {exc}") from exc
    finally:
        con.close()
    return AfterRun(changes=changes, digest=page, snapshot=snap)
