"""py3langid's model without its start-up cost: the packaged model is an LZMA-compressed npz that takes
1.5-3 s to decompress at every process start (as long as loading the spaCy model). It is decompressed
once into the user's cache (`$XDG_CACHE_HOME/sanctions-monitor/`, else `~/.cache/...`) and read from
there, uncompressed and without pickle, in a few hundred milliseconds. A cache that cannot be written or
read is skipped: the packaged file is always the source of truth (the cache key is py3langid's version
and the packaged file's size).

- `load_identifier(**kwargs) -> LanguageIdentifier`
"""

from __future__ import annotations

import lzma
import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import _to_array


def cache_dir() -> Path:
    """Where decompressed models are kept for later processes."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sanctions-monitor"


def _cached_npz(packaged: Path) -> Path | None:
    """The decompressed copy of `packaged`, made on first use; None when the cache is not writable."""
    target = cache_dir() / f"langid-{version('py3langid')}-{packaged.stat().st_size}.npz"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=target.parent, suffix=".part")
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as out, lzma.open(packaged) as src:
            shutil.copyfileobj(src, out, length=1 << 20)
        os.replace(part, target)  # whole or absent: a reader never sees half a file
    except OSError:
        Path(part).unlink(missing_ok=True)
        return None
    return target


def load_identifier(**kwargs: Any) -> LanguageIdentifier:
    """py3langid's packaged model, read from the decompressed cache when it can be."""
    packaged = MODEL_DIR / MODEL_FILE
    cached = _cached_npz(packaged)
    if cached is None:
        return LanguageIdentifier.from_model_file(packaged, **kwargs)
    try:
        with np.load(cached, allow_pickle=False) as data:
            return LanguageIdentifier(
                np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                _to_array(data["nextmove"]), data["out_feat"].tolist(),
                tk_row=_to_array(data["nextmove_row"]), **kwargs)
    except (OSError, ValueError, KeyError):  # a damaged cache file: the packaged model, as without one
        return LanguageIdentifier.from_model_file(packaged, **kwargs)
