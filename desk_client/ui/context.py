"""What every window of the program shares: the services, the one worker, the labels."""

from __future__ import annotations

from dataclasses import dataclass

from desk_client.services.app import Services
from desk_client.ui.connection import ConnectionMonitor
from desk_client.ui.i18n import Labels
from desk_client.ui.sync import SyncBridge
from desk_client.ui.worker import ServiceRunner


@dataclass(frozen=True)
class UiContext:
    services: Services
    runner: ServiceRunner
    labels: Labels
    monitor: ConnectionMonitor
    #: The sync worker's reports on the GUI thread; None where nothing syncs (screenshots).
    sync: SyncBridge | None = None
