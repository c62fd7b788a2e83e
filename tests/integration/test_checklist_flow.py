"""The checklist at the window (issue 4), through the services on every central backend.

Search the PC's catalogue copy, tick the materials, issue the one-time notice (stored, its
event recorded, printed), open it again on the return visit at ANOTHER PC after a sync, refuse
a new demand until a supervisor approves it, accept, reveal an ID on purpose. Every bad input
is refused with its code and changes nothing (local notices and outbox events counted).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from desk_client.core.checklist import (
    Applicant,
    ApplicantKind,
    ExceptionApproval,
    MaterialCheck,
    MaterialStatus,
)
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.core.notices import NoticeKind, notice_scan_code
from desk_client.services.app import Services, build_services
from desk_client.services.dto import StaffSession
from desk_client.services.dto_notices import ChecklistDraft
from desk_client.store import notices_central
from desk_client.store.notice_schema import notices as central_notices
from tests.integration.conftest import make_services

PASSWORD = "desk1234"  # the demo clerks'
SUPERVISOR_PASSWORD = "super123"  # S001 王主任
ITEM = "SF-GJJ-0202"  # 住房公积金提取（购买自住住房）: weekdays only
WEEKEND_ITEM = "SF-GJJ-0201"  # 住房公积金提取（退休）: also on weekend sessions (5+2)
CONTRACT, INVOICE, CARD = "购房合同", "购房发票或契税完税凭证", "本人银行储蓄卡"
PERSON = Applicant(ApplicantKind.PERSON, "赵敏", "11010519491231002X", phone="13800138000")
COMPANY = Applicant(
    ApplicantKind.ORGANISATION,
    "福州示范科技有限公司",
    "91350100M000100Y43",
    "0591-87654321",
    "孙强",
)
SUNDAY = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 10:00 in Fuzhou, a Sunday
CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x"


# -- helpers shared with test_rejection_reports ----------------------------------------------


@pytest.fixture
def desk(central_url: str, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    """Window 3's PC of a fresh demo hall, synced once (catalogue and directory cached)."""
    made = make_services(central_url, fake_clock, tmp_path, window=3)
    made.sync.sync_once()
    yield made
    made.close()


@pytest.fixture
def other_pc(desk: Services, fake_clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    """Another PC of the same hall (window 6, its own local store)."""
    config = replace(desk.config, local_store=str(tmp_path / "pc-6.db"), window=6)
    made = build_services(config, fake_clock)
    made.sync.sync_once()
    yield made
    made.close()


def login(services: Services, staff_no: str = "1003", window: int | None = 3) -> StaffSession:
    return services.auth.open_session(services.sync, staff_no, PASSWORD, window)


def draft(
    services: Services,
    missing: Sequence[str] = (),
    wrong: Sequence[str] = (),
    *,
    code: str = ITEM,
    applicant: Applicant = PERSON,
    refers_to: str = "",
    approvals: Sequence[ExceptionApproval] = (),
) -> ChecklistDraft:
    """A tick for every material: missing, non-conforming, else present (a conditional one
    not applicable)."""
    checks = []
    for material in services.checklist.item(code).materials:
        if material.name in missing:
            checks.append(MaterialCheck(material.name, MaterialStatus.MISSING))
        elif material.name in wrong:
            checks.append(
                MaterialCheck(material.name, MaterialStatus.NONCONFORMING, "复印件不清晰")
            )
        elif material.required:
            checks.append(MaterialCheck(material.name, MaterialStatus.PRESENT))
        else:
            checks.append(MaterialCheck(material.name, MaterialStatus.NOT_APPLICABLE))
    return ChecklistDraft(code, applicant, tuple(checks), refers_to, tuple(approvals))


def snapshot(services: Services) -> tuple[int, int]:
    """(outbox events, local notices) of the PC: a refusal must leave both as they were."""
    return len(services.sync.local.events(limit=100_000)), len(
        services.checklist.history("", 10_000)
    )


def refused(code: str, services: Services, action: object, *args: object) -> DeskError:
    before = snapshot(services)
    assert callable(action)
    with pytest.raises(DeskError) as caught:
        action(*args)
    assert caught.value.code == code, caught.value.message("en")
    assert snapshot(services) == before, f"{code} changed something"
    assert caught.value.message("zh_CN") != code and caught.value.message("en") != code
    return caught.value


def events_of(services: Services, type: str) -> list[dict[str, object]]:
    rows = services.sync.local.events(limit=100_000)
    return [json.loads(row.event.payload) for row in rows if row.event.type == type]


def central_count(services: Services, table: sa.Table) -> int:
    """Rows of this hall (the central database is shared by the module's tests)."""

    def work(conn: sa.Connection) -> int:
        query = sa.select(sa.func.count()).where(table.c.hall_id == hall_id(services, conn))
        return int(conn.execute(query).scalar_one())

    return services.context.read(work)


def hall_id(services: Services, conn: sa.Connection) -> int:
    return services.context.hall(conn)[0]


# -- the day and the picker --------------------------------------------------------------------


def test_the_picker_searches_the_cached_catalogue_by_initials(desk: Services) -> None:
    day = desk.checklist.session_day()
    assert (day.day, day.working_day, day.calendar_missing) == (date(2026, 11, 23), True, False)
    found = {choice.item.code: choice for choice in desk.checklist.search_items("gjj")}
    assert {ITEM, WEEKEND_ITEM} <= set(found)
    assert all(choice.available and not choice.reason for choice in found.values())
    assert desk.checklist.search_items("gjj", limit=1)[0].item.code in found
    everything = desk.checklist.search_items("", limit=500)  # an empty query lists them all
    assert [c.item for c in everything] == list(desk.catalogue.cached_items())
    assert desk.checklist.item(ITEM).name == "住房公积金提取（购买自住住房）"


def test_a_year_the_holiday_calendar_lacks_counts_as_working_with_a_banner(
    desk: Services, fake_clock: FakeClock
) -> None:
    fake_clock.set(datetime(2099, 6, 7, 2, 0, tzinfo=UTC))  # a Sunday
    day = desk.checklist.session_day()
    assert (day.working_day, day.calendar_missing) == (True, True)
    assert all(choice.available for choice in desk.checklist.search_items("gjj"))


def test_on_a_sunday_only_weekend_items_can_be_chosen(
    desk: Services, fake_clock: FakeClock
) -> None:
    session = login(desk)
    fake_clock.set(SUNDAY)
    day = desk.checklist.session_day()
    assert (day.day, day.working_day) == (date(2026, 11, 22), False)
    found = {choice.item.code: choice for choice in desk.checklist.search_items("公积金")}
    assert (found[ITEM].available, found[ITEM].reason) == (False, "catalogue.weekday_only")
    assert (found[WEEKEND_ITEM].available, found[WEEKEND_ITEM].reason) == (True, "")
    weekday_draft = draft(desk, missing=[CONTRACT])
    refusal = refused(
        "catalogue.weekday_only", desk, desk.checklist.issue_notice, session, weekday_draft
    )
    assert refusal.message() == "本事项周末及节假日不办理，请于工作日预约办理"
    refused("catalogue.weekday_only", desk, desk.checklist.accept, session, draft(desk))
    args = (session, draft(desk), "不属于本机关职权范围", "《行政许可法》第三十二条")
    refused("catalogue.weekday_only", desk, desk.checklist.reject, *args)
    weekend = desk.checklist.issue_notice(session, draft(desk, ["居民身份证"], code=WEEKEND_ITEM))
    assert weekend.status == "issued"


def test_the_weekday_slip_names_the_next_working_day(desk: Services, fake_clock: FakeClock) -> None:
    session = login(desk)
    fake_clock.set(SUNDAY)
    assert desk.checklist.next_working_day() == date(2026, 11, 23)
    document = desk.checklist.weekday_slip(session, ITEM)
    assert (document.kind, document.number) == ("weekday_slip", ITEM)
    assert document.pdf.startswith(b"%PDF") and document.pages
    fake_clock.set(datetime(2026, 9, 30, 2, 0, tzinfo=UTC))  # before the National Day week
    assert desk.checklist.next_working_day() == date(2026, 10, 8)


# -- the one-time notice ---------------------------------------------------------------------


def test_missing_materials_give_a_numbered_stored_printed_notice(desk: Services) -> None:
    session = login(desk)
    view = desk.checklist.issue_notice(session, draft(desk, [CONTRACT], [INVOICE]))
    assert (view.number, view.kind, view.status, view.printable) == (
        "GZ2026-03-0001",
        NoticeKind.ONE_TIME,
        "issued",
        True,
    )
    assert view.applicant_display == "赵敏（1101**********002X）"
    assert (view.staff_no, view.created_at) == ("1003", desk.clock.now())
    content = view.content
    assert [(line.material, line.problem) for line in content.lines] == [
        (CONTRACT, MaterialStatus.MISSING),
        (INVOICE, MaterialStatus.NONCONFORMING),
    ]
    assert content.lines[1].reason == "复印件不清晰" and content.lines[0].requirement
    assert (content.clerk_no, content.clerk_name, content.window_number) == (
        "1003",
        session.name,
        3,
    )
    assert content.clerk_phone == session.phone and content.clerk_phone
    item = desk.checklist.item(ITEM)
    assert (content.legal_basis, content.fee) == (item.legal_basis, item.fee)
    assert content.enquiry_phone == item.enquiry_phone and content.complaint_phone
    assert (content.hall_code, content.item_code) == (desk.config.hall_code, ITEM)
    assert content.applicant.id_number == PERSON.id_number  # kept whole, for the reprint
    assert desk.checklist.notice(view.number) == view
    assert desk.checklist.history() == (view,)
    (event,) = events_of(desk, "notice.issued")
    assert (event["number"], event["kind"], event["year"], event["window"], event["seq"]) == (
        view.number,
        "one_time",
        2026,
        3,
        1,
    )
    assert event["report"] is None and event["exceptions"] == []
    second = desk.checklist.issue_notice(session, draft(desk, [CARD]))
    assert second.number == "GZ2026-03-0002"
    assert [v.number for v in desk.checklist.history("GZ2026-03-0001")] == [view.number]

    for paper in ("80mm", "A4"):
        printed = desk.checklist.print_notice(view.number, paper)
        assert (printed.kind, printed.number) == ("notice_one_time", view.number)
        assert printed.pdf.startswith(b"%PDF") and printed.pages
        assert PERSON.id_number.encode() not in printed.pdf

    desk.sync.sync_once()
    stored = desk.context.read(
        lambda conn: notices_central.notice_by_number(conn, hall_id(desk, conn), view.number)
    )
    assert stored is not None and stored.content["number"] == view.number
    assert central_count(desk, central_notices) == 2


def test_an_item_without_its_own_phone_gives_the_halls(desk: Services, tmp_path: Path) -> None:
    """After a re-import and a sync, the picker and the notice use the new catalogue."""
    exported = tmp_path / "catalogue.json"
    desk.catalogue.export_file(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    (entry,) = [entry for entry in data["items"] if entry["code"] == ITEM]
    entry["enquiry_phone"] = ""
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    desk.catalogue.import_file(exported)
    assert desk.checklist.item(ITEM).enquiry_phone  # the PC's copy until the next sync
    desk.sync.sync_once()
    assert desk.checklist.item(ITEM).enquiry_phone == ""
    view = desk.checklist.issue_notice(login(desk), draft(desk, [CONTRACT]))
    assert view.content.enquiry_phone == "0591-12345"  # the demo hall's phone


def test_nothing_missing_is_no_notice_and_an_incomplete_set_is_no_acceptance(
    desk: Services,
) -> None:
    session = login(desk)
    refused("notice.nothing_missing", desk, desk.checklist.issue_notice, session, draft(desk))
    error = refused(
        "checklist.incomplete",
        desk,
        desk.checklist.accept,
        session,
        draft(desk, [CONTRACT], [INVOICE]),
    )
    assert CONTRACT in error.message() and INVOICE in error.message("en")
    half = replace(draft(desk), checks=draft(desk).checks[:2])
    refused("checklist.missing_tick", desk, desk.checklist.issue_notice, session, half)


def test_accepting_records_the_materials_received(desk: Services) -> None:
    session = login(desk)
    view = desk.checklist.accept(session, draft(desk))
    assert (view.number, view.kind, view.status, view.printable) == (
        "SL2026-03-0001",
        NoticeKind.ACCEPTANCE,
        "issued",
        True,
    )
    received = view.content.received
    assert len(received) == 4 and received[0] == "居民身份证 原件 1份"
    assert not any("结婚证" in text for text in received)  # it did not apply
    (event,) = events_of(desk, "notice.issued")
    assert event["kind"] == "acceptance" and event["content"]["received"]  # type: ignore[index]
    assert desk.checklist.print_notice(view.number).kind == "notice_acceptance"


# -- the return visit at another PC ------------------------------------------------------------


def test_the_return_visit_at_another_pc_opens_exactly_the_earlier_list(
    desk: Services, other_pc: Services
) -> None:
    earlier = desk.checklist.issue_notice(login(desk), draft(desk, [CONTRACT], [INVOICE]))
    desk.sync.sync_once()
    scanned = notice_scan_code(desk.config.hall_code, earlier.number)

    # Not pulled yet: found centrally.
    visit = other_pc.checklist.open_return_visit(scanned)
    assert (visit.notice.number, visit.item.code, visit.listed) == (
        earlier.number,
        ITEM,
        (CONTRACT, INVOICE),
    )
    other_pc.sync.sync_once()  # pulled: now found on this PC itself
    visit = other_pc.checklist.open_return_visit(earlier.number.lower())
    assert visit.listed == (CONTRACT, INVOICE) and visit.notice.content == earlier.content
    assert visit.notice.applicant_display == earlier.applicant_display

    clerk = login(other_pc, "1006", 6)
    demand_more = draft(other_pc, [CONTRACT, CARD], refers_to=scanned)
    error = refused(
        "checklist.new_demand", other_pc, other_pc.checklist.issue_notice, clerk, demand_more
    )
    assert CARD in error.message()

    approve, why = other_pc.checklist.approve_exception, "储蓄卡已挂失，需补充新卡证明"
    boss = ("S001", SUPERVISOR_PASSWORD)
    for code, number, material, reason, who in (
        ("exception.not_supervisor", earlier.number, CARD, why, ("1001", PASSWORD)),
        ("auth.failed", earlier.number, CARD, why, ("S001", "wrong-pass")),
        ("exception.reason_required", earlier.number, CARD, "  ", boss),
        ("exception.reason_required", earlier.number, CARD, "长" * 501, boss),
        ("exception.already_listed", earlier.number, CONTRACT, why, boss),
        ("exception.unknown_material", earlier.number, "户口本", why, boss),
        ("notice.not_found", "GZ2026-03-0999", CARD, why, boss),
    ):
        refused(code, other_pc, approve, clerk, number, material, reason, *who)

    approval = approve(clerk, scanned, CARD, why, "S001", SUPERVISOR_PASSWORD)
    assert (approval.material, approval.reason, approval.supervisor_no) == (CARD, why, "S001")
    assert approval.supervisor_name == "王主任" and approval.approved_at == other_pc.clock.now()
    (recorded,) = events_of(other_pc, "one_time.exception")  # on record before it is used
    assert (recorded["refers_to"], recorded["material"], recorded["staff_no"]) == (
        earlier.number,
        CARD,
        "1006",
    )

    again = other_pc.checklist.issue_notice(clerk, replace(demand_more, approvals=(approval,)))
    assert again.number == "GZ2026-06-0001" and again.content.refers_to == earlier.number
    assert [line.material for line in again.content.lines] == [CONTRACT, CARD]
    (issued,) = events_of(other_pc, "notice.issued")
    assert issued["exceptions"][0]["material"] == CARD  # type: ignore[index]

    other_pc.sync.sync_once()
    (seen,) = other_pc.supervision.exceptions()
    assert (seen.notice_number, seen.material, seen.reason) == (earlier.number, CARD, why)
    assert (seen.supervisor_no, seen.staff_no) == ("S001", "1006")
    assert (seen.supervisor_name, seen.staff_name) == ("王主任", "杨磊")  # as the list shows them

    accepted = other_pc.checklist.accept(clerk, draft(other_pc, refers_to=earlier.number))
    assert accepted.content.refers_to == earlier.number and accepted.number == "SL2026-06-0001"


def test_a_return_visit_must_be_the_same_item_and_applicant(desk: Services) -> None:
    session = login(desk)
    earlier = desk.checklist.issue_notice(session, draft(desk, [CONTRACT]))
    accepted = desk.checklist.accept(session, draft(desk))
    other_item = draft(desk, ["居民身份证"], code=WEEKEND_ITEM, refers_to=earlier.number)
    refused("notice.other_item", desk, desk.checklist.issue_notice, session, other_item)
    stranger = replace(PERSON, id_number="110101199003070134")
    refused(
        "notice.other_applicant",
        desk,
        desk.checklist.accept,
        session,
        draft(desk, applicant=stranger, refers_to=earlier.number),
    )
    refused("notice.not_one_time", desk, desk.checklist.open_return_visit, accepted.number)
    refused(
        "notice.not_one_time",
        desk,
        desk.checklist.accept,
        session,
        draft(desk, refers_to=accepted.number),
    )


# -- bad input ---------------------------------------------------------------------------------


BAD_APPLICANTS = (
    (replace(PERSON, id_number="110105194912310021"), "id.checksum"),
    (replace(PERSON, id_number="11010519491231002"), "id.length"),
    (replace(PERSON, id_number="110105199902300011"), "id.birth_date"),
    (replace(PERSON, id_number="1101051949123100２X"), "id.characters"),
    (replace(PERSON, phone=""), "applicant.phone_required"),
    (replace(PERSON, phone="12345"), "phone.invalid"),
    (replace(PERSON, name=" "), "applicant.name_empty"),
    (replace(PERSON, name="赵" * 101), "applicant.name_too_long"),
    (replace(COMPANY, id_number="91350100M000100Y44"), "credit.checksum"),
    (replace(COMPANY, id_number="91350100M000100YI3"), "credit.characters"),
    (replace(COMPANY, id_number="91350100M000100Y4"), "credit.length"),
)


def test_bad_applicants_are_refused_and_change_nothing(desk: Services) -> None:
    session, checklist = login(desk), desk.checklist
    for applicant, code in BAD_APPLICANTS:
        error = refused(code, desk, checklist.check_applicant, applicant)
        notice = draft(desk, [CONTRACT], applicant=applicant)
        refused(code, desk, checklist.issue_notice, session, notice)
        refused(code, desk, checklist.accept, session, draft(desk, applicant=applicant))
        if applicant.kind is ApplicantKind.PERSON:  # a resident ID is never shown whole
            assert applicant.id_number not in error.message(), code


def test_an_organisation_is_checked_by_its_credit_code(desk: Services) -> None:
    checked = desk.checklist.check_applicant(replace(COMPANY, id_number="91350100m000100y43"))
    assert checked.id_number == "91350100M000100Y43"
    view = desk.checklist.issue_notice(login(desk), draft(desk, [CONTRACT], applicant=COMPANY))
    assert view.applicant_display == "福州示范科技有限公司（91350100M000100Y43）"


def test_unknown_and_foreign_notice_numbers_are_refused(desk: Services) -> None:
    session = login(desk)
    mine = desk.checklist.issue_notice(session, draft(desk, [CONTRACT]))
    lookups = desk.checklist.open_return_visit, desk.checklist.notice, desk.checklist.refresh_status
    for lookup in lookups:
        error = refused("notice.not_found", desk, lookup, "GZ2026-03-0404")
        assert "GZ2026-03-0404" in error.message()
        error = refused(
            "notice.other_hall", desk, lookup, notice_scan_code("xm-siming", mine.number)
        )
        assert "xm-siming" in error.message("en")
        refused("notice.bad_number", desk, lookup, "告知单12")
    refused("notice.not_found", desk, desk.checklist.reveal_id, session, "GZ2026-03-0404")
    refused("notice.bad_paper", desk, desk.checklist.print_notice, mine.number, "A5")
    issue = desk.checklist.issue_notice
    no_item = replace(draft(desk, [CONTRACT]), item_code="NO-SUCH")
    refused("notice.unknown_item", desk, issue, session, no_item)
    checks = draft(desk, [CONTRACT]).checks
    unknown = (*checks, MaterialCheck("户口本", MaterialStatus.MISSING))
    refused(
        "checklist.unknown_material",
        desk,
        issue,
        session,
        replace(no_item, item_code=ITEM, checks=unknown),
    )
    no_reason = tuple(replace(c, status=MaterialStatus.NONCONFORMING) for c in checks)
    refused(
        "checklist.reason_required", desk, issue, session, replace(draft(desk), checks=no_reason)
    )
    twice = (*checks, checks[0])
    refused("checklist.duplicate", desk, issue, session, replace(draft(desk), checks=twice))
    long_reason = tuple(
        replace(c, reason="糊" * 501) if c.reason else c
        for c in draft(desk, wrong=[CONTRACT]).checks
    )
    refused(
        "checklist.reason_too_long", desk, issue, session, replace(draft(desk), checks=long_reason)
    )


# -- revealing an ID, and working offline --------------------------------------------------------


def test_revealing_an_id_number_is_recorded(desk: Services) -> None:
    session = login(desk)
    view = desk.checklist.issue_notice(session, draft(desk, [CONTRACT]))
    assert desk.checklist.reveal_id(session, view.number) == PERSON.id_number
    (event,) = events_of(desk, "id.revealed")
    assert (event["number"], event["staff_no"]) == (view.number, "1003")
    desk.sync.sync_once()
    count = desk.context.read(
        lambda conn: notices_central.reveal_count(conn, hall_id(desk, conn), view.number)
    )
    assert count == 1


def test_the_window_issues_notices_with_the_central_database_away(
    desk: Services, fake_clock: FakeClock
) -> None:
    session = login(desk)
    first = desk.checklist.issue_notice(session, draft(desk, [CONTRACT]))
    away = build_services(replace(desk.config, database_url=CLOSED_PORT), fake_clock)
    try:
        offline_session = login(away)
        assert offline_session.offline and offline_session.phone == session.phone
        assert [c.item.code for c in away.checklist.search_items(ITEM)] == [ITEM]
        view = away.checklist.issue_notice(offline_session, draft(away, [INVOICE]))
        assert view.number == "GZ2026-03-0002" and view.content.clerk_phone == session.phone
        assert away.checklist.open_return_visit(first.number).listed == (CONTRACT,)
        refused("notice.not_found", away, away.checklist.open_return_visit, "GZ2026-03-0404")
        assert away.checklist.refresh_status(first.number).status == "issued"
    finally:
        away.close()
    desk.sync.sync_once()
    assert central_count(desk, central_notices) == 2
