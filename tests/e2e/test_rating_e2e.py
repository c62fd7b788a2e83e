"""A visit rated on a phone reaches the clerk's program within two seconds (好差评, end to end).

A real PostgreSQL hall (desk-admin init-db and seed-demo as processes), the real desk-rating
process, and the clerk's program in this process: 王芳 (1003) logs in at window 3, calls
(F1) and finishes (F4); the URL of the code on her customer screen is opened in headless
Chromium on a phone screen and rated 非常满意 on all four indicators. From the thanks page to
the rating in her message line takes at most two seconds (the LISTEN wake-up; measured).
A second visit rated 非常不满意 with a reason opens a follow-up, which the supervisor 王主任
(S001) contacts, rectifies and closes through FollowUpService; 督办 in his own program then
shows a follow-up rate of 100 %.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from desk_client.config import Config
from desk_client.services.app import Services, build_services
from desk_client.ui.app import Shell, launch
from desk_client.ui.clerk import ClerkWindow
from desk_client.ui.rating_wiring import RatingDesk
from tests.gui.test_clerk import clerk_window, log_in
from tests.support.admin_cli import admin
from tests.support.browser import phone_browser
from tests.support.rating_web import RatingServer, start_rating_service

pytestmark = pytest.mark.postgres
SHOWN_WITHIN_S = 2.0
TIMEOUT = 30_000
PAGE_WAIT_S = 15.0
INDICATORS = ("overall", "efficiency", "competence", "attitude")


@pytest.fixture
def hall(process_env: dict[str, str], pg_hall_url: str) -> Iterator[RatingServer]:
    """The demo hall on PostgreSQL, two tickets waiting, and its desk-rating process."""
    for step in (("init-db",), ("seed-demo",), ("ticket", "issue", "B"), ("ticket", "issue", "B")):
        done = admin(process_env, *step)
        assert done.returncode == 0, done.stderr
    with start_rating_service(pg_hall_url, process_env) as server:
        yield server


def config_of(pg_hall_url: str, server: RatingServer, folder: Path, window: int) -> Config:
    return Config(
        database_url=pg_hall_url,
        local_store=str(folder / "local.db"),
        print_mode="pdf",
        print_dir=str(folder / "print"),
        window=window,
        retry_s=1,
        rating_base_url=server.base_url,
    )


@pytest.fixture
def programs() -> Iterator[list[Shell]]:
    """The programs a test starts (real clock), each shut down afterwards."""
    shells: list[Shell] = []
    yield shells
    for shell in shells:
        shell.shutdown()


def open_program(
    qtbot: QtBot, shells: list[Shell], config: Config, staff_no: str, password: str
) -> tuple[ClerkWindow, RatingDesk]:
    shell = launch(config, tts_engine="mock")
    shells.append(shell)
    log_in(qtbot, shell, staff_no, password)
    clerk = clerk_window(qtbot, shell)
    desk = clerk.pages.ratings
    assert desk is not None
    qtbot.waitUntil(lambda: shell.ctx.runner.pending == 0, timeout=TIMEOUT)
    cases = clerk.pages.cases
    if cases is not None and cases.summary_dialog is not None:
        cases.summary_dialog.accept()
    clerk.activateWindow()
    qtbot.waitUntil(clerk.isActiveWindow, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: desk.feed.rounds > 0, timeout=TIMEOUT)
    return clerk, desk


def serve(qtbot: QtBot, clerk: ClerkWindow, number: str) -> str:
    """F1, F4: the URL of the code the customer screen shows for ``number``."""
    panel = clerk.customer.code_panel
    qtbot.keyClick(clerk, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: clerk.card.number_label.text() == number, timeout=TIMEOUT)
    qtbot.keyClick(clerk, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: panel.code is not None and panel.code.ref == number, timeout=TIMEOUT)
    assert panel.code is not None and panel.qr.modules() == panel.code.qr
    return panel.code.url


def rate(driver: WebDriver, url: str, level: int, reason: str = "", comment: str = "") -> None:
    """Tap the level of every indicator (and a reason), submit, wait for the thanks page."""
    driver.get(url)
    for key in INDICATORS:
        driver.find_element(By.CSS_SELECTOR, f"#f-{key} label.level-{level}").click()
    if reason:
        driver.find_element(By.CSS_SELECTOR, f"input[name=reasons][value={reason}]").click()
    if comment:
        driver.find_element(By.ID, "comment").send_keys(comment)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, PAGE_WAIT_S).until(lambda d: d.current_url == url + "/thanks")


def shown_after(qtbot: QtBot, clerk: ClerkWindow, text: str) -> float:
    """Seconds from now until the clerk's message line reads ``text``."""
    start = time.monotonic()
    qtbot.waitUntil(lambda: clerk.message.text() == text, timeout=TIMEOUT)
    return time.monotonic() - start


def close_the_follow_up(services: Services) -> None:
    """王主任 calls the rater back, records the fix and closes the follow-up."""
    boss = services.auth.login("S001", "super123", None)
    [followup] = services.rating_followups.followups()
    assert (followup.assignee_no, followup.rating.overall) == ("S001", 1)
    assert followup.rating.reasons == ("attitude",)
    followups = services.rating_followups
    followups.contact(boss, followup.id, "已电话回访评价人，当面致歉并说明办理要求")
    followups.rectify(boss, followup.id, "窗口人员服务规范再培训，增加告知材料清单")
    closed = followups.close(boss, followup.id, "评价人对整改表示认可")
    assert closed.state == "closed"


def test_a_phone_rating_reaches_the_window_and_a_bad_one_is_followed_up(
    qtbot: QtBot,
    hall: RatingServer,
    pg_hall_url: str,
    tmp_path: Path,
    programs: list[Shell],
) -> None:
    config = config_of(pg_hall_url, hall, tmp_path / "window3", 3)
    clerk, desk = open_program(qtbot, programs, config, "1003", "desk1234")

    with phone_browser() as driver:
        rate(driver, serve(qtbot, clerk, "B001"), 5)
        elapsed = shown_after(qtbot, clerk, "B001 收到评价：非常满意")
        assert elapsed <= SHOWN_WITHIN_S, f"shown after {elapsed:.2f} s"
        today = desk.page.today
        qtbot.waitUntil(lambda: today.model.rowCount() == 1, timeout=TIMEOUT)

        rate(driver, serve(qtbot, clerk, "B002"), 1, "attitude", "说明不清楚，态度不耐烦")
        elapsed = shown_after(qtbot, clerk, "B002 收到评价：非常不满意")
        assert elapsed <= SHOWN_WITHIN_S, f"shown after {elapsed:.2f} s"
    qtbot.waitUntil(lambda: today.model.rowCount() == 2, timeout=TIMEOUT)
    assert [row.overall for row in today.model.rows()] == [1, 5]  # newest first

    services = build_services(replace(config, local_store=str(tmp_path / "desk.db")))
    try:
        close_the_follow_up(services)
        month = services.clock.now().astimezone(ZoneInfo(config.timezone)).date()
        summary = services.rating_followups.summary(month.replace(day=1), month)
        assert (summary.bad, summary.followed, summary.rate, summary.open) == (1, 1, 1.0, 0)
    finally:
        services.close()

    boss_config = config_of(pg_hall_url, hall, tmp_path / "window6", 6)
    boss, boss_desk = open_program(qtbot, programs, boss_config, "S001", "super123")
    qtbot.keyClick(boss, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    line = boss_desk.board_line
    assert line is not None
    qtbot.waitUntil(lambda: "回访率 100.0%" in line.text(), timeout=TIMEOUT)
    assert "本月差评 1 条" in line.text()
