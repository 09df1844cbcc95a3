"""Files shipped inside packages (rule files, schemas, data), found without ``importlib.resources``.

``importlib.resources`` imports ``tempfile``, ``shutil`` and ``zipfile`` (~7 ms of every start) to
serve packages kept in zip files, which the converter is not installed as. A package on the file
system has its files beside its ``__init__``; only when they are not there is it asked.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any


def package_folder(package: str) -> Path:
    """The folder of an installed or checked-out package."""
    return Path(next(iter(importlib.import_module(package).__path__)))


def package_file(package: str, name: str) -> Any:
    """A file of ``package``: a :class:`~pathlib.Path` when it is on the file system, else what
    ``importlib.resources`` gives (a Traversable with ``read_text``, ``read_bytes`` and ``is_file``)."""
    path = package_folder(package) / name
    if path.is_file():
        return path
    from importlib import resources

    return resources.files(package).joinpath(name)
