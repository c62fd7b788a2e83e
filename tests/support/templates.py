"""Migrated SQLite files to copy: a test's new store starts at the head revision.

Bringing a new SQLite store to head runs every Alembic revision (0.1 to 0.2 s of CPU each
time), and most integration and GUI tests open a store of their own. So each test process
migrates each tree once, into a folder of the session's, and a test's store starts as a copy
of that file. The migrations themselves are tested on their own (test_migrations and the
revision tests), and a copied store is opened by the program as any store at head.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

_folder: list[Path] = []
_made: dict[str, Path] = {}
_lock = threading.Lock()


def use_folder(folder: Path) -> None:
    """Where this process keeps its templates (the session's temporary folder)."""
    _folder[:] = [folder]
    _made.clear()


def copy_migrated(tree: str, target: Path) -> Path:
    """Write ``target`` as a new SQLite file of ``tree`` ("central" or "local") at head."""
    shutil.copyfile(_template(tree), target)
    return target


def _template(tree: str) -> Path:
    from desk_client.store import migrate

    with _lock:
        if tree not in _made:
            if not _folder:
                raise RuntimeError("templates.use_folder was not called (tests/conftest.py)")
            path = _folder[0] / f"{tree}.db"
            migrate.upgrade(f"sqlite:///{path}", tree)
            _made[tree] = path
        return _made[tree]
