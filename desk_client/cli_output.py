"""What every desk-admin command prints: a line on stdout, and a refused file's problems.

A refused import (roster, departments, calendar, catalogue) exits 1 and changes nothing; it
prints the refusal and every problem, one a line, on stderr, and with --json the problems on
stdout too, each where it is (its line, or its place in a workbook) with its message.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from desk_client.core.errors import DeskError


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def line_of(problem: Any) -> dict[str, object]:
    return {"line": problem.line}


def file_refused(
    exc: DeskError,
    lang: str,
    as_json: bool,
    where: Callable[[Any], dict[str, object]] = line_of,
) -> int:
    """Print ``exc`` and its ``problems``; the exit status (1)."""
    problems: Sequence[Any] = getattr(exc, "problems", ())
    if as_json:
        found = [where(p) | {"message": p.message(lang)} for p in problems]
        out(json.dumps({"ok": False, "problems": found}, ensure_ascii=False))
    sys.stderr.write(exc.message(lang) + "\n")
    sys.stderr.writelines(problem.message(lang) + "\n" for problem in problems)
    return 1


def settings_command(
    changes: Mapping[str, object],
    update: Callable[..., Any],
    current: Callable[[], Any],
    as_json: bool,
) -> int:
    """A ``settings`` command (ratings, appointments): apply the options given (None: not
    given; the service checks them together), else read the settings; print them, a
    ``name<TAB>value`` line each or one JSON object. The exit status (0)."""
    given = {name: value for name, value in changes.items() if value is not None}
    found = update(**changes) if given else current()
    if as_json:
        out(json.dumps(asdict(found), default=str, ensure_ascii=False))
    else:
        for name, value in asdict(found).items():
            out(f"{name}\t{value}")
    return 0
