"""The rating page as a citizen meets it: a real desk-rating process on a migrated PostgreSQL
hall, codes made by ``desk-admin ratings code``, headless Chromium on a phone screen.

A phone rates and sees thanks, and the link then says it was rated (with JavaScript and
without); an expired or tampered link shows its page; a bad rating without a reason lists
the problem and keeps the choices; a POST from another origin, or from another site's page
in the browser, is refused. Nothing is written in any refused case.
"""

from __future__ import annotations

import base64
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import httpx2 as httpx
import pytest
import sqlalchemy as sa
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from desk_client.core.rating_tokens import peek, sign
from desk_client.store import db
from desk_client.store.databases import scratch_database
from desk_client.store.rating_schema import rating_followups, rating_settings, ratings
from tests.conftest import PG_ENV, database_url
from tests.support.admin_cli import admin as run_admin
from tests.support.browser import phone_browser
from tests.support.rating_web import RatingServer, free_port, start_rating_service

pytestmark = pytest.mark.postgres
PAGE_WAIT_S = 10.0
GOOD = {"overall": 5, "efficiency": 4, "competence": 5, "attitude": 4}


@dataclass(frozen=True)
class Hall:
    url: str
    env: dict[str, str]
    server: RatingServer


def admin(env: dict[str, str], *args: str) -> str:
    done = run_admin(env, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    """The demo hall on a scratch PostgreSQL database and its desk-rating process."""
    port = free_port()
    with scratch_database(database_url(PG_ENV), "desk_web") as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
        env.update(
            DESK_DATABASE_URL=url,
            DESK_DATA_DIR=str(tmp_path_factory.mktemp("web") / "data"),
            DESK_HALL_CODE="demo",
            DESK_RATING_BASE_URL=f"http://127.0.0.1:{port}/rate",
        )
        admin(env, "init-db")
        admin(env, "seed-demo")
        with start_rating_service(url, env, port) as server:
            yield Hall(url, env, server)


_tickets = iter(range(1, 1000))


def new_code(hall: Hall, window: int = 3, staff: str = "1003") -> str:
    """A fresh code's URL, as desk-admin prints it."""
    ticket = f"A{next(_tickets):03d}"
    args = ("ratings", "code", "--window", str(window), "--staff", staff, "--ticket", ticket)
    url = admin(hall.env, *args).strip().splitlines()[-1]
    assert url.startswith(hall.server.base_url + "/"), url
    return url


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def stored(hall: Hall, url: str) -> list[sa.Row[tuple[object, ...]]]:
    """The ratings stored for the code's visit."""
    engine = db.make_engine(hall.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            query = sa.select(ratings).where(ratings.c.visit_id == peek(token_of(url)).visit)
            return list(conn.execute(query))
    finally:
        engine.dispose()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


def body_text(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def wait_for_text(driver: WebDriver, text: str) -> None:
    """Until the page shows ``text``. The page may be replaced while we look: the element
    goes stale, is not there yet, or chromedriver answers "unhandled inspector error" for a
    document being torn down (seen once in a full run); each is looked at again until the
    deadline, whose TimeoutException is the failure."""
    ignored = (WebDriverException,)
    WebDriverWait(driver, PAGE_WAIT_S, ignored_exceptions=ignored).until(
        lambda d: text in body_text(d)
    )


def choose(driver: WebDriver, levels: dict[str, int]) -> None:
    """Tap the level of each indicator (the label is the large target)."""
    for key, level in levels.items():
        driver.find_element(By.CSS_SELECTOR, f"#f-{key} label.level-{level}").click()


def submit(driver: WebDriver) -> None:
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_phone_rates_sees_thanks_and_the_link_then_says_rated(
    hall: Hall, javascript: bool
) -> None:
    url = new_code(hall, window=3)
    with phone_browser(javascript=javascript) as driver:
        driver.get(url)
        body = body_text(driver)
        assert "示范市政务服务中心" in body and "第3号窗口" in body
        assert "1003" not in driver.page_source  # no staff number, no name
        if javascript:  # the phone's viewport, and nothing wider than it
            width = driver.execute_script("return document.documentElement.clientWidth")
            assert width == 390
            assert driver.execute_script("return document.documentElement.scrollWidth") <= width
        choose(driver, GOOD)
        submit(driver)
        wait_for_text(driver, "感谢您的评价")
        assert driver.current_url == url + "/thanks"
        driver.get(url)
        wait_for_text(driver, "本次服务已评价")
    [row] = stored(hall, url)
    assert (row.overall, row.efficiency, row.competence, row.attitude) == (5, 4, 5, 4)
    assert (row.window_number, row.staff_no) == (3, "1003")
    assert status_of(url) == 410


def test_an_expired_link_shows_its_page_and_writes_nothing(hall: Hall) -> None:
    url = new_code(hall)
    engine = db.make_engine(hall.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            secret = bytes.fromhex(conn.execute(sa.select(rating_settings.c.secret)).scalar_one())
    finally:
        engine.dispose()
    yesterday = int((datetime.now(UTC) - timedelta(days=1)).timestamp())
    expired = sign(replace(peek(token_of(url)), expires=yesterday), secret)
    expired_url = f"{hall.server.base_url}/{expired}"
    with phone_browser(javascript=False) as driver:
        driver.get(expired_url)
        wait_for_text(driver, "评价链接已过期")
        assert "有效期至" in body_text(driver)
    assert status_of(expired_url) == 410
    assert not stored(hall, url)


def _tampered(token: str) -> str:
    """The same signature over claims with another window."""
    payload, mac = token.split(".")
    text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    fields = text.split("|")
    fields[3] = "9"
    changed = base64.urlsafe_b64encode("|".join(fields).encode()).rstrip(b"=").decode()
    return f"{changed}.{mac}"


def test_a_tampered_or_garbled_link_is_refused_and_writes_nothing(hall: Hall) -> None:
    url = new_code(hall)
    tampered = f"{hall.server.base_url}/{_tampered(token_of(url))}"
    garbled = f"{hall.server.base_url}/{quote('二维码')}"
    with phone_browser() as driver:
        driver.get(tampered)
        wait_for_text(driver, "评价链接无效")
        driver.get(garbled)
        wait_for_text(driver, "无法识别评价链接")
    assert (status_of(tampered), status_of(garbled)) == (400, 400)
    assert not stored(hall, url)


def test_a_bad_rating_without_a_reason_lists_it_keeps_the_choices_then_goes_through(
    hall: Hall,
) -> None:
    url = new_code(hall, window=5, staff="1005")
    with phone_browser(javascript=False) as driver:
        driver.get(url)
        choose(driver, {"overall": 1, "efficiency": 2, "attitude": 1})
        submit(driver)
        wait_for_text(driver, "评价尚未提交")
        body = body_text(driver)
        assert "服务水平：请选择一项评价等级" in body
        assert body.count("请选择原因或填写意见建议") == 2  # at the top and at the reasons
        for key, level in (("overall", 1), ("efficiency", 2), ("attitude", 1)):
            radio = driver.find_element(By.CSS_SELECTOR, f"input[name={key}][value='{level}']")
            assert radio.is_selected()
        assert not stored(hall, url)
        choose(driver, {"competence": 3})
        driver.find_element(By.CSS_SELECTOR, "input[name=reasons][value=slow]").click()
        driver.find_element(By.ID, "comment").send_keys("等候时间太长")
        submit(driver)
        wait_for_text(driver, "感谢您的评价")
    [row] = stored(hall, url)
    assert (row.overall, row.reasons, row.comment) == (1, "slow", "等候时间太长")
    engine = db.make_engine(hall.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            query = sa.select(rating_followups).where(rating_followups.c.rating_id == row.id)
            [followup] = list(conn.execute(query))
    finally:
        engine.dispose()
    assert (followup.assignee_no, followup.state) == ("S001", "open")


def test_a_post_from_a_foreign_origin_is_refused(hall: Hall) -> None:
    url = new_code(hall)
    data = {key: str(level) for key, level in GOOD.items()}
    with httpx.Client(follow_redirects=False) as client:
        form = client.get(url)
        field = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text)
        assert field is not None
        data["csrf"] = field.group(1)
        refused = client.post(url, data=data, headers={"Origin": "https://evil.example"})
        assert refused.status_code == 403
        assert "表单已失效，请重新打开评价链接" in refused.text
        assert not stored(hall, url)
        own = client.post(url, data=data, headers={"Origin": hall.server.origin})
        assert own.status_code == 303  # the very same pair, from our own origin


def test_another_sites_page_cannot_post_even_with_a_copied_field(hall: Hall) -> None:
    """SameSite=Strict: the browser does not send the cookie from another site's page."""
    url = new_code(hall)
    with phone_browser(javascript=False) as driver:
        driver.get(url)  # the citizen opened the form: the cookie is set
        field = driver.find_element(By.NAME, "csrf").get_attribute("value")
        inputs = "".join(f'<input name="{key}" value="{level}">' for key, level in GOOD.items())
        page = (
            f'<form method="post" action="{url}">{inputs}'
            f'<input name="csrf" value="{field}"><button id="go">go</button></form>'
        )
        driver.get("data:text/html;charset=utf-8," + quote(page))
        driver.find_element(By.ID, "go").click()
        wait_for_text(driver, "表单已失效，请重新打开评价链接")
    assert not stored(hall, url)
