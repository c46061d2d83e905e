"""Compatibility only: the eval command is flows/cli/evaluate.py. Kept for tests/test_quality_gate.py,
which the extraction rewrite owns; delete once it imports flows.cli.evaluate."""

from flows.cli.evaluate import eval_cmd

__all__ = ["eval_cmd"]
