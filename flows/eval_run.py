"""Compatibility only: the quality gate's I/O is flows/cli/evaluate.py. Kept for
tests/test_quality_gate.py, which the extraction rewrite owns; delete once it imports flows.cli.evaluate."""

from flows.cli.evaluate import EvalResult, evaluate, load_labels

__all__ = ["EvalResult", "evaluate", "load_labels"]
