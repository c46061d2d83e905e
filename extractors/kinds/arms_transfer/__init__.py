"""Arms transfers: supplier -> recipient of weapons, asserted, denied or planned."""

from extractors.kinds.arms_transfer.build import build

TYPE = "arms_transfer"
__all__ = ["TYPE", "build"]
