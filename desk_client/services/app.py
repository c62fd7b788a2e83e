"""The one API every front end calls: ``build_services(config)``.

Building is cheap: it neither connects nor imports a service module. Each service is made on
its first use, its module imported only then, so SQLAlchemy, reportlab and the service modules
stay off a program's start-up path until a job needs them (the Qt program paints its first
window first, and its worker calls ``build_all`` while the clerk types the password). A lock
makes each service once even when the GUI thread and the worker ask for it together.

Every method is synchronous and may block on the database, so front ends call them off the
GUI thread; results are services.dto dataclasses and refusals are DeskErrors.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, cast, overload

from desk_client.config import Config
from desk_client.core.clock import Clock, SystemClock

if TYPE_CHECKING:
    from desk_client.services.admin import AdminService
    from desk_client.services.appointments import AppointmentService
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
    from desk_client.services.queue_stats import QueueStatsService
    from desk_client.services.rating_followups import FollowUpService
    from desk_client.services.rating_stats import RatingStatsService
    from desk_client.services.ratings import RatingService
    from desk_client.services.supervision import SupervisorService
    from desk_client.services.sync import SyncService
    from desk_client.sync.notify import CallWatcher

T = TypeVar("T")


class _Lazy(Generic[T]):
    """A Services attribute made by ``make(services)`` on first access, then kept in the
    instance's ``__dict__`` (which wins over this non-data descriptor: later reads are plain
    attribute reads)."""

    def __init__(self, make: Callable[[Services], T]) -> None:
        self._make = make
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Lazy[T]: ...

    @overload
    def __get__(self, obj: Services, owner: type | None = None) -> T: ...

    def __get__(self, obj: Services | None, owner: type | None = None) -> _Lazy[T] | T:
        if obj is None:
            return self
        return obj.made(self.name, self._make)


# ---- how each service is made (its module imported here, at first use) ----------------------
def _context(s: Services) -> Context:
    from desk_client.services.context import Context

    return Context(s.config, s.clock, *s.pool)


def _sync(s: Services) -> SyncService:
    from desk_client.services.sync import SyncService

    return SyncService(s.context)


def _auth(s: Services) -> AuthService:
    from desk_client.services.auth import AuthService

    return AuthService(s.context)


def _printing(s: Services) -> PrintService:
    from desk_client.services.printing import PrintService

    return PrintService(s.context)


def _admin(s: Services) -> AdminService:
    from desk_client.services.admin import AdminService

    return AdminService(s.context)


def _health(s: Services) -> HealthService:
    from desk_client.services.health import HealthService

    return HealthService(s.context)


def _queue(s: Services) -> QueueService:
    from desk_client.services.queue import QueueService

    return QueueService(s.context)


def _offline(s: Services) -> OfflineService:
    from desk_client.services.offline import OfflineService

    return OfflineService(s.context, s.sync)


def _catalogue(s: Services) -> CatalogueService:
    """The picker reads the sync service's local store (one engine per file), or, on a PC
    without one (desk-admin), the central catalogue."""
    from desk_client.services.catalogue import CatalogueService

    return CatalogueService(s.context, (lambda: s.sync.local) if s.config.local_store else None)


def _calendar(s: Services) -> CalendarService:
    from desk_client.services.calendar import CalendarService

    return CalendarService(s.context, s.sync)


def _cases(s: Services) -> CaseService:
    from desk_client.services.cases import CaseService

    return CaseService(s.context, s.sync, s.calendar, s.auth, s.printing)


def _checklist(s: Services) -> ChecklistService:
    from desk_client.services.checklist import ChecklistService

    return ChecklistService(
        s.context, s.sync, s.catalogue, s.printing, s.auth, cases=s.cases, calendar=s.calendar
    )


def _supervision(s: Services) -> SupervisorService:
    from desk_client.services.supervision import SupervisorService

    return SupervisorService(s.context)


def _cover(s: Services) -> CoverService:
    from desk_client.services.cover import CoverService

    return CoverService(s.context, s.sync, s.calendar, s.queue)


def _inquiries(s: Services) -> InquiryService:
    from desk_client.services.inquiries import InquiryService

    return InquiryService(s.context, s.sync, s.calendar, s.cover, s.printing, s.catalogue)


def _inquiry_reports(s: Services) -> ReportService:
    from desk_client.services.inquiry_reports import ReportService

    return ReportService(s.context, s.cover, s.inquiries)


def _ratings(s: Services) -> RatingService:
    from desk_client.services.ratings import RatingService

    return RatingService(s.context, s.sync, s.cover, s.printing)


def _rating_followups(s: Services) -> FollowUpService:
    from desk_client.services.rating_followups import FollowUpService

    return FollowUpService(s.context, s.calendar)


def _rating_stats(s: Services) -> RatingStatsService:
    from desk_client.services.rating_stats import RatingStatsService

    return RatingStatsService(s.context, s.catalogue)


def _appointments(s: Services) -> AppointmentService:
    """Booking asks the roster which categories a day serves (the kiosk's rule)."""
    from desk_client.services.appointments import AppointmentService

    return AppointmentService(s.context, s.cover)


def _queue_stats(s: Services) -> QueueStatsService:
    from desk_client.services.queue_stats import QueueStatsService

    return QueueStatsService(s.context, s.printing)


class Services:
    """Every service of one program, each made on first use (see the module's docstring)."""

    context = _Lazy(_context)
    queue = _Lazy(_queue)
    auth = _Lazy(_auth)
    admin = _Lazy(_admin)
    printing = _Lazy(_printing)
    health = _Lazy(_health)
    sync = _Lazy(_sync)
    offline = _Lazy(_offline)
    catalogue = _Lazy(_catalogue)
    checklist = _Lazy(_checklist)
    supervision = _Lazy(_supervision)
    calendar = _Lazy(_calendar)
    cases = _Lazy(_cases)
    #: Issue 6: 首问负责 inquiries, AB岗 cover (posts, absences, roster, directory), reports.
    inquiries = _Lazy(_inquiries)
    cover = _Lazy(_cover)
    inquiry_reports = _Lazy(_inquiry_reports)
    #: Issue 7: 好差评 codes and the window's feed, follow-ups of bad ratings, statistics.
    ratings = _Lazy(_ratings)
    rating_followups = _Lazy(_rating_followups)
    rating_stats = _Lazy(_rating_stats)
    #: 预约: booking, cancelling and the day's appointments (the kiosk checks them in).
    appointments = _Lazy(_appointments)
    #: 叫号统计: the queue's figures by day, hour, category, window or clerk.
    queue_stats = _Lazy(_queue_stats)

    def __init__(self, config: Config, clock: Clock, pool: tuple[int, int, float]) -> None:
        self.config = config
        self.clock = clock
        #: The engine's pool_size, max_overflow and pool_timeout (see build_services).
        self.pool = pool
        self._lock = threading.RLock()  # re-entrant: making cases makes sync, calendar...

    def made(self, name: str, make: Callable[[Services], T]) -> T:
        """The attribute ``name``, made by ``make`` under the lock if nobody made it yet."""
        found = self.__dict__.get(name)
        if found is None:
            with self._lock:
                found = self.__dict__.get(name)
                if found is None:
                    found = self.__dict__[name] = make(self)
        return cast(T, found)

    def built(self, name: str) -> bool:
        """Whether the service ``name`` was made (nothing is imported to answer)."""
        return name in self.__dict__

    def build_all(self) -> None:
        """Make every service now: a worker warms up with this so that later reads of an
        attribute, on any thread, find it made."""
        for name, value in vars(Services).items():
            if isinstance(value, _Lazy):
                getattr(self, name)

    def watcher_factory(self) -> CallWatcher:
        """A new live-update watcher (LISTEN/NOTIFY, or polling) for this hall."""
        from desk_client.sync.notify import make_watcher

        return make_watcher(self.config.database_url, self.config.hall_code)

    def close(self) -> None:
        """Release the connection pools of what was made (tests and a clean exit)."""
        if self.built("sync"):
            self.sync.close()
        if self.built("printing"):
            self.printing.close()
        if self.built("context"):
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
    return Services(config, clock or SystemClock(), (pool_size, max_overflow, pool_timeout))
