"""好差评 rules: the five levels, the counter indicators, the citizen's form, the figures.

国办发〔2019〕51号 and GB/T 39734-2020: five levels (5 非常满意 .. 1 非常不满意); at a counter
the citizen rates 整体满意度, 服务效率, 服务水平 and 服务态度; levels 1-2 are a 差评, which needs
a reason (chosen or written) and a named follow-up (回访率 100 %). The follow-up's own rules
are in core.rating_followups (its main names are re-exported here, as the contract
promised them from this module). Some provinces count a visit left unrated for N natural days
as 基本满意 (DEFAULT_LEVEL), marked as defaulted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desk_client.core.errors import DeskError
from desk_client.core.messages import normalise_language
from desk_client.core.messages_ratings import (
    INDICATOR_NAMES,
    LEVEL_NAMES,
    REASON_NAMES,
    STATS_BY_NAMES,
)
from desk_client.core.rating_followups import (
    AppealState,
    FollowUpAction,
    FollowUpState,
    FollowUpStatus,
    followup_level,
    next_followup_state,
)

__all__ = [
    "BAD_LEVELS",
    "COMMENT_MAX",
    "DEFAULT_AFTER_MAX",
    "DEFAULT_LEVEL",
    "EXPIRY_DAYS",
    "FOLLOWUP_DAYS",
    "INDICATORS",
    "LEVELS",
    "OTHER_REASON",
    "REASONS",
    "SATISFIED_LEVELS",
    "STATS_BY",
    "STATS_MAX_DAYS",
    "AppealState",
    "FollowUpAction",
    "FollowUpState",
    "FollowUpStatus",
    "RatingForm",
    "RatingFormError",
    "ValidRating",
    "average_level",
    "check_default_after_days",
    "check_expiry_days",
    "check_followup_days",
    "check_form",
    "check_stats_request",
    "clean_comment",
    "default_rating",
    "followup_level",
    "followup_rate",
    "indicator_name",
    "is_bad",
    "join_reasons",
    "level_counts",
    "level_name",
    "next_followup_state",
    "reason_name",
    "satisfaction",
    "split_reasons",
    "stats_by_name",
]

LEVELS = (5, 4, 3, 2, 1)
BAD_LEVELS = frozenset({1, 2})
#: Levels that count as satisfied in the satisfaction rate (基本满意 and better).
SATISFIED_LEVELS = frozenset({3, 4, 5})
DEFAULT_LEVEL = 3  # 基本满意, for a visit unrated after the hall's number of days
INDICATORS = ("overall", "efficiency", "competence", "attitude")
REASONS = tuple(REASON_NAMES)  # slow, attitude, unclear, materials, rules, other
OTHER_REASON = "other"
COMMENT_MAX = 200
REASONS_SEPARATOR = ","


def _pick(names: tuple[str, str], language: str) -> str:
    return names[1] if normalise_language(language) == "en" else names[0]


def level_name(level: int, language: str = "zh_CN") -> str:
    """非常满意 .. 非常不满意 (KeyError for a level that does not exist)."""
    return _pick(LEVEL_NAMES[level], language)


def indicator_name(key: str, language: str = "zh_CN") -> str:
    return _pick(INDICATOR_NAMES[key], language)


def reason_name(code: str, language: str = "zh_CN") -> str:
    return _pick(REASON_NAMES[code], language)


def is_bad(level: int) -> bool:
    """A 差评: 不满意 or 非常不满意."""
    return level in BAD_LEVELS


# --- the form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingForm:
    """What the citizen sent, unchecked: a level is None when nothing was chosen."""

    overall: int | None
    efficiency: int | None
    competence: int | None
    attitude: int | None
    reasons: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class ValidRating:
    """A checked form: every level in 1..5, known reasons in the page's order, the comment
    cleaned; ``bad`` when the overall level is a 差评."""

    overall: int
    efficiency: int
    competence: int
    attitude: int
    reasons: tuple[str, ...]
    comment: str
    bad: bool


Problem = tuple[str, str]  # (field, message code)


class RatingFormError(DeskError):
    """Every problem of a form at once, so the page lists them all; nothing is stored."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("rating.form_invalid", count=len(self.problems))


def clean_comment(text: str) -> str:
    """The comment stripped, line ends as ``\\n``, control characters and lone surrogates
    dropped (PostgreSQL refuses NUL in text; a driver cannot encode a surrogate)."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = (ch for ch in unified if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cs"})
    return "".join(kept).strip()


def level_problem(value: object) -> str:
    """The message code of a level that will not do, or "" for one of 1..5."""
    if value is None:
        return "rating.level_required"
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        return "rating.level_invalid"
    return ""


def level_problems(form: RatingForm) -> list[Problem]:
    pairs = ((key, level_problem(getattr(form, key))) for key in INDICATORS)
    return [(key, code) for key, code in pairs if code]


def reason_problems(form: RatingForm, comment: str) -> list[Problem]:
    """Reasons matter for a 差评 only; a good rating's ticked reasons are dropped unchecked
    (without JavaScript the page always shows them)."""
    if form.overall not in BAD_LEVELS:
        return []
    problems: list[Problem] = []
    if any(code not in REASON_NAMES for code in form.reasons):
        problems.append(("reasons", "rating.reason_unknown"))
    if not form.reasons and not comment:
        problems.append(("reasons", "rating.reason_required"))
    if OTHER_REASON in form.reasons and not comment:
        problems.append(("comment", "rating.other_needs_text"))
    return problems


def check_form(form: RatingForm) -> ValidRating:
    """The form as a ValidRating, or RatingFormError listing every problem:
    each indicator chosen and 1..5, reasons known, comment at most 200 characters, a 差评
    with a reason or a comment, the reason 其他 with a comment."""
    comment = clean_comment(form.comment)
    problems = level_problems(form) + reason_problems(form, comment)
    if len(comment) > COMMENT_MAX:
        problems.append(("comment", "rating.comment_too_long"))
    if problems:
        raise RatingFormError(problems)
    bad = form.overall in BAD_LEVELS
    reasons = tuple(code for code in REASONS if code in form.reasons) if bad else ()
    levels = (form.overall, form.efficiency, form.competence, form.attitude)
    overall, efficiency, competence, attitude = (int(level or 0) for level in levels)
    return ValidRating(overall, efficiency, competence, attitude, reasons, comment, bad)


def default_rating() -> ValidRating:
    """The rating of a visit left unrated past the hall's days: 基本满意 on every indicator."""
    level = DEFAULT_LEVEL
    return ValidRating(level, level, level, level, (), "", False)


def join_reasons(reasons: Iterable[str]) -> str:
    """The reasons as stored (``ratings.reasons``): codes joined by commas."""
    return REASONS_SEPARATOR.join(reasons)


def split_reasons(text: str) -> tuple[str, ...]:
    return tuple(code for code in text.split(REASONS_SEPARATOR) if code)


# --- figures -------------------------------------------------------------------------------


def level_counts(levels: Iterable[int]) -> tuple[int, int, int, int, int]:
    """How many of each level, in LEVELS order (5, 4, 3, 2, 1); other values are ignored."""
    counts = dict.fromkeys(LEVELS, 0)
    for level in levels:
        if level in counts:
            counts[level] += 1
    five, four, three, two, one = (counts[level] for level in LEVELS)
    return five, four, three, two, one


def satisfaction(counts: Mapping[int, int]) -> float:
    """满意率: ratings of level 3..5 over all ratings; 1.0 when there are none (nothing was
    rated badly). ``counts`` maps a level to its number of ratings."""
    total = sum(counts.get(level, 0) for level in LEVELS)
    if total == 0:
        return 1.0
    return sum(counts.get(level, 0) for level in SATISFIED_LEVELS) / total


def average_level(counts: Mapping[int, int]) -> float:
    """The mean level; 0.0 when there are no ratings (a screen shows it as a dash)."""
    total = sum(counts.get(level, 0) for level in LEVELS)
    if total == 0:
        return 0.0
    return sum(level * counts.get(level, 0) for level in LEVELS) / total


def followup_rate(bad: int, followed: int) -> float:
    """回访率: bad ratings followed up over bad ratings; 1.0 when there were none.
    ValueError for counts that cannot be (negative, more followed than bad)."""
    if bad < 0 or followed < 0 or followed > bad:
        raise ValueError(f"{followed} of {bad} bad ratings cannot have been followed up")
    return 1.0 if bad == 0 else followed / bad


# --- settings and statistics: checks at the door -------------------------------------------

EXPIRY_DAYS = (1, 90)  # natural days a code stays valid
FOLLOWUP_DAYS = (1, 60)  # working days to follow up a 差评
DEFAULT_AFTER_MAX = 30  # natural days; 0 switches the default rating off
STATS_BY = tuple(STATS_BY_NAMES)  # window, staff, item, day
STATS_MAX_DAYS = 366


def check_expiry_days(days: int) -> int:
    low, high = EXPIRY_DAYS
    if not low <= days <= high:
        raise DeskError("rating.settings_expiry", days=days, min=low, max=high)
    return days


def check_followup_days(days: int) -> int:
    low, high = FOLLOWUP_DAYS
    if not low <= days <= high:
        raise DeskError("rating.settings_followup_days", days=days, min=low, max=high)
    return days


def check_default_after_days(days: int) -> int:
    if not 0 <= days <= DEFAULT_AFTER_MAX:
        raise DeskError("rating.settings_default_after", days=days, max=DEFAULT_AFTER_MAX)
    return days


def check_stats_request(start: date, end: date, by: str) -> None:
    """A statistics period runs forward and spans at most 366 days (both ends counted); it is
    grouped by window, staff, item or day."""
    if by not in STATS_BY:
        raise DeskError("rating.stats_by", by=by)
    if start > end or (end - start).days + 1 > STATS_MAX_DAYS:
        raise DeskError("rating.stats_range", start=start, end=end, max=STATS_MAX_DAYS)


def stats_by_name(by: str, language: str = "zh_CN") -> str:
    return _pick(STATS_BY_NAMES[by], language)
