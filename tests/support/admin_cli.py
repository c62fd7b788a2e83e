"""``desk-admin`` run as its own process, as an IT clerk would run it."""

from __future__ import annotations

import subprocess
import sys


def admin(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run desk-admin with ``args`` in ``env``; the caller checks the outcome."""
    return subprocess.run(
        [sys.executable, "-m", "desk_client.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
