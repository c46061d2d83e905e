"""UN Security Council resolution violations: who violated which resolution, asserted or denied."""

from extractors.kinds.un_violation.build import build

TYPE = "un_violation"
__all__ = ["TYPE", "build"]
