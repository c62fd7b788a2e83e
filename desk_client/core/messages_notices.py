"""Messages of the notices part of issue 4 (zh_CN and en); merged into core.messages.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {}
