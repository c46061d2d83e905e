"""The weekly report flow: the digest over the last week and the main reports as Prefect artifacts."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.reports.catalogue import get_report, run_report
from flows.reports.digest import digest_path, write_digest
from flows.reports.formats import render
from flows.settings import Settings
from flows.warehouse import open_for_reading

WEEKLY_REPORTS = ("transfer_claims", "new_sanctions", "un_violations", "feed_health")


@flow(name="weekly-report", description="Digest of the last week (HTML) plus report artifacts.")
def weekly_report(db: str | None = None, hours: int = 168, out: str | None = None) -> str:
    """Read the warehouse (or its snapshot while a run writes), write the digest, publish artifacts."""
    settings = Settings.load(db=Path(db) if db else None)
    target = Path(out) if out else digest_path(settings.db, "weekly")
    reader = open_for_reading(settings.db)
    logger = get_run_logger()
    if reader.note:
        logger.info(reader.note)
    try:
        path = write_digest(reader.con, target, hours=hours)
        for name in WEEKLY_REPORTS:
            params = {"hours": hours} if name != "feed_health" else {}
            result = run_report(reader.con, name, _accepted(name, params))
            create_markdown_artifact(key=name.replace("_", "-"), markdown=render(result, "markdown"),
                                     description=f"sanctions-monitor {name} (last {hours} h)")
    finally:
        reader.close()
    logger.info("weekly digest written to %s", path)
    return str(path)


def _accepted(name: str, params: dict[str, int]) -> dict[str, int]:
    declared = {p.name for p in get_report(name).params}
    return {k: v for k, v in params.items() if k in declared}
