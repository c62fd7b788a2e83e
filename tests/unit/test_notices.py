"""Notice numbers, the notice's QR code, and its stored content (JSON round trip)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_client.core.checklist import Applicant, ApplicantKind, MaterialStatus
from desk_client.core.errors import DeskError
from desk_client.core.notices import (
    NoticeContent,
    NoticeKind,
    NoticeLine,
    content_from_dict,
    content_to_dict,
    format_notice_number,
    notice_scan_code,
    parse_notice_number,
    read_notice_input,
)

ONE_TIME, ACCEPTANCE, REJECTION = NoticeKind.ONE_TIME, NoticeKind.ACCEPTANCE, NoticeKind.REJECTION


@pytest.mark.parametrize(
    ("kind", "year", "window", "seq", "number"),
    [
        (ONE_TIME, 2026, 3, 12, "GZ2026-03-0012"),
        (ACCEPTANCE, 2026, None, 1, "SL2026-00-0001"),
        (REJECTION, 2027, 150, 9999, "BY2027-150-9999"),
        (ONE_TIME, 2026, 3, 12345, "GZ2026-03-12345"),
    ],
)
def test_format_and_parse_notice_numbers(
    kind: NoticeKind, year: int, window: int | None, seq: int, number: str
) -> None:
    assert format_notice_number(kind, year, window, seq) == number
    assert parse_notice_number(number) == (kind, year, window or 0, seq)


@pytest.mark.parametrize(("year", "window", "seq"), [(2026, 1, 0), (2026, -1, 1), (999, 1, 1)])
def test_impossible_numbers_are_a_programming_error(year: int, window: int, seq: int) -> None:
    with pytest.raises(ValueError):
        format_notice_number(ONE_TIME, year, window, seq)


def test_a_typed_number_may_be_lower_case_and_padded_with_spaces() -> None:
    assert parse_notice_number(" gz2026-03-0012 ") == (ONE_TIME, 2026, 3, 12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "GZ2026-03-012",  # sequence not padded
        "GZ2026-03-00012",  # padded beyond four digits
        "GZ2026-3-0012",
        "GZ2026-03-0000",
        "XX2026-03-0012",
        "GZ26-03-0012",
        "GZ2026030012",
        "GZ2026-03-0012-1",
        "ＧＺ2026-03-0012",
        "GZ２０２６-03-0012",
        "A001",
        "GZ2026-03-" + "1" * 5000,
    ],
)
def test_anything_else_is_not_a_notice_number(text: str) -> None:
    with pytest.raises(DeskError) as error:
        parse_notice_number(text)
    assert error.value.code == "notice.bad_number"
    assert len(error.value.message("en")) < 200


@given(
    st.sampled_from(NoticeKind),
    st.integers(1000, 9999),
    st.none() | st.integers(0, 2000),
    st.integers(1, 10**7),
)
def test_numbers_round_trip(kind: NoticeKind, year: int, window: int | None, seq: int) -> None:
    number = format_notice_number(kind, year, window, seq)
    assert parse_notice_number(number) == (kind, year, window or 0, seq)
    assert parse_notice_number(number.lower()) == (kind, year, window or 0, seq)


def test_the_qr_code_carries_hall_and_number() -> None:
    code = notice_scan_code("demo", "GZ2026-03-0012")
    assert code == "DESKN|demo|GZ2026-03-0012"
    assert read_notice_input(code) == ("demo", "GZ2026-03-0012")


def test_a_typed_number_has_no_hall() -> None:
    assert read_notice_input(" gz2026-03-0012") == (None, "GZ2026-03-0012")


@pytest.mark.parametrize(
    "text",
    [
        "DESK|demo|2026-11-23|A001",  # a queue ticket's code
        "DESKN||GZ2026-03-0012",
        "DESKN|demo|GZ2026-03-12",
        "DESKN|demo|GZ2026-03-0012|x",
        "OTHER|demo|GZ2026-03-0012",
        "demo|GZ2026-03-0012",
    ],
)
def test_other_input_is_refused(text: str) -> None:
    with pytest.raises(DeskError) as error:
        read_notice_input(text)
    assert error.value.code == "notice.bad_number"


@given(st.text(max_size=60))
def test_reading_input_refuses_with_desk_error_or_returns(text: str) -> None:
    try:
        hall, number = read_notice_input(text)
    except DeskError as error:
        assert error.code == "notice.bad_number"
    else:
        assert parse_notice_number(number) and (hall is None or hall.strip() == hall)


# Stored content --------------------------------------------------------------------------

SHANGHAI = timezone(timedelta(hours=8))
CONTENT = NoticeContent(
    kind=ONE_TIME,
    number="GZ2026-03-0012",
    hall_code="demo",
    hall_name="示范市政务服务中心",
    issued_at=datetime(2026, 11, 23, 1, 30, 15, 123456, tzinfo=UTC),
    item_code="00013112700401",
    item_name="个体工商户设立登记",
    department="市场监督管理局",
    applicant=Applicant(ApplicantKind.PERSON, "张三", "11010519491231002X", "13800138000"),
    legal_basis="《中华人民共和国行政许可法》第三十二条",
    promised_days=3,
    fee="不收费",
    clerk_no="C001",
    window_number=3,
    lines=(NoticeLine("委托书", MaterialStatus.MISSING, "原件1份；委托他人办理的需提供"),),
    received=("经营者身份证明 复印件 2份",),
)


def test_content_is_plain_json() -> None:
    data = content_to_dict(CONTENT)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["issued_at"] == "2026-11-23T01:30:15.123456+00:00"
    assert data["applicant"]["kind"] == "person" and data["lines"][0]["problem"] == "missing"
    assert data["statutory_days"] is None


def test_content_round_trips_through_json() -> None:
    text = json.dumps(content_to_dict(CONTENT))
    assert content_from_dict(json.loads(text)) == CONTENT


def test_a_local_time_keeps_its_offset() -> None:
    local = replace(CONTENT, issued_at=CONTENT.issued_at.astimezone(SHANGHAI))
    data = content_to_dict(local)
    assert data["issued_at"].endswith("+08:00")
    assert content_from_dict(data).issued_at.utcoffset() == timedelta(hours=8)


def test_a_naive_time_is_refused() -> None:
    naive = replace(CONTENT, issued_at=datetime(2026, 11, 23))
    with pytest.raises(ValueError):
        content_to_dict(naive)


def broken(change: dict[str, Any], drop: str = "") -> dict[str, Any]:
    data = {**content_to_dict(CONTENT), **change}
    data.pop(drop, None)
    return data


@pytest.mark.parametrize(
    "data",
    [
        broken({}, drop="number"),
        broken({}, drop="issued_at"),
        broken({"kind": "notice"}),
        broken({"issued_at": "2026-11-23T01:30:15"}),
        broken({"issued_at": "yesterday"}),
        broken({"promised_days": "three"}),
        broken({"promised_days": True}),
        broken({"hall_name": 7}),
        broken({"lines": "none"}),
        broken({"lines": [{"material": "委托书"}]}),
        broken({"lines": [["委托书"]]}),
        broken({"applicant": {"kind": "alien", "name": "", "id_number": "", "phone": "",
                              "contact": ""}}),
        broken({"received": [1]}),
        broken({"deadline": "2025-10-32"}),
        broken({"deadline": "2025-10-14T00:00:00"}),
        broken({"deadline": 20251014}),
    ],
)  # fmt: skip
def test_malformed_content_raises_value_error(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="notice content"):
        content_from_dict(data)


def test_optional_fields_fall_back_to_their_defaults() -> None:
    data = broken({}, drop="refers_to")
    del data["timezone"]
    restored = content_from_dict(data)
    assert (restored.refers_to, restored.timezone) == ("", "Asia/Shanghai")


def test_the_deadline_round_trips_as_an_iso_date() -> None:
    """办结期限 on an acceptance notice (issue 5); content stored before it has none."""
    accepted = replace(CONTENT, kind=NoticeKind.ACCEPTANCE, deadline=date(2025, 10, 14))
    data = json.loads(json.dumps(content_to_dict(accepted)))
    assert data["deadline"] == "2025-10-14"
    assert content_from_dict(data) == accepted
    assert content_to_dict(CONTENT)["deadline"] is None
    old = broken({}, drop="deadline")
    assert "deadline" not in old and content_from_dict(old).deadline is None
    assert content_from_dict(broken({"deadline": None})) == CONTENT


texts = st.text(max_size=12)
days = st.none() | st.integers(0, 400)
lines = st.builds(
    NoticeLine,
    material=texts,
    problem=st.sampled_from([MaterialStatus.MISSING, MaterialStatus.NONCONFORMING]),
    requirement=texts,
    reason=texts,
)
contents = st.builds(
    NoticeContent,
    kind=st.sampled_from(NoticeKind),
    number=texts,
    hall_code=texts,
    hall_name=texts,
    # Fixed offsets only: PEP 495 makes a time in a DST fold or gap unequal to the same instant
    # in any other zone, so a zone with DST cannot round-trip through an ISO offset by design.
    # Halls store UTC and show China Standard Time, which has no DST.
    issued_at=st.datetimes(
        timezones=st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    ),
    item_code=texts,
    item_name=texts,
    department=texts,
    applicant=st.builds(Applicant, st.sampled_from(ApplicantKind), texts, texts, texts, texts),
    legal_basis=texts,
    promised_days=days,
    statutory_days=days,
    fee=texts,
    enquiry_phone=texts,
    complaint_phone=texts,
    clerk_no=texts,
    clerk_name=texts,
    clerk_phone=texts,
    window_number=st.none() | st.integers(0, 300),
    lines=st.lists(lines, max_size=4).map(tuple),
    received=st.lists(texts, max_size=4).map(tuple),
    refusal_reason=texts,
    refusal_basis=texts,
    refers_to=texts,
    timezone=texts,
    deadline=st.none() | st.dates(),
)


@given(contents)
def test_any_content_round_trips_exactly(content: NoticeContent) -> None:
    data = json.loads(json.dumps(content_to_dict(content)))
    restored = content_from_dict(data)
    assert restored == content
    assert restored.issued_at.utcoffset() == content.issued_at.utcoffset()
    assert content_to_dict(restored) == content_to_dict(content)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(list(content_to_dict(CONTENT))), json_values))
def test_reading_content_raises_value_error_or_returns(changes: dict[str, Any]) -> None:
    try:
        content_from_dict({**content_to_dict(CONTENT), **changes})
    except ValueError as error:
        assert str(error).startswith("notice content")
