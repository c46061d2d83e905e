"""sanctions-monitor's flows: Prefect flows and tasks and every kind of I/O, as packages.

- `settings.py`  every setting, read once (`Settings.load`), and where the package's own files are
- `net/`         guarded HTTP: the client, the address guard, robots.txt
- `ingest/`      sources (feeds.toml), poll, fetch, process, load; the flow; the post-run step; reprocess
- `warehouse/`   the DuckDB store, its rows, migrations, the lock, the readers' snapshot, all SQL files
- `claims/`      mentions grouped into claims, and their changes of state
- `alerts/`      claim events -> queued alerts -> delivery to the configured destinations
- `reports/`     the SQL report catalogue, output formats, the HTML digest, the weekly flow
- `cli/`         the `sanctions-monitor` command line
- `demo/`        the bundled sample site on loopback and the demo's printout
"""
