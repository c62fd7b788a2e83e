"""Plain, immutable results of the use cases. Front ends never see ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class HallInfo:
    code: str
    name: str
    timezone: str


@dataclass(frozen=True)
class StaffSession:
    """Who is logged in, at which window."""

    staff_id: int
    staff_no: str
    name: str
    role: str  # clerk | supervisor | admin
    hall: HallInfo
    window_number: int | None
    #: Logged in against this PC's login cache while the central database was unreachable.
    offline: bool = False
    #: The clerk's office phone, printed on the notices they issue (issue 4).
    phone: str = ""


@dataclass(frozen=True)
class WindowInfo:
    id: int
    number: int
    name: str
    category_codes: tuple[str, ...]


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    code: str
    name: str
    prefix: str


@dataclass(frozen=True)
class TicketView:
    id: int
    number: str
    category_code: str
    category_name: str
    state: str  # a core.queue.TicketState value
    priority: bool
    appointment: bool
    service_day: date
    issued_at: datetime
    call_count: int = 0
    window_number: int | None = None
    target_window_number: int | None = None
    called_at: datetime | None = None
    finished_at: datetime | None = None
    transferred: bool = False


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk prints: the ticket, how many are ahead, the estimate."""

    ticket: TicketView
    hall: HallInfo
    people_ahead: int
    estimated_wait_min: int | None


@dataclass(frozen=True)
class CategoryQueue:
    code: str
    name: str
    prefix: str
    waiting: int
    estimated_wait_min: int | None


@dataclass(frozen=True)
class CallRecord:
    """One call or recall, for the hall display and the voice."""

    id: int
    number: str
    window_number: int
    kind: str  # call | recall
    called_at: datetime


@dataclass(frozen=True)
class WindowState:
    """Everything the clerk's queue panel shows."""

    window: WindowInfo
    current: TicketView | None
    held: tuple[TicketView, ...]
    served_today: tuple[TicketView, ...]
    queues: tuple[CategoryQueue, ...]


@dataclass(frozen=True)
class HallBoard:
    """Everything the hall display shows."""

    hall: HallInfo
    recent_calls: tuple[CallRecord, ...]
    queues: tuple[CategoryQueue, ...]


@dataclass(frozen=True)
class CallResult:
    """The answer to "call next": a ticket, or None when nobody waits for this window."""

    ticket: TicketView | None
    claim_id: str


@dataclass(frozen=True)
class ConnectionStatus:
    online: bool
    backend: str  # postgresql | mysql | sqlite
    detail: str = ""
    since: datetime | None = None


@dataclass(frozen=True)
class RasterPage:
    """One printed page as pixels (the ui wraps it in a QImage to preview or print)."""

    width: int
    height: int
    dpi: int
    rgba: bytes


@dataclass(frozen=True)
class PrintedDocument:
    """A document ready to print: its PDF, and the pages already rasterised."""

    kind: str  # ticket | ...
    number: str
    pdf: bytes
    pages: tuple[RasterPage, ...]


# -- sync engine and offline walk-ins (issue 3) ------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar says about sync: the mode, and how many events wait."""

    state: str  # starting | online | offline | refused | stopped | idle (worker not running)
    pending: int
    oldest_pending_at: datetime | None
    rejected: int
    last_error: str = ""
    error_code: str = ""
    last_sync_at: datetime | None = None


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    rejected: int
    pulled: int


@dataclass(frozen=True)
class OutboxEventView:
    """One recorded event (the pending list, and poison events with the central reason)."""

    client_seq: int
    event_id: str
    type: str
    payload: str
    occurred_at: datetime
    actor: str
    status: str  # pending | acked | rejected
    reason: str | None = None


@dataclass(frozen=True)
class ChainBreakView:
    device_id: str
    client_seq: int
    problem: str  # gap | link | hash | head


@dataclass(frozen=True)
class DeviceView:
    """A PC of the hall as the central database knows it (desk-admin devices): its desk
    number (None until it registered, sync.desks) and the last event it pushed."""

    device_id: str
    desk: int | None
    registered_at: datetime
    last_client_seq: int
    this_pc: bool


@dataclass(frozen=True)
class AuditReport:
    devices: int
    events: int
    breaks: tuple[ChainBreakView, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


@dataclass(frozen=True)
class EmergencyTicket:
    """An offline walk-in (应急号) served at a window: W03-001."""

    number: str
    window_number: int
    category_code: str
    service_day: date
    staff_no: str
    issued_at: datetime
    called_at: datetime | None = None
    finished_at: datetime | None = None
