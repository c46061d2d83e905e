"""Sanctions: an authority imposes, plans or lifts a measure on a target."""

from extractors.kinds.sanction.build import build

TYPE = "sanction"
__all__ = ["TYPE", "build"]
