"""What every claims refresh must do once lists exist: fold the per-claim events of claims that only a
list supports (their news is the grouped list alert), and reconcile news parties with the lists.

Called by flows.ingest.after_run (every ingest run), the `reprocess` command and the lists flow, right
after `refresh_claims` and before any alert is queued, so a list designation never goes out as one alert
per entity.
"""

from __future__ import annotations

import duckdb

from flows.alerts.queue import record_folded
from flows.lists.claims_link import fold_list_only_events
from flows.lists.reconcile import reconcile


def after_claims(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Fold list-only claim events, then rebuild list_reconciliation; returns counts per status."""
    record_folded(con, fold_list_only_events(con))
    return reconcile(con)
