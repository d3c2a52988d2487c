"""Saving scikit-learn estimators with skops (no pickle) and loading them with an allowlist."""

from __future__ import annotations

from pathlib import Path

from inference.errors import ModelLoadError

#: Modules whose types a saved sgtag estimator may contain.
_TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "collections.", "re.")


def dump(obj, path: Path) -> None:
    import skops.io as sio

    sio.dump(obj, path)


def load(path: Path):
    """Load a skops file, refusing any type outside scikit-learn, NumPy and SciPy."""
    import skops.io as sio

    if not path.exists():
        raise ModelLoadError(f"{path}: estimator file not found")
    untrusted = sio.get_untrusted_types(file=path)
    foreign = [t for t in untrusted if not t.startswith(_TRUSTED_PREFIXES)]
    if foreign:
        raise ModelLoadError(f"{path}: refusing to load types outside scikit-learn/NumPy/SciPy: {', '.join(foreign)}")
    return sio.load(path, trusted=untrusted)
