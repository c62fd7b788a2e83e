"""Rejections (不予受理) and their reports (否定报备) to a supervisor, on every central backend.

By default the notice waits for the supervisor: awaiting_approval, not printable; the report
reaches the central database with the clerk PC's sync; a supervisor at another PC approves or
returns it (a comment required); the clerk's refresh_status reads the decision back. A hall
may print at once and report afterwards (notices.approve_rejection_first = false).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeKind
from desk_client.services.app import Services, build_services
from desk_client.services.dto import StaffSession
from desk_client.store import notices_central
from desk_client.store.notice_schema import rejection_reports
from tests.integration.conftest import make_services
from tests.integration.test_checklist_flow import (
    CLOSED_PORT,
    ITEM,
    PERSON,
    SUNDAY,
    SUPERVISOR_PASSWORD,
    central_count,
    desk,
    draft,
    hall_id,
    login,
    other_pc,
    refused,
)

__all__ = ["desk", "other_pc"]  # the fixtures, used by name

REASON = "申请事项不属于本行政机关职权范围"
BASIS = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"


def supervisor(services: Services) -> StaffSession:
    return services.auth.open_session(services.sync, "S001", SUPERVISOR_PASSWORD, None)


def reject(services: Services, session: StaffSession) -> str:
    return services.checklist.reject(session, draft(services), REASON, BASIS).number


def test_a_rejection_waits_for_the_supervisor_then_prints(
    desk: Services, other_pc: Services, fake_clock: FakeClock
) -> None:
    clerk = login(desk)
    view = desk.checklist.reject(clerk, draft(desk, ["购房合同"]), f"  {REASON} ", BASIS)
    assert (view.number, view.kind, view.status, view.printable) == (
        "BY2026-03-0001",
        NoticeKind.REJECTION,
        "awaiting_approval",
        False,
    )
    assert (view.content.refusal_reason, view.content.refusal_basis) == (REASON, BASIS)
    assert view.applicant_display == "赵敏（1101**********002X）"
    error = refused("notice.awaiting_approval", desk, desk.checklist.print_notice, view.number)
    assert view.number in error.message()
    assert desk.checklist.refresh_status(view.number).status == "awaiting_approval"  # not synced

    desk.sync.sync_once()
    boss = supervisor(other_pc)
    (pending,) = other_pc.supervision.pending_reports()
    assert (pending.number, pending.status, pending.reason, pending.basis) == (
        view.number,
        "pending",
        REASON,
        BASIS,
    )
    assert (pending.reported_by, pending.reported_by_name) == ("1003", clerk.name)
    assert pending.item_name == "住房公积金提取（购买自住住房）"
    assert pending.applicant_display == view.applicant_display
    assert PERSON.id_number not in repr(pending)
    assert desk.checklist.refresh_status(view.number).status == "awaiting_approval"  # pending

    fake_clock.advance(timedelta(minutes=7))
    decided = other_pc.supervision.decide(boss, view.number.lower(), True, "")
    assert (decided.status, decided.decided_by, decided.decided_at) == (
        "approved",
        "S001",
        fake_clock.now(),
    )
    assert other_pc.supervision.pending_reports() == ()
    assert [r.number for r in other_pc.supervision.recent_reports()] == [view.number]

    refreshed = desk.checklist.refresh_status(view.number)
    assert (refreshed.status, refreshed.printable) == ("approved", True)
    assert desk.checklist.notice(view.number).status == "approved"  # kept locally
    printed = desk.checklist.print_notice(view.number, "a4")
    assert (printed.kind, printed.number) == ("notice_rejection", view.number)
    assert printed.pdf.startswith(b"%PDF") and printed.pages


def test_print_asks_for_the_decision_itself(desk: Services, other_pc: Services) -> None:
    number = reject(desk, login(desk))
    desk.sync.sync_once()
    other_pc.supervision.decide(supervisor(other_pc), number, True, "同意")
    assert desk.checklist.print_notice(number).kind == "notice_rejection"
    assert desk.checklist.notice(number).comment == "同意"


def test_a_returned_report_is_not_printed_and_shows_the_comment(
    desk: Services, other_pc: Services
) -> None:
    number = reject(desk, login(desk))
    desk.sync.sync_once()
    boss, decide = supervisor(other_pc), other_pc.supervision.decide
    for bad in ("", "   "):
        error = refused("report.comment_required", other_pc, decide, boss, number, False, bad)
        assert "500" in error.message()
    refused("report.comment_too_long", other_pc, decide, boss, number, False, "长" * 501)
    refused("report.not_supervisor", other_pc, decide, login(other_pc, "1006", 6), number, True, "")
    refused("report.not_found", other_pc, decide, boss, "BY2026-03-0404", True, "")
    assert other_pc.supervision.pending_reports()[0].status == "pending"  # nothing changed

    comment = "依据引用有误，请核实后重新出具"
    returned = decide(boss, number, False, f" {comment} ")
    assert (returned.status, returned.comment) == ("returned", comment)
    error = refused("report.already_decided", other_pc, decide, boss, number, True, "")
    assert number in error.message()

    view = desk.checklist.refresh_status(number)
    assert (view.status, view.printable, view.comment) == ("returned", False, comment)
    error = refused("notice.returned", desk, desk.checklist.print_notice, number)
    assert comment in error.message() and comment in error.message("en")


def test_a_hall_may_print_at_once_and_report_afterwards(
    central_url: str, fake_clock: FakeClock, tmp_path: Path
) -> None:
    services = make_services(
        central_url, fake_clock, tmp_path, window=3, approve_rejection_first=False
    )
    try:
        services.sync.sync_once()
        clerk = login(services)
        view = services.checklist.reject(clerk, draft(services), REASON, BASIS)
        assert (view.status, view.printable) == ("reported", True)
        assert services.checklist.print_notice(view.number).kind == "notice_rejection"
        services.sync.sync_once()
        (pending,) = services.supervision.pending_reports()
        assert (pending.number, pending.status) == (view.number, "pending")
        report = services.context.read(
            lambda conn: notices_central.report_by_number(
                conn, hall_id(services, conn), view.number
            )
        )
        assert report is not None and report.print_first is True
        services.supervision.decide(supervisor(services), view.number, True, "")
        assert services.checklist.refresh_status(view.number).status == "approved"
    finally:
        services.close()


def test_rejection_reasons_are_required_and_bounded(desk: Services, fake_clock: FakeClock) -> None:
    clerk, reject_ = login(desk), desk.checklist.reject
    for reason, basis, code in (
        ("", BASIS, "rejection.reason_required"),
        ("  ", BASIS, "rejection.reason_required"),
        ("理" * 501, BASIS, "rejection.reason_required"),
        (REASON, "", "rejection.basis_required"),
        (REASON, "依" * 1001, "rejection.basis_required"),
    ):
        refused(code, desk, reject_, clerk, draft(desk), reason, basis)
    assert reject_(clerk, draft(desk), "理" * 500, "依" * 1000).status == "awaiting_approval"
    unticked = replace(draft(desk), checks=())  # ticks are optional on a rejection ...
    assert reject_(clerk, unticked, REASON, BASIS).number == "BY2026-03-0002"
    half = replace(draft(desk), checks=draft(desk).checks[:1])  # ... but given ones must hold
    refused("checklist.missing_tick", desk, reject_, clerk, half, REASON, BASIS)
    bad_id = draft(desk, applicant=replace(PERSON, id_number="110105194912310021"))
    refused("id.checksum", desk, reject_, clerk, bad_id, REASON, BASIS)
    refused(
        "notice.not_found",
        desk,
        reject_,
        clerk,
        replace(draft(desk), refers_to="GZ2026-03-0404"),
        REASON,
        BASIS,
    )
    fake_clock.set(SUNDAY)
    refused("catalogue.weekday_only", desk, reject_, clerk, draft(desk, code=ITEM), REASON, BASIS)
    desk.sync.sync_once()
    assert central_count(desk, rejection_reports) == 2


def test_without_the_central_database_a_rejection_keeps_waiting(
    desk: Services, fake_clock: FakeClock
) -> None:
    number = reject(desk, login(desk))
    away = build_services(replace(desk.config, database_url=CLOSED_PORT), fake_clock)
    try:
        view = away.checklist.refresh_status(number)
        assert (view.status, view.printable) == ("awaiting_approval", False)
        refused("notice.awaiting_approval", away, away.checklist.print_notice, number)
        with pytest.raises(DeskError) as caught:
            away.supervision.pending_reports()
        assert caught.value.code == "central.unreachable"
    finally:
        away.close()


def test_a_pulled_rejection_shows_its_status_at_another_pc(
    desk: Services, other_pc: Services
) -> None:
    number = reject(desk, login(desk))
    desk.sync.sync_once()
    other_pc.sync.sync_once()
    (pulled,) = other_pc.checklist.history(number)
    assert (pulled.status, pulled.printable, pulled.staff_no) == (
        "awaiting_approval",
        False,
        "1003",
    )
    other_pc.supervision.decide(supervisor(other_pc), number, True, "")
    assert other_pc.checklist.refresh_status(number).printable
