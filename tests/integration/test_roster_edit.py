"""The supervisor edits the roster (排班) in the program, on every backend.

The demo hall's next Saturday (2026-11-28) has window 1 all day (1001), window 3 in the
morning (1003) and window 4 in the afternoon (1004). A supervisor adds, changes and removes
rows of a day, clears it, or copies it to another day (next Saturday); each write is the
whole day, checked by the import's rules, all or nothing. An edit based on a roster that has
changed since it was read (another supervisor, an import) is refused and changes nothing;
so are a clerk, an unknown person or window, a bad shift and one person twice at once. Every
PC's copy follows after its sync; the writer's own at once.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desk_client.cli import main
from desk_client.core.errors import DeskError
from desk_client.services.app import Services, build_services
from tests.integration.inquiry_helpers import login, pc3, pc4, refused
from tests.integration.test_catalogue_cli import write_config

__all__ = ["pc3", "pc4"]  # the fixtures, used by name

SATURDAY, SUNDAY, NEXT_SATURDAY = date(2026, 11, 28), date(2026, 11, 29), date(2026, 12, 5)
CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x"
SEEDED = ((1, "1001", "day"), (3, "1003", "am"), (4, "1004", "pm"))
SUNDAY_SEEDED = ((6, "1006", "day"),)


def central_roster(services: Services, day: date) -> tuple[tuple[int, str, str], ...]:
    """The day's roster as desk-admin (no local store) reads it: the central rows."""
    admin = build_services(replace(services.config, local_store=None), services.clock)
    try:
        return admin.cover.roster(day)
    finally:
        admin.close()


def test_a_supervisor_adds_changes_and_removes_rows_of_a_day(pc3: Services, pc4: Services) -> None:
    boss = login(pc3, "S001", None)
    assert pc3.cover.roster(SATURDAY) == SEEDED
    added = pc3.cover.save_roster_day(boss, SATURDAY, [*SEEDED, (5, "1005", "day")], SEEDED)
    assert added == (*SEEDED, (5, "1005", "day"))
    assert pc3.cover.roster(SATURDAY) == added  # the writer's own copy at once
    assert central_roster(pc3, SATURDAY) == added
    assert pc3.cover.categories_served(SATURDAY) == ("A", "B", "C")  # window 5 serves C

    changed = [(1, "1001", "am"), (1, "1002", "pm"), (3, "1003", "am"), (4, "1004", "pm")]
    assert pc3.cover.save_roster_day(boss, SATURDAY, changed, added) == tuple(changed)
    assert pc4.cover.roster(SATURDAY) == SEEDED  # another PC: its copy, until it syncs
    pc4.sync.sync_once()
    assert pc4.cover.roster(SATURDAY) == tuple(changed)

    assert pc3.cover.save_roster_day(boss, SATURDAY, [], changed) == ()  # cleared
    assert central_roster(pc3, SATURDAY) == ()
    assert pc3.cover.categories_served(SATURDAY) == ()  # a Saturday nobody works
    assert central_roster(pc3, SUNDAY) == SUNDAY_SEEDED  # other days untouched


def test_a_day_is_copied_to_another(pc3: Services) -> None:
    boss = login(pc3, "S001", None)
    assert pc3.cover.roster(NEXT_SATURDAY) == ()
    copied = pc3.cover.copy_roster_day(boss, SATURDAY, NEXT_SATURDAY, shown=SEEDED, replaced=())
    assert copied == SEEDED
    assert central_roster(pc3, NEXT_SATURDAY) == SEEDED
    assert pc3.cover.roster(NEXT_SATURDAY) == SEEDED
    assert pc3.cover.roster(SATURDAY) == SEEDED  # the source stays

    # Copying over a day that has a roster replaces it, when the editor showed that roster.
    copy = pc3.cover.copy_roster_day
    sunday = pc3.cover.roster(SUNDAY)
    assert copy(boss, SATURDAY, SUNDAY, shown=SEEDED, replaced=sunday) == SEEDED


def test_bad_edits_are_refused_and_change_nothing(pc3: Services) -> None:
    boss, clerk = login(pc3, "S001", None), login(pc3, "1003", 3)
    save, copy = pc3.cover.save_roster_day, pc3.cover.copy_roster_day
    saturday = {"shown": SEEDED, "replaced": SUNDAY_SEEDED}  # copying Saturday onto Sunday
    cases: list[tuple[str, object, tuple[object, ...], dict[str, object]]] = [
        ("roster.not_supervisor", save, (clerk, SATURDAY, (), SEEDED), {}),
        ("roster.not_supervisor", copy, (clerk, SATURDAY, SUNDAY), saturday),
        ("roster.unknown_staff", save, (boss, SATURDAY, [(2, "7777", "am")], SEEDED), {}),
        ("roster.unknown_window", save, (boss, SATURDAY, [(9, "1002", "am")], SEEDED), {}),
        ("roster.bad_shift", save, (boss, SATURDAY, [(2, "1002", "晚班")], SEEDED), {}),
        ("roster.bad_shift", save, (boss, SATURDAY, [(2, "1002", " ")], SEEDED), {}),
        # 1001 is at window 1 all day
        ("roster.double_booked", save, (boss, SATURDAY, [*SEEDED, (2, "1001", "pm")], SEEDED), {}),
        ("roster.copy_same_day", copy, (boss, SATURDAY, SATURDAY), saturday),
        ("roster.copy_empty", copy, (boss, NEXT_SATURDAY, SUNDAY), {**saturday, "shown": ()}),
    ]
    for code, action, args, kwargs in cases:
        refused(code, pc3, action, *args, **kwargs)  # type: ignore[arg-type]
        assert central_roster(pc3, SATURDAY) == SEEDED, code
        assert central_roster(pc3, SUNDAY) == SUNDAY_SEEDED, code
        assert pc3.cover.roster(SATURDAY) == SEEDED, code


def test_an_edit_of_a_roster_changed_meanwhile_is_refused(
    pc3: Services, pc4: Services, tmp_path: Path
) -> None:
    """Two supervisors edit the same Saturday: the second, who read it before the first
    saved, is told to look again, and the first one's change stays."""
    first, second = login(pc3, "S001", None), login(pc4, "S001", None)
    seen_by_second = pc4.cover.roster(SATURDAY)
    mine = (*SEEDED, (5, "1005", "day"))
    pc3.cover.save_roster_day(first, SATURDAY, mine, SEEDED)

    theirs = (*seen_by_second, (2, "1002", "day"))
    refused(
        "roster.changed", pc4, pc4.cover.save_roster_day, second, SATURDAY, theirs, seen_by_second
    )
    assert central_roster(pc3, SATURDAY) == mine
    assert pc4.cover.roster(SATURDAY) == mine  # the refused PC's copy was read again
    again = (*mine, (2, "1002", "day"))
    assert pc4.cover.save_roster_day(second, SATURDAY, again, pc4.cover.roster(SATURDAY)) == (
        (1, "1001", "day"), (2, "1002", "day"), (3, "1003", "am"), (4, "1004", "pm"),
        (5, "1005", "day"),
    )  # fmt: skip

    # An import in between counts as a change too, for a copy's target and for its source.
    plan = tmp_path / "sunday.csv"
    plan.write_text("day,window,staff_no,shift\n2026-11-29,2,1002,am\n", encoding="utf-8")
    sunday_seen = pc3.cover.roster(SUNDAY)
    pc4.cover.import_roster(plan)
    copy, saturday = pc3.cover.copy_roster_day, central_roster(pc3, SATURDAY)
    refused(
        "roster.changed", pc3, copy, first, SATURDAY, SUNDAY, shown=saturday, replaced=sunday_seen
    )
    assert central_roster(pc3, SUNDAY) == ((2, "1002", "am"),)
    sunday = central_roster(pc3, SUNDAY)
    refused("roster.changed", pc3, copy, first, SATURDAY, SUNDAY, shown=SEEDED, replaced=sunday)
    assert central_roster(pc3, SUNDAY) == ((2, "1002", "am"),)  # the copy would not be as shown


def test_an_exported_weekend_imports_back_as_it_was(pc3: Services, tmp_path: Path) -> None:
    """Planned in a spreadsheet: export, clear the days, import the file: the same roster."""
    sheet = tmp_path / "排班.csv"
    assert pc3.cover.export_roster(sheet, SATURDAY, SUNDAY) == 4
    text = sheet.read_text(encoding="utf-8-sig")
    assert text.splitlines() == [
        "日期,窗口,工号,班次",
        "2026-11-28,1,1001,全天", "2026-11-28,3,1003,上午", "2026-11-28,4,1004,下午",
        "2026-11-29,6,1006,全天",
    ]  # fmt: skip
    boss = login(pc3, "S001", None)
    pc3.cover.save_roster_day(boss, SATURDAY, (), SEEDED)
    pc3.cover.save_roster_day(boss, SUNDAY, (), SUNDAY_SEEDED)
    assert pc3.cover.import_roster(sheet) == 4
    assert (central_roster(pc3, SATURDAY), central_roster(pc3, SUNDAY)) == (SEEDED, SUNDAY_SEEDED)

    assert pc3.cover.export_roster(tmp_path / "empty.csv", NEXT_SATURDAY, NEXT_SATURDAY) == 0
    refused("roster.bad_span", pc3, pc3.cover.export_roster, sheet, SUNDAY, SATURDAY)
    refused("roster.bad_span", pc3, pc3.cover.export_roster, sheet, SATURDAY, date(2027, 11, 29))
    year = tmp_path / "year.csv"  # 366 days, the longest: every weekend of a year
    assert pc3.cover.export_roster(year, SATURDAY, date(2027, 11, 28)) == 4
    refused(
        "report.unwritable",
        pc3,
        pc3.cover.export_roster,
        tmp_path / "no" / "x.csv",
        SATURDAY,
        SUNDAY,
    )
    assert sheet.read_text(encoding="utf-8-sig").count("\n") == 5  # the good export is intact


def test_desk_admin_exports_the_roster(
    pc3: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(pc3, tmp_path)
    sheet = tmp_path / "roster.csv"
    args = ["--config", str(config), "roster", "export", "--from", "2026-11-28", "--to"]
    assert main([*args, "2026-11-29", str(sheet), "--lang", "en"]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == f"4 roster rows written to {sheet}"
    assert sheet.read_text(encoding="utf-8-sig").splitlines()[:2] == [
        "day,window,staff_no,shift",
        "2026-11-28,1,1001,day",
    ]
    assert main([*args, "2026-11-01", str(sheet)]) == 1  # ends before it starts
    _, err = capsys.readouterr()
    assert (
        err.strip() == "排班导出期间无效：2026-11-28 至 2026-11-01（开始不能晚于结束，最长 366 天）"
    )


def test_two_supervisors_saving_one_day_at_once_never_both_win(
    pc3: Services, pc4: Services
) -> None:
    """Both read the same Saturday and save at the same moment: the hall's cover lock makes
    one wait for the other, which then finds the day changed; the winner's roster stands."""
    sessions = {pc3: login(pc3, "S001", None), pc4: login(pc4, "S001", None)}
    plans = {pc3: (*SEEDED, (5, "1005", "day")), pc4: (*SEEDED, (2, "1002", "day"))}
    gate = threading.Barrier(2)
    outcomes: dict[Services, str] = {}

    def save(pc: Services) -> None:
        gate.wait()
        try:
            pc.cover.save_roster_day(sessions[pc], SATURDAY, plans[pc], SEEDED)
            outcomes[pc] = "saved"
        except DeskError as exc:
            outcomes[pc] = exc.code

    threads = [threading.Thread(target=save, args=(pc,)) for pc in (pc3, pc4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["roster.changed", "saved"]
    (winner,) = (pc for pc, outcome in outcomes.items() if outcome == "saved")
    assert central_roster(pc3, SATURDAY) == tuple(sorted(plans[winner]))


def test_an_edit_while_the_central_database_is_down_is_refused(pc3: Services) -> None:
    """The roster is the hall's, kept centrally: offline, the PC says so and keeps its copy."""
    boss = login(pc3, "S001", None)
    away = build_services(replace(pc3.config, database_url=CLOSED_PORT), pc3.clock)
    try:
        added = (*SEEDED, (5, "1005", "day"))
        error = refused(
            "central.unreachable", away, away.cover.save_roster_day, boss, SATURDAY, added, SEEDED
        )
        assert "1005" not in error.message("zh_CN")
        copy, seen = away.cover.copy_roster_day, {"shown": SEEDED, "replaced": SUNDAY_SEEDED}
        refused("central.unreachable", away, copy, boss, SATURDAY, SUNDAY, **seen)
        assert away.cover.roster(SATURDAY) == SEEDED
    finally:
        away.close()
    assert central_roster(pc3, SATURDAY) == SEEDED
