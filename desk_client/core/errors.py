"""One error type for every refusal a user can see.

A DeskError carries a message code and its parameters, never a finished sentence, so each
front end shows it in the user's language (zh_CN first, English second).
"""

from __future__ import annotations

from typing import Any

from desk_client.core.messages import translate


class DeskError(Exception):
    """A refusal with a clear reason; raising one means nothing was changed."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, language: str = "zh_CN") -> str:
        return translate(self.code, language, **self.params)

    def __str__(self) -> str:
        return self.message("en")
