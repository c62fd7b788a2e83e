"""A/B post cover (AB岗): posts, absences, who covers whom, where a referral lands, A and B
away at once, the weekend's categories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_client.core.cover import (
    Absence,
    AbsenceKind,
    CoverGap,
    Post,
    absent,
    both_absent,
    categories_served,
    check_absence,
    check_post,
    check_post_name,
    cover_gaps,
    cover_of,
    covering_for,
    day_span,
    on_behalf_of,
    resolve_referral,
    window_post,
)
from desk_client.core.errors import DeskError

T0 = datetime(2025, 11, 24, 9, 0)
H = timedelta(hours=1)
DAY = timedelta(days=1)
POSTS = (
    Post("window:3", "0001", "0002"),
    Post("role:guide", "0003", "0004"),
    Post("window:4", "0002", "0005"),
)


def away(
    staff_no: str, start: datetime, end: datetime, kind: str = "leave", id: str = ""
) -> Absence:
    return Absence(staff_no, kind, start, end, id=id)


# Posts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [("window:3", "window:3"), (" Window:12 ", "window:12"), ("role:guide", "role:guide")],
)
def test_post_names(given: str, expected: str) -> None:
    assert check_post_name(given) == expected
    assert window_post(3) == "window:3"


@pytest.mark.parametrize(
    "bad", ["", "window:0", "window:x", "window:12345", "role:", "desk:1", "role:导"]
)
def test_bad_post_names(bad: str) -> None:
    with pytest.raises(DeskError) as error:
        check_post_name(bad)
    assert error.value.code == "post.bad_name"


def test_a_post_has_two_different_people() -> None:
    assert check_post(" role:guide ", " 0003 ", "0004") == Post("role:guide", "0003", "0004")
    for a, b, code in (("", "0004", "post.staff_required"), ("0003", "0003", "post.same_person")):
        with pytest.raises(DeskError) as error:
            check_post("role:guide", a, b)
        assert error.value.code == code


# Absences ----------------------------------------------------------------------------------


def test_absences_that_fit() -> None:
    existing = [away("0001", T0, T0 + 4 * H), away("0002", T0, T0 + DAY)]
    after = away("0001", T0 + 4 * H, T0 + 8 * H, kind="meeting")  # touching is not overlapping
    assert check_absence(after, existing) is after
    assert check_absence(away("0003", T0, T0 + H, kind="training"), existing)


def test_editing_an_absence_does_not_overlap_itself() -> None:
    stored = away("0001", T0, T0 + 4 * H, id="7")
    assert check_absence(away("0001", T0 + H, T0 + 5 * H, id="7"), [stored])
    with pytest.raises(DeskError):
        check_absence(away("0001", T0 + H, T0 + 5 * H, id="8"), [stored])


@pytest.mark.parametrize(
    ("new", "code"),
    [
        (away("0001", T0, T0 + H, kind="holiday"), "absence.kind"),
        (away("0001", T0, T0 - H), "absence.ends_before_start"),
        (away("0001", T0, T0), "absence.ends_before_start"),
        (Absence("0001", "leave", T0, T0 + H, note="x" * 201), "absence.note"),
        (away("0001", T0 + 3 * H, T0 + 5 * H), "absence.overlaps"),
        (away("0001", T0 - DAY, T0 + DAY), "absence.overlaps"),
    ],
)
def test_bad_absences_are_refused(new: Absence, code: str) -> None:
    with pytest.raises(DeskError) as error:
        check_absence(new, [away("0001", T0, T0 + 4 * H)])
    assert error.value.code == code
    if code == "absence.overlaps":
        assert "2025-11-24 09:00" in error.value.message("zh_CN")
        assert "0001" in error.value.message("en")


# Who is away, who covers -------------------------------------------------------------------


def test_absent_is_inclusive_at_the_start_exclusive_at_the_end() -> None:
    leave = away("0001", T0, T0 + DAY)
    assert absent("0001", [leave], T0) == leave
    assert absent("0001", [leave], T0 + DAY - timedelta(seconds=1)) == leave
    assert absent("0001", [leave], T0 + DAY) is None
    assert absent("0001", [leave], T0 - timedelta(seconds=1)) is None
    assert absent("0002", [leave], T0 + H) is None


def test_b_covers_an_absent_a() -> None:
    absences = [away("0001", T0, T0 + DAY)]
    assert covering_for("0002", POSTS, absences, T0 + H) == ("0001",)
    assert covering_for("0002", POSTS, absences, T0 + DAY) == ()
    assert covering_for("0004", POSTS, absences, T0 + H) == ()
    assert covering_for("0001", POSTS, absences, T0 + H) == ()


def test_a_b_who_is_away_covers_nobody_and_a_is_not_covered_in_turn() -> None:
    absences = [away("0001", T0, T0 + DAY), away("0002", T0, T0 + H)]
    assert covering_for("0002", POSTS, absences, T0) == ()
    assert covering_for("0005", POSTS, absences, T0) == ("0002",)  # 0002 is A of window:4
    assert covering_for("0002", POSTS, absences, T0 + H) == ("0001",)


def test_one_b_may_cover_several() -> None:
    posts = (*POSTS, Post("window:9", "0009", "0002"))
    absences = [away("0009", T0, T0 + DAY), away("0001", T0, T0 + DAY)]
    assert covering_for("0002", posts, absences, T0) == ("0001", "0009")


def test_a_referral_lands_on_someone_present() -> None:
    absences = [away("0001", T0, T0 + DAY)]
    assert resolve_referral("0003", POSTS, absences, T0) == "0003"
    assert resolve_referral("0001", POSTS, absences, T0) == "0002"
    assert resolve_referral("0001", POSTS, absences, T0 + DAY) == "0001"


def test_a_referral_to_someone_away_without_a_present_b_is_refused() -> None:
    absences = [away("0001", T0, T0 + DAY), away("0002", T0, T0 + 2 * H), away("0005", T0, T0 + H)]
    for staff_no in ("0001", "0005"):  # 0005 is nobody's A: nobody covers them
        with pytest.raises(DeskError) as error:
            resolve_referral(staff_no, POSTS, absences, T0)
        assert error.value.code == "inquiry.referral_absent"
        assert staff_no in error.value.message("en")
    with pytest.raises(DeskError) as error:
        resolve_referral("0001", POSTS, absences, T0)
    assert "2025-11-25 09:00" in error.value.message("zh_CN")
    assert resolve_referral("0001", POSTS, absences, T0 + 2 * H) == "0002"


def test_cover_of_takes_the_first_post_with_a_present_b() -> None:
    posts = (Post("window:5", "0001", "0007"), Post("window:3", "0001", "0002"))
    assert cover_of("0001", posts, [], T0) == "0002"
    assert cover_of("0001", posts, [away("0002", T0, T0 + H)], T0) == "0007"
    assert cover_of("0007", posts, [], T0) is None


def test_who_acts_on_behalf_of_whom() -> None:
    absences = [away("0001", T0, T0 + DAY)]
    assert on_behalf_of("0001", "0001", POSTS, absences, T0) == ""
    assert on_behalf_of("0002", "0001", POSTS, absences, T0) == "0001"
    assert on_behalf_of("0002", "0001", POSTS, absences, T0 + DAY) is None
    assert on_behalf_of("0004", "0001", POSTS, absences, T0) is None


# A and B away at once ------------------------------------------------------------------------


def test_both_away_is_found_with_its_stretch() -> None:
    absences = [
        away("0001", T0, T0 + DAY),
        away("0002", T0 + 2 * H, T0 + 3 * H, kind="meeting"),
        away("0003", T0, T0 + DAY),
    ]
    start, end = day_span(T0.date())
    assert cover_gaps(POSTS, absences, start, end) == (
        CoverGap("window:3", "0001", "0002", T0 + 2 * H, T0 + 3 * H),
    )
    assert both_absent(POSTS, absences, start, end) == (POSTS[0],)
    assert both_absent(POSTS, absences, T0 + 2 * H) == (POSTS[0],)
    assert both_absent(POSTS, absences, T0 + 3 * H) == ()
    assert both_absent(POSTS, absences, *day_span(T0.date() + DAY)) == ()
    assert both_absent(POSTS, absences, T0.date()) == (POSTS[0],)
    assert both_absent(POSTS, absences, T0.date() + DAY) == ()


def test_a_gap_is_clipped_to_the_asked_window() -> None:
    absences = [away("0003", T0 - DAY, T0 + DAY), away("0004", T0 - DAY, T0 + DAY)]
    start, end = day_span(T0.date())
    (gap,) = cover_gaps(POSTS, absences, start, end)
    assert (gap.post, gap.start, gap.end) == ("role:guide", start, end)


def test_day_span() -> None:
    assert day_span(date(2025, 11, 24)) == (datetime(2025, 11, 24), datetime(2025, 11, 25))
    start, end = day_span(date(2025, 11, 24), UTC)
    assert start.tzinfo is UTC and end - start == DAY


def test_categories_served() -> None:
    categories = {1: ("A", "B"), 2: ("C",), 3: ("B", "D")}
    assert categories_served(True, (), categories, ["D", "A", "C", "B"]) == ("A", "B", "C", "D")
    assert categories_served(False, (1, 3), categories, "ABCD") == ("A", "B", "D")
    assert categories_served(False, (7,), categories, "ABCD") == ()
    assert categories_served(False, (), categories, "ABCD") == ()


# Properties ----------------------------------------------------------------------------------

STAFF = [f"00{n:02d}" for n in range(1, 7)]
moments = st.integers(0, 48).map(lambda hours: T0 + hours * H)


@st.composite
def posts_strategy(draw: st.DrawFn) -> tuple[Post, ...]:
    pairs = draw(st.lists(st.permutations(STAFF).map(lambda p: (p[0], p[1])), max_size=5))
    return tuple(Post(f"window:{i + 1}", a, b) for i, (a, b) in enumerate(pairs))


@st.composite
def absence_strategy(draw: st.DrawFn) -> Absence:
    start = draw(moments)
    return away(draw(st.sampled_from(STAFF)), start, start + draw(st.integers(1, 24)) * H)


absences_strategy = st.lists(absence_strategy(), max_size=8)


@settings(max_examples=150)
@given(posts_strategy(), absences_strategy, moments, st.sampled_from(STAFF))
def test_cover_never_picks_an_absent_person(
    posts: tuple[Post, ...], absences: list[Absence], now: datetime, staff_no: str
) -> None:
    covered = covering_for(staff_no, posts, absences, now)
    if covered:
        assert absent(staff_no, absences, now) is None
    for a_no in covered:
        assert absent(a_no, absences, now) is not None
        assert any((p.a_no, p.b_no) == (a_no, staff_no) for p in posts)
        assert on_behalf_of(staff_no, a_no, posts, absences, now) == a_no


@settings(max_examples=150)
@given(posts_strategy(), absences_strategy, moments, st.sampled_from(STAFF))
def test_a_referral_lands_on_someone_present_or_is_refused(
    posts: tuple[Post, ...], absences: list[Absence], now: datetime, staff_no: str
) -> None:
    try:
        receiver = resolve_referral(staff_no, posts, absences, now)
    except DeskError as error:
        assert error.code == "inquiry.referral_absent"
        assert absent(staff_no, absences, now) is not None
        backups = [p.b_no for p in posts if p.a_no == staff_no]
        assert all(absent(b, absences, now) is not None for b in backups)
    else:
        assert absent(receiver, absences, now) is None
        assert receiver == staff_no or staff_no in covering_for(receiver, posts, absences, now)


@settings(max_examples=100)
@given(posts_strategy(), absences_strategy, moments)
def test_both_absent_at_a_moment_is_exactly_a_and_b_away(
    posts: tuple[Post, ...], absences: list[Absence], now: datetime
) -> None:
    expected = {
        p.post
        for p in posts
        if absent(p.a_no, absences, now) is not None and absent(p.b_no, absences, now) is not None
    }
    assert {p.post for p in both_absent(posts, absences, now)} == expected


@settings(max_examples=100)
@given(absences_strategy, absence_strategy())
def test_an_accepted_absence_overlaps_none_of_the_same_person(
    existing: list[Absence], new: Absence
) -> None:
    try:
        check_absence(new, existing)
    except DeskError as error:
        assert error.code == "absence.overlaps"
        assert any(o.staff_no == new.staff_no and o.overlaps(new.start, new.end) for o in existing)
    else:
        assert not any(
            o.staff_no == new.staff_no and o.overlaps(new.start, new.end) for o in existing
        )


def test_absence_kinds() -> None:
    assert {kind.value for kind in AbsenceKind} == {"leave", "meeting", "training", "other"}
