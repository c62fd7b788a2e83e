"""The rating page against a fake page service: form, submit, refusals, CSRF, headers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from typing import Any

import pytest
from httpx2 import Response
from starlette.testclient import TestClient

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.web.app import create_app
from tests.unit.web_fake import HALL_NAME, FakePages

GOOD = {"overall": "5", "efficiency": "4", "competence": "5", "attitude": "5"}
ORIGIN = "http://testserver"


@pytest.fixture
def pages(fake_clock: FakeClock) -> FakePages:
    return FakePages(fake_clock)


@pytest.fixture
def client(pages: FakePages) -> Iterator[TestClient]:
    with TestClient(create_app(Config(), page_service=pages), follow_redirects=False) as client:
        yield client


def csrf_field(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, html
    return found.group(1)


def open_form(client: TestClient, token: str) -> str:
    page = client.get(f"/rate/{token}")
    assert page.status_code == 200, page.text
    return csrf_field(page.text)


def post(client: TestClient, token: str, data: Mapping[str, Any], **headers: str) -> Response:
    return client.post(f"/rate/{token}", data=data, headers={"Origin": ORIGIN, **headers})


def test_the_form_shows_hall_window_indicators_and_levels_but_no_person(
    client: TestClient, pages: FakePages
) -> None:
    page = client.get(f"/rate/{pages.code(window=7)}")
    assert page.status_code == 200
    for text in (HALL_NAME, "第7号窗口", "整体满意度", "服务效率", "服务水平", "服务态度"):
        assert text in page.text
    for level in ("非常<wbr>满意", "满意", "基本<wbr>满意", "不满意", "非常<wbr>不满意"):
        assert f"<span>{level}</span>" in page.text
    assert "选择“不满意”或“非常不满意”时必填" in page.text
    assert "S001" not in page.text  # the staff number in the token is never shown
    assert page.text.count('type="radio"') == 20
    assert "<script" not in page.text


def test_the_csrf_cookie_is_http_only_strict_and_scoped_to_the_page(
    client: TestClient, pages: FakePages
) -> None:
    cookie = client.get(f"/rate/{pages.code()}").headers["set-cookie"]
    assert cookie.startswith("desk_csrf=")
    for part in ("HttpOnly", "SameSite=strict", "Path=/rate"):
        assert part.lower() in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http here: a Secure cookie would not return


def test_every_page_carries_the_security_headers(client: TestClient, pages: FakePages) -> None:
    for path in (f"/rate/{pages.code()}", "/rate/nonsense", "/nowhere"):
        headers = client.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self'")
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"


def test_the_stylesheet_is_served_and_may_be_cached(client: TestClient) -> None:
    css = client.get("/rate/static/rating.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "cache-control" not in css.headers


def test_a_good_rating_is_stored_once_then_thanks_then_already_rated(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    sent = post(client, token, {**GOOD, "csrf": open_form(client, token)})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/rate/{token}/thanks"
    thanks = client.get(sent.headers["location"])
    assert thanks.status_code == 200
    assert "感谢您的评价" in thanks.text
    assert len(pages.stored) == 1
    again = client.get(f"/rate/{token}")
    assert again.status_code == 410
    assert "本次服务已评价" in again.text


def test_a_second_submit_of_an_open_form_is_refused_and_writes_nothing(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    field = open_form(client, token)
    assert post(client, token, {**GOOD, "csrf": field}).status_code == 303
    second = post(client, token, {**GOOD, "overall": "1", "comment": "x", "csrf": field})
    assert second.status_code == 410
    assert "一次一评" in second.text
    assert pages.stored[next(iter(pages.stored))].overall == 5


def test_thanks_before_rating_leads_to_the_form(client: TestClient, pages: FakePages) -> None:
    token = pages.code()
    answer = client.get(f"/rate/{token}/thanks")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/rate/{token}"


def test_an_expired_code_says_so_on_get_and_post_and_writes_nothing(
    client: TestClient, pages: FakePages, fake_clock: FakeClock
) -> None:
    token = pages.code(days=7)
    field = open_form(client, token)
    fake_clock.advance(timedelta(days=8))
    page = client.get(f"/rate/{token}")
    assert page.status_code == 410
    assert "评价链接已过期" in page.text
    assert "有效期至 2026-11-30 09:00" in page.text  # shown in the hall's time
    sent = post(client, token, {**GOOD, "csrf": field})
    assert sent.status_code == 410
    assert not pages.stored


@pytest.mark.parametrize(
    ("mangle", "heading"),
    [
        (lambda token: "A" + token[1:], "评价链接"),  # a changed claim: forged or unreadable
        (lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "评价链接无效"),
        (lambda token: "hello", "无法识别评价链接"),
        (lambda token: token.replace(".", ""), "无法识别评价链接"),
    ],
)
def test_tampered_and_malformed_codes_get_400_and_write_nothing(
    client: TestClient, pages: FakePages, mangle: Callable[[str], str], heading: str
) -> None:
    token = pages.code()
    field = open_form(client, token)
    bad = mangle(token)
    page = client.get(f"/rate/{bad}")
    assert page.status_code == 400
    assert heading in page.text
    assert post(client, bad, {**GOOD, "csrf": field}).status_code in {400, 403}
    assert not pages.stored


def test_a_bad_rating_without_reason_lists_the_problem_and_keeps_the_choices(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    data = {"overall": "1", "efficiency": "2", "attitude": "1", "comment": " "}
    page = post(client, token, {**data, "csrf": open_form(client, token)})
    assert page.status_code == 422
    assert "评价尚未提交：有 2 处需要修改" in page.text
    assert "服务水平：请选择一项评价等级" in page.text  # at the top, named by its field
    assert page.text.count("请选择原因或填写意见建议") == 2  # at the top and at the reasons
    for key, value in (("overall", "1"), ("efficiency", "2"), ("attitude", "1")):
        assert f'name="{key}" value="{value}" checked' in page.text
    assert 'name="competence" value="5" checked' not in page.text
    assert not pages.stored


def test_the_corrected_form_goes_through_with_the_same_pair(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    first = post(client, token, {**GOOD, "overall": "2", "csrf": open_form(client, token)})
    assert first.status_code == 422
    data = {**GOOD, "overall": "2", "reasons": ["slow", "other"], "comment": "等了一个小时"}
    sent = post(client, token, {**data, "csrf": csrf_field(first.text)})
    assert sent.status_code == 303
    stored = next(iter(pages.stored.values()))
    assert (stored.overall, stored.reasons, stored.comment) == (
        2,
        ("slow", "other"),
        "等了一个小时",
    )


def test_nonsense_levels_are_refused_as_invalid(client: TestClient, pages: FakePages) -> None:
    token = pages.code()
    data = {**GOOD, "overall": "abc", "attitude": "9", "csrf": open_form(client, token)}
    page = post(client, token, data)
    assert page.status_code == 422
    assert page.text.count("评价等级无效") == 4
    assert not pages.stored
