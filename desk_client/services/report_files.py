"""Writing a report a user asked for (a CSV, a PDF) to the path they chose.

One place for it, so every export refuses an unwritable path the same way: report.unwritable
naming the file and the system's reason, in the user's language, nothing half written
reported as done. Text is written as given (a CSV carries its own BOM) with no newline
translation, so the CSV's CRLF rows reach Excel unchanged.
"""

from __future__ import annotations

from pathlib import Path

from desk_client.core.errors import DeskError


def write_report(path: str | Path, content: str | bytes) -> None:
    try:
        if isinstance(content, bytes):
            Path(path).write_bytes(content)
        else:
            Path(path).write_text(content, encoding="utf-8", newline="")
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise DeskError("report.unwritable", file=str(path), detail=detail) from exc
