"""A refused file's problems, as the calendar and roster imports show them.

An import is all or nothing and refuses with a DeskError that carries ``problems`` (each with
``message``, naming its line). The worker hands only a message to the GUI thread, so the lines
are read on the worker's side (:func:`refusal_lines`) and shown in a ProblemList: the headline
first ("排班文件有 3 处问题，未导入任何排班："), then one problem a line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QPlainTextEdit

from desk_client.core.errors import DeskError


def refusal_lines(error: DeskError, language: str) -> tuple[str, ...]:
    """The refusal's headline, then each problem it carries, in ``language``."""
    problems = getattr(error, "problems", ())
    return (error.message(language), *(p.message(language) for p in problems))


class ProblemList(QPlainTextEdit):
    """Read-only, hidden until a refusal has lines to show."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setMaximumHeight(140)
        self.hide()

    def show_lines(self, lines: Sequence[str]) -> None:
        self.setPlainText("\n".join(lines))
        self.show()
