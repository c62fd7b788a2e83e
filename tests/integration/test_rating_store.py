"""The central rating store on SQLite, PostgreSQL and MariaDB: the rating tables come and go
with revision 0007 and the handshake needs it; a hall's settings are made on first need
with a fresh secret, changed and rotated (the previous secret kept); ratings take the hall's
seq 1, 2, 3 ...; a second rating of a visit is refused by the unique constraint and writes
nothing (not even the seq); the feed reads by seq; follow-ups are made, worked on and
closed, an upheld appeal excludes its rating; the statistics group by window, staff, item and
day; unrated visits and the hall's first active supervisor are found.

(Concurrency and the PostgreSQL wake-up: test_rating_feed.py; the rating.visit event and the
PC's store: test_rating_local.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from desk_client.core.errors import DeskError
from desk_client.store import db, migrate, rating_followups_repo, rating_stats_repo, ratings_repo
from desk_client.store.rating_rows import RatingCount, VisitRow
from desk_client.store.rating_schema import RATINGS_SINCE, rating_seq
from desk_client.store.schema import SCHEMA_VERSION, schema_info
from desk_client.sync import handshake
from tests.integration.conftest import BACKENDS
from tests.integration.rating_helpers import (
    NOW,
    TODAY,
    Levels,
    count_ratings,
    new_hall,
    rate,
    visit,
)

RATING_TABLES = {"rating_settings", "rating_seq", "ratings", "rating_visits", "rating_followups"}


@pytest.fixture(scope="module")
def engine(central_url: str) -> Iterator[Engine]:
    made = db.make_engine(central_url)
    yield made
    made.dispose()


# -- the revision -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_revision_0007_adds_and_drops_the_rating_tables(
    backend: str, scratch_database: object, tmp_path: Path
) -> None:
    assert callable(scratch_database)
    url: str = scratch_database(backend, tmp_path)
    scratch = db.make_engine(url)
    try:
        migrate.upgrade(scratch, "central")
        with scratch.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) >= RATING_TABLES
        migrate.downgrade(scratch, "central", "0006")
        with scratch.connect() as conn:
            assert not RATING_TABLES & set(sa.inspect(conn).get_table_names())
            version = conn.execute(sa.select(schema_info.c.value)).scalar_one()
            assert version == "0006"
        migrate.upgrade(scratch, "central")
        with scratch.connect() as conn:
            assert conn.execute(sa.select(schema_info.c.value)).scalar_one() == SCHEMA_VERSION
    finally:
        scratch.dispose()


def test_the_handshake_needs_the_rating_tables(engine: Engine) -> None:
    low = handshake.supported()[0]
    assert RATINGS_SINCE == "0007" and int(low) >= int(RATINGS_SINCE)
    info = schema_info.c
    with engine.connect() as conn, conn.begin() as transaction:
        assert handshake.check(conn) == SCHEMA_VERSION
        conn.execute(schema_info.update().where(info.key == "version").values(value="0006"))
        with pytest.raises(DeskError) as refused:
            handshake.check(conn)
        transaction.rollback()  # the central version stays as it was
    assert refused.value.code == "sync.schema_mismatch"
    assert (refused.value.params["central"], refused.value.params["low"]) == ("0006", low)


# -- settings -----------------------------------------------------------------------------------


def test_settings_are_made_on_first_need_then_changed_and_rotated(engine: Engine) -> None:
    hall = new_hall(engine)
    with db.write(engine) as conn:
        first = ratings_repo.settings_row(conn, hall.id, now=NOW)
        again = ratings_repo.settings_row(conn, hall.id)
    assert first == again  # made once, then read
    assert (first.expiry_days, first.followup_days, first.default_after_days) == (7, 5, 0)
    assert first.followup_staff_no is None and first.previous_secret is None
    assert len(first.secrets) == 1 and len(first.secrets[0]) == 32
    later = NOW + timedelta(hours=1)
    with db.write(engine) as conn:
        changed = ratings_repo.update_settings(
            conn, hall.id, later, expiry_days=14, followup_staff_no="2002", default_after_days=7
        )
        rotated = ratings_repo.rotate_secret(conn, hall.id, later)
    assert (changed.expiry_days, changed.followup_staff_no, changed.default_after_days) == (
        14, "2002", 7,
    )  # fmt: skip
    assert changed.followup_days == 5 and changed.updated_at == later
    assert rotated.previous_secret == first.secret and rotated.secret != first.secret
    assert rotated.secrets_hex == (rotated.secret, first.secret)  # the current one first
    with db.write(engine) as conn:
        twice = ratings_repo.rotate_secret(conn, hall.id, later)
    assert twice.secrets_hex == (twice.secret, rotated.secret)  # the oldest is forgotten


def test_settings_of_two_halls_have_their_own_secrets(engine: Engine) -> None:
    one, two = new_hall(engine), new_hall(engine)
    with db.write(engine) as conn:
        secrets = {ratings_repo.settings_row(conn, h.id, now=NOW).secret for h in (one, two)}
    assert len(secrets) == 2


# -- the rating ---------------------------------------------------------------------------------


def test_ratings_take_the_halls_seq_in_order(engine: Engine) -> None:
    hall, other = new_hall(engine), new_hall(engine)
    assert [rate(engine, hall)[0] for _ in range(3)] == [1, 2, 3]
    assert rate(engine, other)[0] == 1  # every hall counts on its own
    rated = visit(window=7, staff_no="1001", case="SL2026-03-0001", item="00013112700401")
    bad = Levels(1, 2, 3, 4, reasons=("slow", "other"), comment="等了两个小时")
    seq, rating_id = rate(engine, hall, rated, bad)
    with db.read(engine) as conn:
        found = ratings_repo.rating_by_visit(conn, hall.id, rated.visit_id)
        assert ratings_repo.rated(conn, hall.id, rated.visit_id)
        assert not ratings_repo.rated(conn, other.id, rated.visit_id)
    assert found is not None and found[0] == rating_id
    row = found[1]
    assert (row.seq, row.window_number, row.staff_no, row.case_number, row.item_code) == (
        seq, 7, "1001", "SL2026-03-0001", "00013112700401",
    )  # fmt: skip
    assert (row.overall, row.efficiency, row.competence, row.attitude) == (1, 2, 3, 4)
    assert (row.reasons, row.comment) == (("slow", "other"), "等了两个小时")
    assert (row.defaulted, row.excluded, row.service_day, row.submitted_at) == (
        False, False, TODAY, NOW,
    )  # fmt: skip


def test_a_second_rating_of_a_visit_is_refused_and_writes_nothing(engine: Engine) -> None:
    hall = new_hall(engine)
    rated = visit()
    rate(engine, hall, rated, Levels(5))
    with pytest.raises(DeskError) as refused:
        rate(engine, hall, rated, Levels(1, reasons=("attitude",)))
    assert refused.value.code == "rating.token_used"
    assert count_ratings(engine, hall) == 1
    with db.read(engine) as conn:
        assert ratings_repo.last_seq(conn, hall.id) == 1  # the seq did not move either
        found = ratings_repo.rating_by_visit(conn, hall.id, rated.visit_id)
    assert found is not None and found[1].overall == 5  # the first rating stands
    assert rate(engine, hall)[0] == 2  # and the next visit takes the next seq, no gap


def test_the_seq_row_is_made_by_the_first_rating_or_the_settings(engine: Engine) -> None:
    by_rating, by_settings = new_hall(engine), new_hall(engine)
    assert rate(engine, by_rating)[0] == 1
    with db.write(engine) as conn:
        ratings_repo.settings_row(conn, by_settings.id, now=NOW)
        seq_row = sa.select(rating_seq.c.last_seq).where(rating_seq.c.hall_id == by_settings.id)
        assert conn.execute(seq_row).scalar_one() == 0
        assert ratings_repo.last_seq(conn, by_rating.id) == 1
    assert rate(engine, by_settings)[0] == 1


def test_the_feed_reads_after_a_seq_oldest_first(engine: Engine) -> None:
    hall = new_hall(engine)
    visits = [visit(window=n) for n in range(1, 8)]
    for rated in visits:
        rate(engine, hall, rated)
    with db.read(engine) as conn:
        everything = ratings_repo.ratings_after(conn, hall.id, 0, 500)
        page = ratings_repo.ratings_after(conn, hall.id, 2, 3)
        none = ratings_repo.ratings_after(conn, hall.id, 7, 500)
    assert [r.seq for r in everything] == list(range(1, 8))
    assert [r.visit_id for r in everything] == [v.visit_id for v in visits]
    assert [r.seq for r in page] == [3, 4, 5] and none == []


def test_a_defaulted_rating_is_marked(engine: Engine) -> None:
    hall = new_hall(engine)
    rate(engine, hall, levels=Levels(3, 3, 3, 3), defaulted=True)
    with db.read(engine) as conn:
        (row,) = ratings_repo.ratings_after(conn, hall.id, 0, 10)
    assert row.defaulted and (row.overall, row.attitude, row.reasons) == (3, 3, ())


# -- follow-ups ---------------------------------------------------------------------------------


def test_a_follow_up_is_made_worked_on_and_closed(engine: Engine) -> None:
    hall = new_hall(engine)
    _, good_id = rate(engine, hall)
    _, bad_id = rate(engine, hall, levels=Levels(2, reasons=("slow",)))
    due = date(2026, 11, 30)
    with db.write(engine) as conn:
        made = rating_followups_repo.insert_followup(
            conn, hall.id, bad_id, assignee_no="2001", due_day=due, now=NOW
        )
        undated = rating_followups_repo.insert_followup(
            conn, hall.id, good_id, assignee_no="2002", due_day=None, now=NOW
        )
    with db.read(engine) as conn:
        found = rating_followups_repo.followup(conn, hall.id, made, lock=False)
    assert found is not None
    assert (found.rating_id, found.assignee_no, found.due_day, found.state) == (
        bad_id, "2001", due, "open",
    )  # fmt: skip
    assert (found.appeal_state, found.contact_note, found.closed_at) == ("none", "", None)
    assert (found.rating.overall, found.rating.reasons) == (2, ("slow",))
    later = NOW + timedelta(days=1)
    with db.write(engine) as conn:
        assert rating_followups_repo.followup(conn, hall.id, made) is not None  # locked
        rating_followups_repo.update_followup(
            conn, made, state="contacted", contact_note="已电话回访", contacted_at=later,
            contacted_by="2001",
        )  # fmt: skip
        rating_followups_repo.update_followup(
            conn, undated, state="closed", close_note="误评", closed_by="2002", closed_at=later
        )
    with db.read(engine) as conn:
        open_ones = rating_followups_repo.followups(conn, hall.id)
        every = rating_followups_repo.followups(conn, hall.id, open_only=False)
        of_rating = rating_followups_repo.followup_of_rating(conn, bad_id)
    assert [f.id for f in open_ones] == [made] and [f.id for f in every] == [made, undated]
    assert of_rating is not None and of_rating.contacted_at == later
    assert (of_rating.state, of_rating.contact_note) == ("contacted", "已电话回访")
    assert every[1].due_day is None and every[1].closed_by == "2002"


def test_one_follow_up_per_rating_and_none_for_another_hall(engine: Engine) -> None:
    hall, other = new_hall(engine), new_hall(engine)
    _, rating_id = rate(engine, hall, levels=Levels(1, reasons=("attitude",)))
    with db.write(engine) as conn:
        made = rating_followups_repo.insert_followup(
            conn, hall.id, rating_id, assignee_no="2001", due_day=TODAY, now=NOW
        )
    with pytest.raises(sa.exc.IntegrityError), db.write(engine) as conn:
        rating_followups_repo.insert_followup(
            conn, hall.id, rating_id, assignee_no="2002", due_day=TODAY, now=NOW
        )
    with db.read(engine) as conn:
        assert rating_followups_repo.followup(conn, other.id, made, lock=False) is None
        assert len(rating_followups_repo.followups(conn, hall.id, open_only=False)) == 1


def test_an_upheld_appeal_excludes_the_rating_and_feeds_it_again(engine: Engine) -> None:
    hall = new_hall(engine)
    first, rating_id = rate(engine, hall, levels=Levels(1, reasons=("other",), comment="恶意"))
    later, _ = rate(engine, hall, levels=Levels(5, reasons=()))
    with db.write(engine) as conn:
        rating_followups_repo.exclude_rating(conn, hall.code, hall.id, rating_id)
    with db.read(engine) as conn:
        again = ratings_repo.ratings_after(conn, hall.id, later, 10)  # a feed past both
        every = ratings_repo.ratings_after(conn, hall.id, 0, 10)
        (count,) = rating_stats_repo.rating_counts(conn, hall.id, TODAY, TODAY, "window")
        top = ratings_repo.last_seq(conn, hall.id)
    assert [(row.seq, row.excluded) for row in again] == [(later + 1, True)]
    assert [row.seq for row in every] == [later, later + 1] and first < later  # still one row
    assert top == later + 1
    assert count == RatingCount("3", (1, 0, 0, 0, 0), 0, 1)


def test_follow_ups_of_a_period_by_their_ratings_service_day(engine: Engine) -> None:
    hall = new_hall(engine)
    made = []
    for day in (date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 24)):
        _, rating_id = rate(engine, hall, levels=Levels(2, reasons=("slow",)), day=day)
        with db.write(engine) as conn:
            made.append(rating_followups_repo.insert_followup(
                conn, hall.id, rating_id, assignee_no="2001", due_day=None, now=NOW
            ))  # fmt: skip
    with db.read(engine) as conn:
        found = rating_followups_repo.followups_between(
            conn, hall.id, date(2026, 11, 21), date(2026, 11, 24)
        )
    assert [f.id for f in found] == made[1:]


# -- statistics -----------------------------------------------------------------------------------


def test_counts_by_window_staff_item_and_day(engine: Engine) -> None:
    hall = new_hall(engine)
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    spec = [  # window, staff, item, overall, day, defaulted
        (3, "1001", "A", 5, monday, False),
        (3, "1001", "A", 5, monday, False),
        (3, "1001", "B", 2, tuesday, False),
        (12, "2001", "B", 3, tuesday, True),
        (12, "2001", "", 1, tuesday, False),
        (3, "1001", "A", 4, date(2026, 11, 25), False),  # after the period
    ]
    for window, staff_no, item, level, day, defaulted in spec:
        rated = visit(window=window, staff_no=staff_no, item=item)
        rate(engine, hall, rated, Levels(level), day=day, defaulted=defaulted)

    def counts(by: str) -> list[RatingCount]:
        with db.read(engine) as conn:
            return rating_stats_repo.rating_counts(conn, hall.id, monday, tuesday, by)

    assert counts("window") == [
        RatingCount("3", (2, 0, 0, 1, 0), 0, 0),
        RatingCount("12", (0, 0, 1, 0, 1), 1, 0),  # windows by number, not as text
    ]
    assert counts("staff") == [
        RatingCount("1001", (2, 0, 0, 1, 0), 0, 0),
        RatingCount("2001", (0, 0, 1, 0, 1), 1, 0),
    ]
    assert counts("item") == [
        RatingCount("", (0, 0, 0, 0, 1), 0, 0),
        RatingCount("A", (2, 0, 0, 0, 0), 0, 0),
        RatingCount("B", (0, 0, 1, 1, 0), 1, 0),
    ]
    by_day = counts("day")
    assert [(c.key, c.counted) for c in by_day] == [("2026-11-23", 2), ("2026-11-24", 3)]
    with pytest.raises(ValueError, match="grouped by"):
        counts("colour")


def test_no_ratings_no_rows(engine: Engine) -> None:
    hall = new_hall(engine)
    with db.read(engine) as conn:
        assert rating_stats_repo.rating_counts(conn, hall.id, TODAY, TODAY, "day") == []


# -- visits and supervisors -----------------------------------------------------------------------


def _visit_row(visit_id: str, days_ago: int) -> VisitRow:
    issued, day = NOW - timedelta(days=days_ago), TODAY - timedelta(days=days_ago)
    expires = issued + timedelta(days=7)
    return VisitRow(
        visit_id, "case", "SL2026-03-0009", 3, "1001", "00013112700401", "A", day, issued, expires
    )


def test_unrated_visits_are_the_old_ones_without_a_rating(engine: Engine) -> None:
    hall = new_hall(engine)
    rows = [_visit_row(visit().visit_id, days) for days in (10, 9, 8, 2)]
    with db.write(engine) as conn:
        for row in rows:
            ratings_repo.insert_visit(conn, hall.id, row)
        ratings_repo.insert_visit(conn, hall.id, rows[0])  # again: nothing changes
    rate(engine, hall, rows[1].rated_visit())
    with db.read(engine) as conn:
        found = ratings_repo.unrated_visits(conn, hall.id, NOW - timedelta(days=7))
        first = ratings_repo.unrated_visits(conn, hall.id, NOW, limit=1)
        halls_of = ratings_repo.visit_halls(conn, [rows[0].visit_id, "0" * 32])
    assert found == [rows[0], rows[2]]  # oldest first, the rated one left out
    assert first == [rows[0]] and halls_of == {rows[0].visit_id: hall.id}
    assert rows[0].rated_visit().case_number == "SL2026-03-0009"  # a case's ref is its number


def test_the_first_active_supervisor(engine: Engine) -> None:
    hall = new_hall(engine)
    with db.read(engine) as conn:
        assert ratings_repo.first_supervisor(conn, hall.id) == "2001"  # 2000 is not active
        assert ratings_repo.first_supervisor(conn, hall.id + 10_000) is None
