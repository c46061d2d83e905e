"""`sanctions-monitor lists refresh | diff | match`: the official lists from the command line.

The `lists` sub-app; registered in flows/cli/__init__.py by a plain import.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from extractors.errors import MonitorError
from flows.cli.app import guarded

lists_app = typer.Typer(
    name="lists", no_args_is_help=True, help="Official sanctions lists: refresh, diff, match."
)
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output: text | json.")]
ListFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--list-format",
        help="un_xml | ofac_csv | ofac_xml | eu_xml | uk_csv (detected from the file when omitted).",
    ),
]


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        raise MonitorError(f"--format {fmt!r}: expected text or json")


@lists_app.command("diff")
@guarded
def diff_cmd(
    old: Annotated[Path, typer.Argument(help="The older file (for OFAC CSV: sdn.csv or its folder).")],
    new: Annotated[Path, typer.Argument(help="The newer file of the same list.")],
    fmt: FormatOpt = "text",
    list_format: ListFormatOpt = None,
    examples: Annotated[int, typer.Option("--examples", min=0, help="Examples per kind of change.")] = 5,
) -> None:
    """Compare two files of one list by the list's own entity ids: added, removed, changed (and what)."""
    from extractors.lists import diff_versions
    from flows.lists.files import load_publication

    _check_format(fmt)
    before = load_publication(old, old.name, list_format)
    after = load_publication(new, new.name, list_format or before.format)
    after = dataclasses.replace(after, list_name=before.list_name)  # two files of one list, one name
    summary = diff_versions(before, after).summary(examples)
    summary.pop("list")
    if fmt == "json":
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    console = Console()
    versions = [summary["old_version"] or "no version", summary["new_version"] or "no version"]
    console.print(f"{old} ({versions[0]}) -> {new} ({versions[1]})")
    console.print(
        f"added {summary['added']}, removed {summary['removed']}, changed {summary['changed']}"
        + (
            f" ({', '.join(f'{k} {v}' for k, v in summary['changed_fields'].items())})"
            if summary["changed_fields"]
            else ""
        )
    )
    for kind in ("added", "removed", "changed"):
        for e in summary["examples"][kind]:
            console.print(f"  {kind}: {e['id']} {e['name']} [{', '.join(e['programmes'])}]", highlight=False)


@lists_app.command("match")
@guarded
def match_cmd(
    name: Annotated[str, typer.Argument(help="A name as the news writes it.")],
    country: Annotated[
        str | None, typer.Option("--country", help="ISO3 country of the party (breaks ties).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="person | company | group | vessel (breaks ties).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
    fmt: FormatOpt = "text",
    db: Annotated[
        Path | None, typer.Option("--db", help="Warehouse (its snapshot is read when present).")
    ] = None,
    list_file: Annotated[
        list[Path] | None,
        typer.Option(
            "--list-file", help="Match against this list file instead of the warehouse (repeatable)."
        ),
    ] = None,
) -> None:
    """Candidates for NAME among the listed entities and their aliases, with scores, best first."""
    from extractors.lists import THRESHOLD

    _check_format(fmt)
    index = _file_index(list_file) if list_file else _warehouse_index(db)
    found = index.match(name, country=country.upper() if country else None, kind=kind, limit=limit)
    rows: list[dict[str, Any]] = [
        {
            "list": c.list_name,
            "entity_id": c.entity_id,
            "name": c.name,
            "matched_name": c.matched_name,
            "score": c.score,
            "listed": c.score >= THRESHOLD,
            "schema": c.schema,
            "countries": list(c.countries),
            "programmes": list(c.programmes),
            "listed_on": c.listed_on,
            "country_match": c.country_match,
        }
        for c in found
    ]
    if fmt == "json":
        typer.echo(
            json.dumps(
                {"query": name, "threshold": THRESHOLD, "candidates": rows}, ensure_ascii=False, indent=2
            )
        )
        return
    table = Table("score", "list", "id", "name", "matched", "countries", "programmes")
    for r in rows:
        table.add_row(
            f"{r['score']:.3f}" + (" *" if r["listed"] else ""),
            r["list"],
            r["entity_id"],
            r["name"],
            r["matched_name"],
            ",".join(r["countries"]),
            ",".join(r["programmes"]),
        )
    Console().print(table)
    Console().print(f"* = at or above the listed threshold {THRESHOLD}", highlight=False)


def _file_index(paths: list[Path]) -> Any:
    from extractors.lists import Listed, MatchIndex
    from flows.lists.files import load_publication

    listed = []
    for path in paths:
        version = load_publication(path, path.stem)
        listed += [Listed(path.stem, e) for e in version.entities.values()]
    return MatchIndex(listed)


def _warehouse_index(db: Path | None) -> Any:
    from flows.lists.reconcile import load_index
    from flows.settings import Settings
    from flows.warehouse import open_for_reading

    reader = open_for_reading(Settings.load(db=db).db)
    try:
        index, _ = load_index(reader.con)
    except Exception as exc:
        raise MonitorError(
            f"{reader.path}: no list data to match against ({exc}); run `lists refresh` first"
        ) from exc
    finally:
        reader.con.close()
    if not len(index):
        raise MonitorError(
            f"{reader.path}: no list has been loaded yet; run `sanctions-monitor lists refresh`"
        )
    return index


@lists_app.command("refresh")
@guarded
def refresh_cmd(
    lists_file: Annotated[
        Path | None, typer.Option("--lists", help="Lists file. Default: lists.toml of the installation.")
    ] = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB warehouse file.")] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Refresh only this list (repeatable).")
    ] = None,
) -> None:
    """Fetch every enabled list (conditional GET), store the raw files, load new versions and their
    changes, update claims and alerts and reconcile the news; exit 1 when a list failed (its previous
    version stays current)."""
    from flows.lists.config import load_lists
    from flows.lists.flow import run_lists
    from flows.settings import Settings

    settings = Settings.load(db=db)
    configs = load_lists(lists_file)  # a bad lists file fails here, before Prefect starts
    done = run_lists(settings, configs=configs, only=only)
    table = Table("list", "status", "entities", "added", "removed", "changed")
    for o in done.outcomes:
        s = o.diff.summary(0) if o.diff else {}
        table.add_row(
            o.list_name,
            o.status,
            str(o.entities or ""),
            str(s.get("added", "")),
            str(s.get("removed", "")),
            str(s.get("changed", "")),
        )
    console = Console()
    console.print(table)
    for o in done.failed:
        console.print(
            f"[bold red]{o.list_name}[/]: {o.error} (the previous version stays current)",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"{done.alerts} list alert(s), {done.claim_events} claim event(s); reconciliation: "
        f"{done.reconciled or 'nothing to reconcile'}",
        highlight=False,
    )
    if done.failed:
        raise typer.Exit(1)
