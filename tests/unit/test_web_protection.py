"""The page's protections: cross-site posting, rate limits, proxies, an unreachable database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.web.app import create_app
from tests.unit.test_web_app import GOOD, ORIGIN, csrf_field, open_form, post
from tests.unit.web_fake import FakePages

EXPIRED_FORM = "表单已失效，请重新打开评价链接"
PROXY = "10.0.0.5"


@pytest.fixture
def pages(fake_clock: FakeClock) -> FakePages:
    return FakePages(fake_clock)


def make_client(pages: FakePages, peer: str = "203.0.113.9", **config: object) -> TestClient:
    app = create_app(Config(**config), page_service=pages)  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False, client=(peer, 40000))


@pytest.fixture
def client(pages: FakePages) -> Iterator[TestClient]:
    with make_client(pages) as client:
        yield client


def test_a_post_without_the_cookie_is_refused(client: TestClient, pages: FakePages) -> None:
    token = pages.code()
    field = open_form(client, token)
    client.cookies.clear()
    page = post(client, token, {**GOOD, "csrf": field})
    assert page.status_code == 403
    assert EXPIRED_FORM in page.text
    assert not pages.stored


def test_a_post_without_or_with_a_wrong_field_is_refused(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    field = open_form(client, token)
    for data in (GOOD, {**GOOD, "csrf": "0" * 64}, {**GOOD, "csrf": field[:-1] + "x"}):
        assert post(client, token, data).status_code == 403
    assert not pages.stored


def test_the_field_of_one_code_does_not_open_another(client: TestClient, pages: FakePages) -> None:
    first, second = pages.code(), pages.code(visit="f" * 32)
    field = open_form(client, first)
    assert post(client, second, {**GOOD, "csrf": field}).status_code == 403
    assert not pages.stored


def test_two_open_codes_share_the_cookie_and_both_can_be_sent(
    client: TestClient, pages: FakePages
) -> None:
    first, second = pages.code(), pages.code(visit="e" * 32)
    first_field, second_field = open_form(client, first), open_form(client, second)
    assert post(client, first, {**GOOD, "csrf": first_field}).status_code == 303
    assert post(client, second, {**GOOD, "csrf": second_field}).status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "", "Referer": "https://evil.example/page"},
    ],
)
def test_a_post_from_a_foreign_origin_is_refused(
    client: TestClient, pages: FakePages, headers: dict[str, str]
) -> None:
    token = pages.code()
    field = open_form(client, token)
    page = client.post(f"/rate/{token}", data={**GOOD, "csrf": field}, headers=headers)
    assert page.status_code == 403
    assert EXPIRED_FORM in page.text
    assert not pages.stored


@pytest.mark.parametrize(
    "headers",
    [{"Origin": ORIGIN}, {"Origin": "null"}, {"Referer": f"{ORIGIN}/rate/x"}, {}],
)
def test_same_origin_null_origin_or_none_at_all_rely_on_the_pair(
    client: TestClient, pages: FakePages, headers: dict[str, str]
) -> None:
    """Referrer-Policy: no-referrer makes a browser send ``Origin: null`` for our own form."""
    token = pages.code()
    field = open_form(client, token)
    page = client.post(f"/rate/{token}", data={**GOOD, "csrf": field}, headers=headers)
    assert page.status_code == 303


def test_too_many_requests_from_one_address_get_429(pages: FakePages) -> None:
    token = pages.code()
    with make_client(pages, rating_rate_limit_per_min=3) as client:
        for _ in range(3):
            assert client.get(f"/rate/{token}").status_code == 200
        page = client.get(f"/rate/{token}")
        assert page.status_code == 429
        assert page.headers["retry-after"] == "60"
        assert "请求过于频繁" in page.text
        assert client.get("/healthz").status_code == 200  # the health check is not limited


def test_behind_a_trusted_proxy_each_citizen_has_a_bucket(pages: FakePages) -> None:
    token = pages.code()
    config = {"rating_rate_limit_per_min": 2, "rating_trusted_proxies": f"{PROXY}/32, ::1"}
    with make_client(pages, peer=PROXY, **config) as client:
        for citizen in ("198.51.100.1", "198.51.100.2"):
            # The left hop is whatever the phone claimed; the proxy appended the real address.
            hops = {"X-Forwarded-For": f"1.2.3.4, {citizen}"}
            assert [client.get(f"/rate/{token}", headers=hops).status_code for _ in range(3)] == [
                200,
                200,
                429,
            ]


def test_an_untrusted_peer_cannot_pick_its_bucket(pages: FakePages) -> None:
    token = pages.code()
    with make_client(pages, rating_rate_limit_per_min=2) as client:
        codes = [
            client.get(f"/rate/{token}", headers={"X-Forwarded-For": f"198.51.100.{n}"})
            for n in range(3)
        ]
        assert [page.status_code for page in codes] == [200, 200, 429]


def test_the_cookie_is_secure_behind_a_trusted_https_proxy_only(pages: FakePages) -> None:
    token = pages.code()
    https = {"X-Forwarded-Proto": "https"}
    with make_client(pages, peer=PROXY, rating_trusted_proxies=PROXY) as client:
        assert "secure" in client.get(f"/rate/{token}", headers=https).headers["set-cookie"].lower()
    with make_client(pages, peer=PROXY) as client:
        cookie = client.get(f"/rate/{token}", headers=https).headers["set-cookie"]
        assert "secure" not in cookie.lower()


def test_an_unreachable_database_says_try_later_and_writes_nothing(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    field = open_form(client, token)
    pages.down = True
    for page in (client.get(f"/rate/{token}"), post(client, token, {**GOOD, "csrf": field})):
        assert page.status_code == 503
        assert "系统繁忙" in page.text
    pages.down = False
    assert not pages.stored


def test_an_oversized_body_is_refused(client: TestClient, pages: FakePages) -> None:
    token = pages.code()
    data = {**GOOD, "csrf": open_form(client, token), "comment": "很" * 10_000}
    assert post(client, token, data).status_code == 413
    assert not pages.stored


def test_a_comment_over_200_characters_is_a_problem_of_the_form(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    data = {**GOOD, "csrf": open_form(client, token), "comment": "很" * 201}
    page = post(client, token, data)
    assert page.status_code == 422
    assert "意见建议最多 200 个字" in page.text
    assert "很" * 201 in page.text  # kept, so it can be shortened


def test_unknown_paths_and_methods_get_a_page(client: TestClient, pages: FakePages) -> None:
    assert "页面不存在" in client.get("/nowhere").text
    assert client.get("/nowhere").status_code == 404
    assert client.post(f"/rate/{pages.code()}/thanks").status_code == 405


def test_the_form_field_is_renewed_with_the_problem_page(
    client: TestClient, pages: FakePages
) -> None:
    token = pages.code()
    field = open_form(client, token)
    page = post(client, token, {"csrf": field})
    assert page.status_code == 422
    assert csrf_field(page.text) == field


def test_an_unexpected_failure_gets_a_page_and_writes_nothing(pages: FakePages) -> None:
    def broken(token: str) -> object:
        raise RuntimeError("a bug")

    pages.state = broken  # type: ignore[method-assign,assignment]
    app = create_app(Config(), page_service=pages)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get(f"/rate/{pages.code()}")
    assert page.status_code == 500
    assert "系统繁忙" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
