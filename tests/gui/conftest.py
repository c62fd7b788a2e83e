"""GUI fixtures: real services on a SQLite file in tmp_path, a fake clock, the mock voice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from desk_client.ui.app import Shell, launch
from desk_client.ui.collector import pin_collection, unpin_collection
from tests.support.templates import copy_migrated


@pytest.fixture(autouse=True)
def gui_thread_collection(qapp: QApplication) -> Iterator[None]:
    """As in the program (ui/collector.py): cycles are collected on the GUI thread only while
    a test's threads run; once its fixtures stopped them, everything is collected here."""
    pin_collection()
    yield
    unpin_collection()


@pytest.fixture
def hall_config(tmp_path: Path) -> Config:
    return Config(
        database_url=f"sqlite:///{tmp_path / 'hall.db'}",
        local_store=str(tmp_path / "local.db"),
        print_mode="pdf",
        print_dir=str(tmp_path / "print"),
        window=3,
        poll_ms=100,
        retry_s=1,
    )


@pytest.fixture
def services(hall_config: Config, fake_clock: FakeClock) -> Services:
    """The hall of ``hall_config``: its two SQLite files start migrated (tests/support/
    templates.py); the first start seeds the demo hall as the program does."""
    copy_migrated("central", Path(hall_config.database_url.removeprefix("sqlite:///")))
    copy_migrated("local", Path(hall_config.local_store))
    built = build_services(hall_config, fake_clock)
    built.admin.ensure_ready(seed_demo_if_new=True)
    return built


@pytest.fixture
def start_shell(qtbot: QtBot, fake_clock: FakeClock) -> Iterator[Callable[[Config], Shell]]:
    """Launch the program in-process (no exec()); every shell is shut down afterwards."""
    shells: list[Shell] = []

    def start(config: Config) -> Shell:
        shell = launch(config, fake_clock, tts_engine="mock")
        shells.append(shell)
        return shell

    yield start
    for shell in shells:
        shell.shutdown()
