"""desk-rating's hourly pass of the hall option "unrated after N natural days counts as
基本满意" (web.defaults), against a real central database: only old unrated visits, once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.web.defaults import DefaultsSweeper
from tests.integration.rating_service_helpers import pc, ticket_code

__all__ = ["pc"]  # the fixture, used by name


def test_the_sweeper_defaults_old_unrated_visits_once(pc: Services) -> None:
    assert isinstance(pc.clock, FakeClock)
    pc.clock.set(datetime.now(UTC) - timedelta(days=8))  # the sweeper runs on the real clock
    old = ticket_code(pc)
    pc.clock.set(datetime.now(UTC) - timedelta(days=1))
    ticket_code(pc)  # too recent to count
    pc.sync.sync_once()  # the visits reach the central database
    sweeper = DefaultsSweeper(replace(pc.config, local_store=""))
    assert sweeper.sweep_once() == 0  # the option is off by default
    pc.ratings.update_settings(default_after_days=7)
    assert sweeper.sweep_once() == 1
    assert sweeper.sweep_once() == 0
    (rated,) = pc.ratings.fetch_new()
    assert (rated.visit_id, rated.overall, rated.defaulted) == (old.visit_id, 3, True)
