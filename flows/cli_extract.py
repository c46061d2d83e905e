"""Compatibility only: the extract command is flows/cli/extract.py. Kept for tests/test_arms_extract.py,
which the extraction rewrite owns; delete once it imports flows.cli.extract."""

from flows.cli.extract import extract_cmd

__all__ = ["extract_cmd"]
