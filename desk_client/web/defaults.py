"""The hall option "a visit not rated within N natural days counts as 基本满意" needs someone
to apply it, and desk-rating is the hall's one always-on service: its main process runs the
page service's ``apply_defaults`` once at start and then every hour (idempotent: a visit rated
meanwhile, by the citizen or by another run, is left alone by the unique constraint).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from desk_client.config import Config
from desk_client.core.clock import SystemClock
from desk_client.services.context import Context
from desk_client.services.rating_page import RatingPageService

log = logging.getLogger(__name__)
EVERY_S = 3600.0


def apply_once(config: Config) -> int:
    """One pass with a page service of its own (the rating page's database account)."""
    page = RatingPageService(Context(config, SystemClock(), pool_size=1, max_overflow=0))
    try:
        return page.apply_defaults()
    finally:
        page.close()


class DefaultsSweeper(threading.Thread):
    def __init__(
        self,
        config: Config,
        every_s: float = EVERY_S,
        apply: Callable[[Config], int] = apply_once,
    ) -> None:
        super().__init__(name="desk-rating-defaults", daemon=True)
        self._config, self._every_s, self._apply = config, every_s, apply
        self._stopping = threading.Event()

    def run(self) -> None:
        while True:
            self.sweep_once()
            if self._stopping.wait(self._every_s):
                return

    def sweep_once(self) -> int:
        """How many visits were defaulted; 0 (logged) when the database is away this time."""
        try:
            done = self._apply(self._config)
        except Exception:  # the next hour tries again; the page itself goes on serving
            log.exception("applying the default ratings failed")
            return 0
        if done:
            log.info("%d unrated visits counted as 基本满意 (defaulted)", done)
        return done

    def stop(self) -> None:
        self._stopping.set()
