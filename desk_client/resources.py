"""Where the shipped resources (fonts, sounds, demo data) are.

They live in ``resources/`` at the repository root, beside the package (an editable install
keeps that layout); ``DESK_RESOURCES`` points elsewhere for packaged builds.
"""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("DESK_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
