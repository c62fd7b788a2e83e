"""Plain, immutable results of the queue statistics (叫号统计).

A report groups the period's tickets by ``by``: ``day`` (service day), ``hour`` (the hour of
the hall's clock a ticket was issued in), ``category`` (a ticket's category at the end of the
day: a transfer to another category moves it), ``window`` or ``staff``. The first three count
tickets; the last two count what each window or clerk did (calls, finishes, transfers out),
so a ticket served at two windows counts at both. Columns that do not apply to a grouping are
``None`` (a window issues no tickets) and are shown as "—".

Times are whole seconds. ``wait_*`` is the queueing wait that a call ended (取号 or 转入 to
叫号); ``handling_*`` the time from a call to the finish, a transfer or a hold, per finished
ticket (by ticket) or per call (by window and staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The groupings a report may use, in the order the screens offer them.
QUEUE_STATS_BY = ("day", "hour", "category", "window", "staff")
#: Those that count tickets (the others count a window's or a clerk's calls).
TICKET_GROUPINGS = frozenset({"day", "hour", "category"})


@dataclass(frozen=True)
class QueueStatRow:
    """One row of a report (or its total, key "").

    For ticket groupings ``issued = done + no_show + abandoned + open``: every ticket has
    exactly one outcome. ``calls`` counts first calls after a wait (a recall is in
    ``recalls``); ``called`` the tickets called at least once (None by window and staff).
    ``over_limit`` counts waits longer than the report's limit. ``peak_waiting`` is the most
    tickets waiting at one moment in the row's period (None by window, staff and category).
    """

    key: str
    label: str
    issued: int | None
    called: int | None
    calls: int
    recalls: int
    done: int
    no_show: int
    transferred: int
    abandoned: int | None
    open: int | None
    wait_count: int
    wait_total_s: int
    wait_max_s: int
    over_limit: int
    handling_count: int
    handling_total_s: int
    peak_waiting: int | None

    @property
    def wait_avg_s(self) -> float | None:
        return self.wait_total_s / self.wait_count if self.wait_count else None

    @property
    def handling_avg_s(self) -> float | None:
        return self.handling_total_s / self.handling_count if self.handling_count else None

    @property
    def over_limit_share(self) -> float | None:
        return self.over_limit / self.wait_count if self.wait_count else None


@dataclass(frozen=True)
class QueueReport:
    """A whole report: its request, its rows in key order, and the total over the period
    (counted from the tickets themselves, so the additive columns of ``rows`` sum to it)."""

    hall_name: str
    start: date
    end: date
    by: str
    wait_limit_minutes: int
    rows: tuple[QueueStatRow, ...]
    total: QueueStatRow
