"""What a run shows: progress bars while it runs, then its summary (a table and a Prefect artifact).

One `RunSummary` describes a finished (or failed) ingestion run: its `RunCounts` (the one counter
record: a processed batch has one, the run adds them up, the `runs` row stores them), the seconds
spent per stage and the total elapsed time. `RunProgress` draws rich bars on a terminal and nothing
otherwise; the flow reports to it the same way either way, so the flow code has no branches for it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

# (label, RunCounts field) in display order; behaviour in data, the renderers just walk it.
ROWS: tuple[tuple[str, str], ...] = (
    ("feeds polled", "feeds_polled"),
    ("feeds not modified (304)", "feeds_not_modified"),
    ("feeds failed", "feeds_failed"),
    ("items seen", "items_seen"),
    ("new articles", "new_articles"),
    ("duplicates (syndicated)", "duplicates"),
    ("skipped pages", "skipped"),
    ("page failures", "page_failures"),
    ("mentions", "mentions"),
    ("alerts sent", "alerts_sent"),
)


@dataclass
class RunCounts:
    """The counters of a run (or of one batch of it), named as the `runs` columns."""

    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    items_seen: int = 0
    new_articles: int = 0
    duplicates: int = 0
    page_failures: int = 0
    mentions: int = 0
    alerts_sent: int = 0
    # pages stored as skipped (not English, robots, empty, ...): shown, not a `runs` column
    skipped: int = field(default=0, metadata={"column": False})

    def add(self, other: RunCounts) -> None:
        """Add another set of counters (a batch) to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def columns(self) -> dict[str, int]:
        """The counters that are `runs` columns, by column name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("column", True)}


@dataclass
class RunSummary:
    """What one ingestion run did: counts, seconds per stage, elapsed, status, notes."""

    run_id: str
    db: Path
    status: str = "running"  # running | completed | failed
    counts: RunCounts = field(default_factory=RunCounts)
    new_items: int = 0  # items selected for fetching after URL dedup, --since and --limit
    stage_seconds: dict[str, float] = field(default_factory=dict)
    elapsed: float = 0.0
    error: str | None = None
    claim_events: int = 0  # new claims and changes of state found after the load
    digest: Path | None = None  # the HTML digest written after the load
    notes: list[str] = field(default_factory=list)  # warnings worth showing (e.g. digest not written)
    failed_sources: dict[str, str] = field(default_factory=dict)  # feed name -> error tag of its poll
    page_errors: dict[str, int] = field(default_factory=dict)  # error tag -> pages that failed with it
    alerts_new: int = 0  # alerts seen for the first time (each one log line, one line of the alerts file)
    alert_failures: int = 0  # deliveries still failed after the run's tries (the next run tries again)
    alert_retries: int = 0  # delivery tries beyond a row's first
    alert_errors: list[str] = field(default_factory=list)  # the error of each failed delivery
    alerts_summarised: int = 0  # alerts past a destination's budget, sent inside one summary alert

    def add_time(self, stage: str, seconds: float) -> None:
        """Accumulate seconds spent in a stage (batches add up)."""
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs shared by the table and the markdown artifact."""
        out = [(label, str(getattr(self.counts, name))) for label, name in ROWS]
        out.append(("claim events", str(self.claim_events)))
        out += self.alert_lines()
        if self.failed_sources:
            named = ", ".join(f"{name} ({why})" for name, why in sorted(self.failed_sources.items()))
            out.append(("failed sources", named))
        if self.digest is not None:
            out.append(("digest", str(self.digest)))
        out += [("note", note) for note in self.notes]
        out.append(("elapsed", f"{self.elapsed:.1f} s"))
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in self.stage_seconds.items())
        out.append(("time by stage", stages or "-"))
        out.append(("status", self.status + (f" ({self.error})" if self.error else "")))
        return out

    def alert_lines(self) -> list[tuple[str, str]]:
        """The alert rows: new alerts, failed deliveries (with their errors, the first three) and retries."""
        out = [("alerts new", str(self.alerts_new)), ("alert deliveries failed", str(self.alert_failures)),
               ("alert delivery retries", str(self.alert_retries))]
        if self.alerts_summarised:
            out.append(("alerts past the budget (in one summary)", str(self.alerts_summarised)))
        shown = self.alert_errors[:3] + ([f"... {len(self.alert_errors) - 3} more"]
                                         if len(self.alert_errors) > 3 else [])
        out += [("alert error", error) for error in shown]
        if self.counts.alerts_sent or self.alert_failures:
            out.append(("alert delivery", "attempt recorded before each send: at-least-once to webhooks "
                        "(a repeat keeps its alert_id), at most once to chat and mail"))
        return out

    def stored(self) -> int:
        """Pages of this run stored with their text (new, syndicated copies, skipped as not English...)."""
        return self.counts.new_articles + self.counts.duplicates + self.counts.skipped

    def failure(self) -> str | None:
        """Why this run failed as a whole, or None: every source failed, or nothing was stored while
        the sources had new items. A partial failure is not a failed run (its sources are named)."""
        polled, failed = self.counts.feeds_polled, self.counts.feeds_failed
        if polled and failed == polled:
            tags = sorted(set(self.failed_sources.values())) or ["error"]
            return f"every source failed ({', '.join(tags)}): {hint(tags)}"
        if self.new_items and not self.stored():
            tags = sorted(self.page_errors) or ["error"]
            return (f"stored nothing: {self.new_items} new item(s), every page failed "
                    f"({', '.join(tags)}): {hint(tags)}")
        return None

    def source_note(self) -> str | None:
        """For a run that goes on with some sources failed: what to do when the address guard refused
        one of them (the other causes are named per source in the summary already)."""
        blocked = sorted(n for n, tag in self.failed_sources.items() if tag == "blocked_address")
        return f"{', '.join(blocked)}: {hint(['blocked_address'])}" if blocked else None


def hint(tags: list[str]) -> str:
    """What to do about these fetch error tags, naming the real cause."""
    if "blocked_address" in tags:
        return ("the address guard refused a loopback/private address: set "
                "SANCTIONS_MONITOR_ALLOW_LOOPBACK=1 (127.0.0.0/8) or SANCTIONS_MONITOR_ALLOW_HOSTS=host,cidr "
                "to allow it. Details in fetch_log.")
    if {"dns_error", "connect_error", "timeout"} & set(tags):
        return "is the network reachable (DNS, proxy, firewall)? Details per source are in fetch_log."
    return "details per source are in fetch_log."


def render_table(summary: RunSummary) -> Table:
    """The summary as a rich table."""
    table = Table(title=f"ingest run {summary.run_id} -> {summary.db}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    for label, value in summary.lines():
        table.add_row(label, value)
    return table


def print_summary(summary: RunSummary, console: Console | None = None) -> None:
    """Print the summary table (to stdout unless a console is given)."""
    (console or Console()).print(render_table(summary))


def to_markdown(summary: RunSummary) -> str:
    """The summary as a GitHub-flavoured markdown table (the artifact body)."""
    from flows.reports.formats import markdown_cell  # no raw HTML from an error text or a feed name

    rows = "\n".join(f"| {markdown_cell(k)} | {markdown_cell(v)} |" for k, v in summary.lines())
    return f"### Ingest run `{summary.run_id}`\n\nWarehouse: `{summary.db}`\n\n| | |\n|---|---:|\n{rows}\n"


def publish_artifact(summary: RunSummary) -> None:
    """Publish the summary as a Prefect markdown artifact, inside a flow run; a run in-process (no
    Prefect API, flows/orchestration.py) has nowhere to keep it and only prints the summary."""
    from prefect.artifacts import create_markdown_artifact

    from flows.orchestration import in_run

    if not in_run():
        return
    create_markdown_artifact(
        markdown=to_markdown(summary), key="ingest-summary", description="sanctions-monitor ingest run"
    )


class RunProgress:
    """`with RunProgress(enabled) as p: p.stage("fetch", 40); p.advance("fetch", 10)`."""

    def __init__(self, enabled: bool | None = None, console: Console | None = None) -> None:
        console = console or Console(stderr=True)
        if enabled is None:
            enabled = console.is_terminal and sys.stderr.isatty()
        self.enabled = enabled
        self._bars: dict[str, TaskID] = {}
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description:<8}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=console, transient=False,
            )

    def __enter__(self) -> RunProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str, total: int) -> None:
        """Show (or resize) the bar of a stage."""
        if self._progress is None:
            return
        if name in self._bars:
            self._progress.update(self._bars[name], total=total)
        else:
            self._bars[name] = self._progress.add_task(name, total=total)

    def advance(self, name: str, n: int = 1) -> None:
        """Move a stage's bar forward by n."""
        if self._progress is not None and name in self._bars:
            self._progress.advance(self._bars[name], n)
