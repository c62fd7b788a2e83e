"""The plain rows of 好差评 (issue 7), centrally and locally alike: the hall's rating
settings, ratings, rated visits, follow-ups and the counts behind the statistics.

Frozen dataclasses, never ORM rows: services turn them into their views
(services.dto_ratings). ``reasons`` are stored comma-joined (core.ratings.join_reasons) and
read back as a tuple. The store takes the token's claims and the checked form by their shape
(ClaimsLike, LevelsLike), so a defaulted rating needs no form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from desk_client.core.ratings import split_reasons
from desk_client.store.db import AnyRow

#: A visit made a code for a case (its ``ref`` is then the case number).
CASE_KIND = "case"


class ClaimsLike(Protocol):
    """What a rating needs of a token's claims (core.rating_tokens.RatingClaims)."""

    @property
    def visit(self) -> str: ...
    @property
    def window(self) -> int: ...
    @property
    def staff(self) -> str: ...
    @property
    def case(self) -> str: ...
    @property
    def item(self) -> str: ...


class LevelsLike(Protocol):
    """What a rating stores of a checked form (core.ratings.ValidRating)."""

    @property
    def overall(self) -> int: ...
    @property
    def efficiency(self) -> int: ...
    @property
    def competence(self) -> int: ...
    @property
    def attitude(self) -> int: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...
    @property
    def comment(self) -> str: ...


@dataclass(frozen=True)
class SettingsRow:
    """A hall's rating settings. ``followup_staff_no`` None: the hall's first active
    supervisor follows bad ratings up; ``default_after_days`` 0: the option is off."""

    hall_id: int
    secret: str  # hex of 32 bytes
    previous_secret: str | None
    expiry_days: int
    followup_days: int
    followup_staff_no: str | None
    default_after_days: int
    updated_at: datetime

    @property
    def secrets_hex(self) -> tuple[str, ...]:
        """The secrets a token may be signed with, the current one first."""
        return (self.secret,) if not self.previous_secret else (self.secret, self.previous_secret)

    @property
    def secrets(self) -> tuple[bytes, ...]:
        return tuple(bytes.fromhex(text) for text in self.secrets_hex)


@dataclass(frozen=True)
class RatedVisit:
    """The visit a rating is for, as its token names it."""

    visit_id: str
    window: int
    staff_no: str
    case_number: str  # "" when none
    item_code: str  # "" when none

    @classmethod
    def from_claims(cls, claims: ClaimsLike) -> RatedVisit:
        return cls(claims.visit, claims.window, claims.staff, claims.case, claims.item)


@dataclass(frozen=True)
class RatingRow:
    """One rating (central ``ratings`` or the PC's ``ratings_seen``); ``seq`` is the hall's
    central order of submission."""

    seq: int
    visit_id: str
    window_number: int
    staff_no: str
    case_number: str
    item_code: str
    overall: int
    efficiency: int
    competence: int
    attitude: int
    reasons: tuple[str, ...]
    comment: str
    defaulted: bool
    excluded: bool
    service_day: date
    submitted_at: datetime


@dataclass(frozen=True)
class VisitRow:
    """A visit a window made a code for (central ``rating_visits``)."""

    visit_id: str
    kind: str  # ticket | case | emergency
    ref: str  # the ticket or case number
    window_number: int
    staff_no: str
    item_code: str
    category_code: str
    service_day: date
    issued_at: datetime
    expires_at: datetime

    def rated_visit(self) -> RatedVisit:
        case_number = self.ref if self.kind == CASE_KIND else ""
        return RatedVisit(
            self.visit_id, self.window_number, self.staff_no, case_number, self.item_code
        )


@dataclass(frozen=True)
class FollowUpRow:
    """The follow-up (回访) of a bad rating, with the rating it follows up."""

    id: int
    rating_id: int
    rating: RatingRow
    assignee_no: str
    due_day: date | None  # None: the calendar lacks the year
    state: str
    contact_note: str
    contacted_at: datetime | None
    contacted_by: str
    rectification: str
    rectified_at: datetime | None
    rectified_by: str
    appeal_state: str
    appeal_reason: str
    appeal_by: str
    appeal_note: str
    appeal_decided_by: str
    appeal_decided_at: datetime | None
    close_note: str
    closed_by: str
    closed_at: datetime | None
    created_at: datetime
    #: The visit's ticket or case number ("" until the window's visit event has synced).
    visit_ref: str = ""


@dataclass(frozen=True)
class RatingCount:
    """The ratings of one group (a window, staff member, item or day) in a period.
    ``levels`` counts the counted ratings by overall level 5, 4, 3, 2, 1 (defaulted ones
    included, excluded ones not); ``excluded`` counts the upheld appeals apart."""

    key: str
    levels: tuple[int, int, int, int, int]
    defaulted: int
    excluded: int

    @property
    def counted(self) -> int:
        return sum(self.levels)


def rating_from_row(row: AnyRow) -> RatingRow:
    return rating_from_mapping(row._mapping)


def rating_from_mapping(values: Mapping[Any, Any]) -> RatingRow:
    """A rating from its columns by name (central ``ratings`` or local ``ratings_seen``)."""
    return RatingRow(
        seq=int(values["seq"]),
        visit_id=values["visit_id"],
        window_number=int(values["window_number"]),
        staff_no=values["staff_no"],
        case_number=values["case_number"],
        item_code=values["item_code"],
        overall=int(values["overall"]),
        efficiency=int(values["efficiency"]),
        competence=int(values["competence"]),
        attitude=int(values["attitude"]),
        reasons=split_reasons(values["reasons"]),
        comment=values["comment"],
        defaulted=bool(values["defaulted"]),
        excluded=bool(values["excluded"]),
        service_day=values["service_day"],
        submitted_at=values["submitted_at"],
    )
