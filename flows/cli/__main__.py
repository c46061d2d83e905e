"""`python -m flows.cli ...` runs the command line."""

from flows.cli import app

app()
