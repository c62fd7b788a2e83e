"""好差评 codes, the citizen's page and the window's feed (issue 7) on every central backend.

A clerk at window 3 finishes a ticket, a case or an offline walk-in and gets its code: a signed
URL recorded locally with its rating.visit event (one transaction) that reaches the central
rating_visits with the sync; offline the code is made from the secret cached on this PC. The
page tells a good code from an expired, forged, tampered, malformed, another hall's or a used
one; a rating is stored once per visit (a second is refused and writes nothing). The window's
feed returns each rating once, in seq order, and goes on where it stopped after a restart.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from desk_client.config import Config
from desk_client.core.errors import DeskError
from desk_client.core.rating_tokens import RatingClaims, peek, sign, verify
from desk_client.core.ratings import RatingForm
from desk_client.services.app import Services, build_services
from desk_client.services.dto import EmergencyTicket
from desk_client.services.dto_cases import CaseView
from desk_client.services.dto_ratings import RatingPageState
from desk_client.services.rating_page import RatingPageService
from desk_client.store import db, ratings_repo
from tests.integration.rating_service_helpers import (
    BAD,
    CLERK,
    GOOD,
    central,
    login,
    outbox,
    page,
    pc,
    rate,
    refused,
    served_ticket,
    ticket_code,
    token_of,
)

__all__ = ["page", "pc"]  # the fixtures, used by name

#: A central database nobody listens for: the PC is offline.
UNREACHABLE = "postgresql+psycopg://desk@127.0.0.1:9/desk"
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # the fake clock: 09:00 in the hall


def hall_secrets(services: Services) -> tuple[bytes, ...]:
    with db.write(services.context.engine) as conn:
        hall_id, _ = services.context.hall(conn)
        return ratings_repo.settings_row(conn, hall_id).secrets


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# -- codes ---------------------------------------------------------------------------------------


def test_a_finished_ticket_gets_a_signed_code_recorded_with_its_visit(pc: Services) -> None:
    clerk = login(pc)
    ticket = served_ticket(pc, clerk)
    code = pc.ratings.code_for_ticket(clerk, ticket)
    assert (code.kind, code.ref, code.window) == ("ticket", ticket.number, 3)
    assert code.url.startswith("http://127.0.0.1:8765/rate/")
    assert code.expires_at == NOW + timedelta(days=7)
    assert len(code.qr) == len(code.qr[0]) and set("".join(code.qr)) == {"0", "1"}
    claims = verify(token_of(code), hall_secrets(pc), int(NOW.timestamp()), pc.config.hall_code)
    assert claims == RatingClaims(
        pc.config.hall_code, code.visit_id, 3, CLERK, "", "", int(code.expires_at.timestamp())
    )
    (event,) = [e for e in pc.sync.local.events() if e.event.type == "rating.visit"]
    assert event.event.actor == CLERK
    pc.sync.sync_once()
    assert central(pc).visits == 1


def test_the_slip_is_stored_for_reprint_and_names_no_staff(pc: Services) -> None:
    code = ticket_code(pc)
    slip = pc.ratings.slip(code)
    assert (slip.kind, slip.number, len(slip.pages)) == ("rating_slip", code.ref, 1)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(slip.pdf)).pages)
    assert code.ref in text and "3 号窗口" in text and "2026年11月30日 09:00" in text
    assert "王芳" not in text and "1003" not in text
    printed = [e for e in pc.sync.local.events() if e.event.type == "document.printed"]
    assert [json.loads(e.event.payload)["kind"] for e in printed] == ["rating_slip"]


def test_a_completed_case_and_an_offline_walk_in_get_codes_too(pc: Services) -> None:
    clerk = login(pc)
    case = CaseView(
        number="SL2026-03-0001", item_code="GJJ-001", item_name="住房公积金提取",
        kind="promised", applicant_display="赵*", staff_no=CLERK, window_number=3,
        accepted_at=NOW, accepted_day=NOW.date(), limit_days=5, deadline=None,
        state="completed", paused_since=None, level="green",
    )  # fmt: skip
    code = pc.ratings.code_for_case(clerk, case)
    claims = peek(token_of(code))
    assert (code.kind, code.ref, claims.case, claims.item) == (
        "case", case.number, case.number, "GJJ-001",
    )  # fmt: skip
    walk_in = pc.offline.issue_emergency(3, "A", CLERK)
    walk_in = pc.offline.finish_emergency(3, walk_in.number, CLERK)
    code = pc.ratings.code_for_emergency(clerk, walk_in)
    assert (code.kind, code.ref, peek(token_of(code)).window) == ("emergency", walk_in.number, 3)
    refused("rating.not_finished", pc, lambda: pc.ratings.code_for_case(clerk, replace(
        case, state="in_progress")))  # fmt: skip
    waiting = pc.queue.issue_ticket("A").ticket
    refused("rating.not_finished", pc, lambda: pc.ratings.code_for_ticket(clerk, waiting))
    pc.sync.sync_once()
    assert central(pc).visits == 2


def test_an_offline_window_makes_codes_from_the_cached_secret(
    pc: Services, page: RatingPageService, tmp_path: Path
) -> None:
    clerk = login(pc)
    pc.ratings.update_settings(expiry_days=3)
    ticket_code(pc, clerk)  # online once: the hall's secrets and expiry are cached on this PC
    offline = build_services(replace(pc.config, database_url=UNREACHABLE), pc.clock)
    try:
        walk_in = offline.offline.issue_emergency(3, "A", CLERK)
        walk_in = offline.offline.finish_emergency(3, walk_in.number, CLERK)
        code = offline.ratings.code_for_emergency(clerk, walk_in)
    finally:
        offline.close()
    assert page.state(token_of(code)).status == "ok"
    assert code.expires_at - pc.clock.now() == timedelta(days=3)  # the hall's, not the default
    pc.sync.sync_once()  # the link is back: the visit reaches the central database
    assert central(pc).visits == 2
    never_online = Config(
        hall_code=pc.config.hall_code,
        database_url=UNREACHABLE,
        local_store=str(tmp_path / "new-pc.db"),
    )
    fresh = build_services(never_online, pc.clock)
    try:
        ticket = EmergencyTicket("W03-001", 3, "A", NOW.date(), CLERK, NOW, NOW, NOW)
        before = outbox(fresh)
        with pytest.raises(DeskError) as caught:
            fresh.ratings.code_for_emergency(clerk, ticket)
        assert caught.value.code == "rating.secret_unavailable"
        assert outbox(fresh) == before
    finally:
        fresh.close()


# -- the page -----------------------------------------------------------------------------------


def test_the_page_tells_every_kind_of_code_apart(pc: Services, page: RatingPageService) -> None:
    code = ticket_code(pc)
    token = token_of(code)
    name = "示范市政务服务中心"
    assert page.state(token) == RatingPageState("ok", name, 3, code.expires_at)
    payload, mac = token.split(".")
    claims = peek(token)
    tampered_text = base64.urlsafe_b64decode(payload + "==").decode().replace("|3|", "|4|", 1)
    tampered = f"{b64(tampered_text.encode())}.{mac}"
    forged = sign(claims, b"not the hall's secret")
    elsewhere = sign(replace(claims, hall="elsewhere"), hall_secrets(pc)[0])
    for bad, status in (
        (tampered, "forged"), (forged, "forged"), ("abc", "malformed"),
        (token[:-2], "malformed"), (elsewhere, "wrong_hall"),
    ):  # fmt: skip
        assert page.state(bad) == RatingPageState(status, name, 0, None), bad


def test_expired_and_used_codes_and_refused_submissions_write_nothing(
    pc: Services, page: RatingPageService
) -> None:
    code, old = ticket_code(pc), ticket_code(pc)
    receipt = rate(page, code)
    assert (receipt.overall, receipt.bad, receipt.followup_id) == (5, False, None)
    assert page.state(token_of(code)).status == "used"
    refused("rating.token_used", pc, lambda: rate(page, code))
    refused("rating.token_used", pc, lambda: rate(page, code, BAD))
    refused("rating.form_invalid", pc, lambda: rate(page, old, RatingForm(1, 5, 5, 5)))
    forged = sign(peek(token_of(old)), b"another secret")
    refused("rating.token_forged", pc, lambda: page.submit(forged, GOOD))
    pc.clock.advance(timedelta(days=7, seconds=1))  # type: ignore[attr-defined]
    assert page.state(token_of(old)).status == "expired"
    assert page.state(token_of(code)).status == "used"  # said so even once expired
    refused("rating.token_expired", pc, lambda: rate(page, old))


def test_a_bad_rating_opens_a_follow_up_in_the_same_transaction(
    pc: Services, page: RatingPageService
) -> None:
    receipt = rate(page, ticket_code(pc), BAD)
    assert receipt.bad and receipt.followup_id is not None
    (followup,) = pc.rating_followups.followups()
    assert (followup.id, followup.assignee_no, followup.assignee_name) == (
        receipt.followup_id, "S001", "王主任",
    )  # fmt: skip
    assert followup.rating.reasons == ("slow", "attitude")
    assert followup.rating.comment == "等了一个多小时"
    assert (followup.due_day, followup.level, followup.state) == (
        date(2026, 11, 30),
        "green",
        "open",
    )


# -- the feed -----------------------------------------------------------------------------------


def test_the_feed_returns_each_rating_once_in_order_and_survives_a_restart(
    pc: Services, page: RatingPageService
) -> None:
    clerk = login(pc)
    codes = [ticket_code(pc, clerk) for _ in range(3)]
    elsewhere = pc.ratings.code_for_visit("ticket", "B007", 5, "1005")
    receipts = [rate(page, c, form) for c, form in zip(codes, (GOOD, BAD, GOOD), strict=True)]
    receipts.append(rate(page, elsewhere))
    got = pc.ratings.fetch_new()
    assert (
        [view.seq for view in got] == [r.seq for r in receipts] == sorted(r.seq for r in receipts)
    )
    assert [view.ref for view in got] == [c.ref for c in (*codes, elsewhere)]
    assert [view.bad for view in got] == [False, True, False, False]
    assert (got[0].staff_no, got[0].staff_name, got[3].window) == (CLERK, "王芳", 5)
    assert pc.ratings.fetch_new() == ()
    restarted = build_services(pc.config, pc.clock)
    try:
        assert restarted.ratings.fetch_new() == ()
        later = rate(page, ticket_code(pc, clerk))
        assert [view.seq for view in restarted.ratings.fetch_new()] == [later.seq]
    finally:
        restarted.close()
    today = pc.ratings.window_ratings(3)
    assert [view.seq for view in today] == [later.seq, *reversed([r.seq for r in receipts[:3]])]
    assert pc.ratings.window_ratings(3, date(2026, 11, 22)) == ()


def test_the_window_is_woken_by_a_rating_on_postgresql(
    pc: Services, page: RatingPageService
) -> None:
    """The wake-up is PostgreSQL's LISTEN on the hall's rating channel; elsewhere the watcher
    just times out and the feed polls (each wait says "look again")."""
    code = ticket_code(pc)
    watcher = pc.ratings.make_watcher()
    try:
        if pc.context.backend != "postgresql":
            assert watcher.wait(0.01) is True
            return
        assert watcher.wait(0.05) is False  # nothing yet
        rate(page, code)
        assert watcher.wait(5.0) is True
        assert [view.visit_id for view in pc.ratings.fetch_new()] == [code.visit_id]
    finally:
        watcher.close()
