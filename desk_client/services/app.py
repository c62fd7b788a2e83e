"""The one API every front end calls: ``build_services(config)``.

Building is cheap and does not connect. Every method is synchronous and may block on the
database, so front ends call them off the GUI thread; results are services.dto dataclasses and
refusals are DeskErrors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desk_client.config import Config
from desk_client.core.clock import Clock, SystemClock
from desk_client.services.admin import AdminService
from desk_client.services.auth import AuthService
from desk_client.services.calendar import CalendarService
from desk_client.services.cases import CaseService
from desk_client.services.catalogue import CatalogueService
from desk_client.services.checklist import ChecklistService
from desk_client.services.context import Context
from desk_client.services.cover import CoverService
from desk_client.services.health import HealthService
from desk_client.services.inquiries import InquiryService
from desk_client.services.inquiry_reports import ReportService
from desk_client.services.offline import OfflineService
from desk_client.services.printing import PrintService
from desk_client.services.queue import QueueService
from desk_client.services.rating_followups import FollowUpService
from desk_client.services.rating_stats import RatingStatsService
from desk_client.services.ratings import RatingService
from desk_client.services.supervision import SupervisorService
from desk_client.services.sync import SyncService
from desk_client.sync.notify import CallWatcher, make_watcher


@dataclass
class Services:
    config: Config
    clock: Clock
    queue: QueueService
    auth: AuthService
    admin: AdminService
    printing: PrintService
    health: HealthService
    watcher_factory: Callable[[], CallWatcher]
    context: Context
    sync: SyncService
    offline: OfflineService
    catalogue: CatalogueService
    checklist: ChecklistService
    supervision: SupervisorService
    calendar: CalendarService
    cases: CaseService
    #: Issue 6: 首问负责 inquiries, AB岗 cover (posts, absences, roster, directory), reports.
    inquiries: InquiryService
    cover: CoverService
    inquiry_reports: ReportService
    #: Issue 7: 好差评 codes and the window's feed, follow-ups of bad ratings, statistics.
    ratings: RatingService
    rating_followups: FollowUpService
    rating_stats: RatingStatsService

    def close(self) -> None:
        """Release the connection pools (tests and a clean exit)."""
        self.sync.close()
        self.printing.close()
        self.context.dispose()


def build_services(
    config: Config,
    clock: Clock | None = None,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 60,
) -> Services:
    """The pool settings matter only for many threads in one process (tests, benchmarks)."""
    ctx = Context(config, clock or SystemClock(), pool_size, max_overflow, pool_timeout)
    sync = SyncService(ctx)
    auth, printing = AuthService(ctx), PrintService(ctx)
    # The picker reads the sync service's local store (one engine per file), or, on a PC
    # without one (desk-admin), the central catalogue.
    catalogue = CatalogueService(ctx, (lambda: sync.local) if config.local_store else None)
    calendar = CalendarService(ctx, sync)
    cases = CaseService(ctx, sync, calendar, auth, printing)
    queue = QueueService(ctx)
    cover = CoverService(ctx, sync, calendar, queue)
    inquiries = InquiryService(ctx, sync, calendar, cover, printing, catalogue)
    return Services(
        config=config,
        clock=ctx.clock,
        queue=queue,
        auth=auth,
        admin=AdminService(ctx),
        printing=printing,
        health=HealthService(ctx),
        watcher_factory=lambda: make_watcher(config.database_url, config.hall_code),
        context=ctx,
        sync=sync,
        offline=OfflineService(ctx, sync),
        catalogue=catalogue,
        checklist=ChecklistService(
            ctx, sync, catalogue, printing, auth, cases=cases, calendar=calendar
        ),
        supervision=SupervisorService(ctx),
        calendar=calendar,
        cases=cases,
        inquiries=inquiries,
        cover=cover,
        inquiry_reports=ReportService(ctx, cover, inquiries),
        ratings=RatingService(ctx, sync, cover, printing),
        rating_followups=FollowUpService(ctx, calendar),
        rating_stats=RatingStatsService(ctx, catalogue),
    )
