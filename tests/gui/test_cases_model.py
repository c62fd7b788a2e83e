"""The cases table model alone (no services): countdowns from the clock and the calendar.

The domain's example (accepted 2025-09-30, 5 working days -> due 2025-10-14, with the
make-up Saturday 10-11) is walked day by day with a FakeClock: green, yellow, the last day in
hours, red. A tick inside a day emits only the remaining cells of the rows due today (display
role only, never a reset); a new day recomputes every row. Paused rows, a missing calendar,
the filter, sorting, English, and qtmodeltester on the model and its proxy.
"""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.core.clock import FakeClock
from desk_client.core.deadlines import deadline
from desk_client.core.workdays import WorkCalendar
from desk_client.services.dto_cases import CaseView
from desk_client.ui.cases_model import (
    BOARD_COLUMNS,
    COLUMNS,
    LEVEL_ROLE,
    CasesModel,
)
from desk_client.ui.cases_proxy import CasesProxy
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_cases import LABELS as CASES_LABELS

ZONE = ZoneInfo("Asia/Shanghai")
CLOSE = time(17, 30)
REMAINING = COLUMNS.index("remaining")
LEVEL = COLUMNS.index("level")
CALENDAR = WorkCalendar()


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def case(
    number: str = "SL2025-03-0001",
    accepted: date = date(2025, 9, 30),
    limit: int = 5,
    **changes: object,
) -> CaseView:
    view = CaseView(
        number=number,
        item_code="SF-GJJ-0201",
        item_name="住房公积金提取（退休）",
        kind="promised",
        applicant_display="张*",
        staff_no="1003",
        window_number=3,
        accepted_at=local(accepted, 9, 15),
        accepted_day=accepted,
        limit_days=limit,
        deadline=None if "deadline" in changes else deadline(accepted, limit, (), CALENDAR),
        state="accepted",
        paused_since=None,
        level="green",
    )
    return replace(view, **changes)  # type: ignore[arg-type]


def make_model(
    clock: FakeClock, language: str = "zh_CN", columns: tuple[str, ...] = COLUMNS
) -> CasesModel:
    model = CasesModel(Labels(language), ZONE, clock.now, CLOSE, (1, 80), columns)
    model.set_calendar(CALENDAR)
    return model


def cell(
    model: CasesModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    return model.data(model.index(row, column), role)


def test_the_domain_example_goes_green_yellow_last_day_red() -> None:
    clock = FakeClock(local(date(2025, 9, 30)))
    model = make_model(clock)
    model.set_rows([case()])
    assert cell(model, 0, COLUMNS.index("deadline")) == "2025-10-14"
    assert cell(model, 0, COLUMNS.index("limit")) == "5 个工作日"
    seen = []
    for day in (date(2025, 9, 30), date(2025, 10, 9), date(2025, 10, 11), date(2025, 10, 13)):
        clock.set(local(day))
        model.tick()
        seen.append((cell(model, 0, REMAINING), cell(model, 0, LEVEL)))
    assert seen == [
        ("剩 5 个工作日", "● 正常"),  # the National Day week does not count
        ("剩 4 个工作日", "● 正常"),
        ("剩 2 个工作日", "● 正常"),  # the make-up Saturday counts
        ("剩 1 个工作日", "▲ 黄牌"),
    ]
    clock.set(local(date(2025, 10, 14), 14, 5))  # the last day: hours until 17:30
    model.tick()
    assert cell(model, 0, REMAINING) == "今日截止 · 剩 3 小时 25 分"
    assert cell(model, 0, LEVEL, LEVEL_ROLE) == "yellow"
    clock.set(local(date(2025, 10, 14), 18, 0))
    model.tick()
    assert cell(model, 0, REMAINING) == "今日截止 · 已过 17:30"
    clock.set(local(date(2025, 10, 16)))
    model.tick()
    assert cell(model, 0, REMAINING) == "超期 2 个工作日"
    assert cell(model, 0, LEVEL) == "■ 红牌"
    assert cell(model, 0, LEVEL, Qt.ItemDataRole.BackgroundRole) == QColor("#f5a9a3")
    assert cell(model, 0, 0, Qt.ItemDataRole.BackgroundRole) == QColor("#fdecea")


def test_a_tick_within_the_day_repaints_only_the_hours_of_rows_due_today(qtbot: QtBot) -> None:
    clock = FakeClock(local(date(2025, 10, 14), 9, 0))
    model = make_model(clock)
    rows = [case(f"SL2025-03-{i:04d}", date(2025, 10, 8 + i % 3), 3) for i in range(9)]
    model.set_rows(rows)
    due = [r for r in range(9) if model.rows()[r].deadline == date(2025, 10, 14)]
    assert due and len(due) < 9
    changes: list[tuple[int, int, int, int, list[int]]] = []
    model.dataChanged.connect(
        lambda a, b, roles: changes.append((a.row(), b.row(), a.column(), b.column(), list(roles)))
    )
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.layoutChanged):
        model.tick()  # the same minute: nothing changed, nothing emitted
        assert changes == []
        clock.advance(timedelta(seconds=61))
        model.tick()
    assert {(c[2], c[3]) for c in changes} == {(REMAINING, REMAINING)}
    assert all(c[4] == [Qt.ItemDataRole.DisplayRole] for c in changes)
    assert sorted(r for c in changes for r in range(c[0], c[1] + 1)) == due
    changes.clear()
    clock.advance(timedelta(days=1))  # a new day: every row, every column, every role
    model.tick()
    assert changes == [(0, 8, 0, len(COLUMNS) - 1, [])]


def test_the_countdown_never_counts_ticks() -> None:
    """A thousand ticks at one moment change nothing; one jump of the clock changes it all."""
    clock = FakeClock(local(date(2025, 10, 9)))
    model = make_model(clock)
    model.set_rows([case()])
    for _ in range(1000):
        model.tick()
    assert cell(model, 0, REMAINING) == "剩 4 个工作日"
    clock.set(local(date(2025, 10, 13)))
    model.tick()
    assert cell(model, 0, REMAINING) == "剩 1 个工作日"


def test_paused_open_and_missing_calendar_rows_say_so() -> None:
    clock = FakeClock(local(date(2026, 12, 1)))
    model = make_model(clock)
    paused = case(
        "P1", deadline=None, paused_since=date(2025, 10, 9), level="open", state="in_progress"
    )
    missing = case("M1", deadline=None, level="missing")
    late_2027 = case("L1", date(2026, 12, 1), 30, deadline=date(2027, 1, 15))
    model.set_rows([paused, missing, late_2027])
    assert cell(model, 0, REMAINING) == "暂停中 · 自 10月9日"
    assert cell(model, 0, LEVEL) == "Ⅱ 暂停"
    assert cell(model, 1, REMAINING) == "缺少日历"
    assert cell(model, 2, REMAINING) == "缺少日历"  # 2027 is not in the package's data
    assert cell(model, 2, LEVEL, LEVEL_ROLE) == "missing"
    imported = WorkCalendar({date(2027, 1, 1): False}, frozenset({2027}))
    model.set_calendar(imported)
    assert cell(model, 2, REMAINING) == "剩 32 个工作日"  # 22 in December, 10 in January
    completed = replace(late_2027, state="completed")
    model.set_rows([completed])
    assert cell(model, 0, REMAINING) == "已办结"


def test_filter_level_choice_and_sorting_keep_the_selection(qtmodeltester: ModelTester) -> None:
    clock = FakeClock(local(date(2025, 10, 13)))
    model = make_model(clock)
    proxy = CasesProxy(model)
    qtmodeltester.check(model, force_py=True)  # one tester follows one model
    rows = [
        case("SL-A", date(2025, 9, 30), 5),  # due 10-14: yellow
        case("SL-B", date(2025, 9, 26), 3, applicant_display="李*"),  # overdue: red
        case("SL-C", date(2025, 10, 13), 10, item_name="企业设立登记"),  # green
    ]
    model.set_rows(rows)
    assert [proxy.case_at(r).number for r in range(3)] == ["SL-A", "SL-B", "SL-C"]  # type: ignore[union-attr]
    keep = proxy.index(2, 0)
    from PySide6.QtCore import QPersistentModelIndex

    persistent = QPersistentModelIndex(proxy.mapToSource(keep))
    proxy.sort(REMAINING)
    assert [proxy.case_at(r).number for r in range(3)] == ["SL-B", "SL-A", "SL-C"]  # type: ignore[union-attr]
    assert model.row_at(persistent.row()).number == "SL-C"  # type: ignore[union-attr]
    proxy.sort(LEVEL, Qt.SortOrder.DescendingOrder)
    assert proxy.case_at(0).number == "SL-C"  # type: ignore[union-attr]
    proxy.set_text("李")
    assert proxy.rowCount() == 1 and proxy.case_at(0).number == "SL-B"  # type: ignore[union-attr]
    proxy.set_text("企业 sl-c")  # every word, any column, any case
    assert proxy.rowCount() == 1
    proxy.set_text("")
    proxy.set_level("yellow")
    assert [proxy.case_at(r).number for r in range(proxy.rowCount())] == ["SL-A"]  # type: ignore[union-attr]
    proxy.set_level("")
    assert proxy.rowCount() == 3
    assert model.counts() == {"red": 1, "yellow": 1, "green": 1}
    model.set_rows([*rows, case("SL-D", date(2025, 10, 10), 2)])  # new rows: a reset, still sorted
    assert proxy.rowCount() == 4


def test_the_proxy_is_a_sound_qt_model_through_ticks_sorts_and_filters(
    qtmodeltester: ModelTester,
) -> None:
    clock = FakeClock(local(date(2025, 10, 14), 9, 0))
    model = make_model(clock)
    proxy = CasesProxy(model)
    qtmodeltester.check(proxy, force_py=True)
    model.set_rows([case(f"SL-{i}", date(2025, 10, 8 + i % 3), 3) for i in range(6)])
    proxy.sort(REMAINING, Qt.SortOrder.DescendingOrder)
    proxy.set_text("sl-1")
    clock.advance(timedelta(minutes=5))
    model.tick()
    proxy.set_text("")
    proxy.set_level("red")
    assert proxy.rowCount() == 4  # due 10-11 and 10-13; two are due today
    clock.advance(timedelta(days=1))
    model.tick()
    assert proxy.rowCount() == 6  # a new day refilters: all overdue now
    model.set_rows([])
    assert proxy.rowCount() == 0


def test_english_and_the_board_columns() -> None:
    clock = FakeClock(local(date(2025, 10, 14), 16, 0))
    model = make_model(clock, "en", BOARD_COLUMNS)
    model.set_rows([case(), case("SL-B", date(2025, 9, 26), 3)])
    texts = {model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(BOARD_COLUMNS))}
    assert {"Warning", "Time left", "Clerk"} <= texts
    remaining = BOARD_COLUMNS.index("remaining")
    assert cell(model, 0, remaining) == "due today · 1 h 30 min left"
    assert cell(model, 1, remaining) == "overdue by 5 working days"  # due 09-30
    assert cell(model, 0, BOARD_COLUMNS.index("staff")) == "1003 · 3"
    assert model.data(QModelIndex()) is None


@pytest.mark.parametrize("key", sorted(CASES_LABELS))
def test_every_cases_label_speaks_both_languages_alike(key: str) -> None:
    zh, en = CASES_LABELS[key]
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]
    assert zh.strip() and en.strip()
    assert Labels("en")(key, **dict.fromkeys(fields[1], "x")) != key


def test_before_the_calendar_arrives_the_services_level_is_shown_without_a_number() -> None:
    clock = FakeClock(local(date(2025, 10, 16)))
    model = CasesModel(Labels("zh_CN"), ZONE, clock.now, CLOSE)
    model.set_rows([case(level="red")])
    assert cell(model, 0, LEVEL) == "■ 红牌" and cell(model, 0, REMAINING) == ""
    model.set_calendar(CALENDAR)
    assert cell(model, 0, REMAINING) == "超期 2 个工作日"
