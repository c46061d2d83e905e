"""The `sanctions-monitor` command line (console script `flows.cli:app`).

Every command is a plain function in a module of this package, registered here by a plain import:
`run`, `demo`, `reprocess` (app.py: they write the warehouse), `extract` (extract.py: local files, no
database), `report` and `sql` (query.py: read-only), `eval` (evaluate.py), and the `lists` sub-app
(lists.py: refresh | diff | match).
"""

from flows.cli.app import app, demo_cmd, guarded, reprocess_cmd, run_cmd, serve_demo_cmd
from flows.cli.evaluate import eval_cmd
from flows.cli.extract import extract_cmd
from flows.cli.lists import lists_app
from flows.cli.query import report_cmd, sql_cmd

for _name, _command in (
    ("run", run_cmd), ("demo", demo_cmd), ("serve-demo", serve_demo_cmd),
    ("reprocess", reprocess_cmd), ("extract", extract_cmd),
    ("report", report_cmd), ("sql", sql_cmd), ("eval", eval_cmd),
):
    app.command(_name)(guarded(_command))
app.add_typer(lists_app)  # lists refresh | diff | match

__all__ = ["app"]
