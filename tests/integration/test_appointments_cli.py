"""``desk-admin appointments book|list|cancel|reschedule|settings|report`` against a real
central database on every backend, in process (desk_client.cli.main), on the demo hall's fake
clock: Monday 2026-11-23 09:00, a weekend roster that opens A and B on Saturday 2026-11-28."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desk_client.cli import main
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services, build_services
from tests.integration.test_catalogue_cli import write_config


@pytest.fixture
def config(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """desk-admin's config for the test's hall; its services run on the test's clock."""
    clock = services.clock
    monkeypatch.setattr("desk_client.cli.build_services", lambda cfg: build_services(cfg, clock))
    return write_config(services, tmp_path)


def run(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> tuple[int, list[str], str]:
    status = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.strip()


def test_book_list_and_cancel(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = ["appointments", "book", "--category", "b", "--at", "2026-11-28 10:00"]
    status, out, _ = run(capsys, config, *book, "--name", "张三", "--phone", "138-1234-5678")
    assert (status, out) == (0, ["YY261128001"])
    status, out, _ = run(capsys, config, *book, "--name", "李四", "--staff", "1003", "--json")
    made = json.loads(out[0])
    assert status == 0 and made["code"] == "YY261128002"
    assert (made["source"], made["booked_by_no"], made["state"]) == ("admin", "1003", "booked")
    assert services.appointments.find("YY261128001").phone == "13812345678"

    status, out, _ = run(capsys, config, "appointments", "list", "--day", "2026-11-28")
    assert status == 0
    assert out == [
        "2026-11-28 10:00-10:30\tYY261128001\tB 社保医保\t张三\t138****5678\t已预约\t管理端",
        "2026-11-28 10:00-10:30\tYY261128002\tB 社保医保\t李四\t-\t已预约\t管理端 1003",
    ]
    status, out, _ = run(capsys, config, "appointments", "cancel", "yy261128001", "--lang", "en")
    assert status == 0 and out[0].split("\t")[5:] == ["cancelled", "admin"]
    args = ["appointments", "list", "--day", "2026-11-28", "--category", "B", "--json"]
    status, out, _ = run(capsys, config, *args)
    assert [(a["code"], a["state"]) for a in json.loads(out[0])] == [
        ("YY261128001", "cancelled"),
        ("YY261128002", "booked"),
    ]
    # Today by default: the demo's eight imported appointments.
    status, out, _ = run(capsys, config, "appointments", "list")
    assert status == 0 and len(out) == 8 and out[0].startswith("2026-11-23 09:00-09:30\tYY0001")


def test_refusals_print_the_message_and_change_nothing(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, config, "appointments", "settings", "--per-slot", "1")
    assert status == 0 and "per_slot\t1" in out
    book = ["appointments", "book", "--category", "A", "--at", "2026-11-28T09:30"]
    assert run(capsys, config, *book, "--name", "张三")[:2] == (0, ["YY261128001"])
    status, out, err = run(capsys, config, *book, "--name", "李四")
    assert (status, out) == (1, [])
    assert err == "预约已满：2026-11-28 09:30–10:00 的 A 类业务已约满 1 人，请选其他时段"
    closed = ["appointments", "book", "--category", "A", "--at", "2026-12-05 10:00"]
    status, _, err = run(capsys, config, *closed, "--name", "李四", "--lang", "en")
    assert status == 1
    assert err == (
        "The hall does not serve category A on 2026-12-05 (Saturday, weekend); choose another day"
    )
    status, _, err = run(capsys, config, "appointments", "cancel", "YY261128009")
    assert (status, err) == (1, "预约号 YY261128009 不存在")
    status, _, err = run(capsys, config, "appointments", "settings", "--hours", "9-12")
    assert status == 1 and "开放预约时间“9-12”" in err
    assert [a.code for a in services.appointments.day(date(2026, 11, 28))] == ["YY261128001"]
    assert [a.code for a in services.appointments.day(date(2026, 12, 5))] == []


def test_settings_are_printed_and_changed(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, config, "appointments", "settings")
    assert (status, out) == (
        0,
        [
            "slot_minutes\t30", "per_slot\t4", "hours\t09:00-12:00,13:30-17:00",
            "horizon_days\t30", "no_show_limit\t0", "no_show_days\t90",
        ],
    )  # fmt: skip
    args = ["--slot-minutes", "20", "--hours", "08:30-11:30", "--horizon-days", "14"]
    status, out, _ = run(capsys, config, "--json", "appointments", "settings", *args)
    assert json.loads(out[0]) == {
        "slot_minutes": 20, "per_slot": 4, "hours": "08:30-11:30", "horizon_days": 14,
        "no_show_limit": 0, "no_show_days": 90,
    }  # fmt: skip
    assert services.appointments.settings().slot_minutes == 20
    args = ["--no-show-limit", "3", "--no-show-days", "60"]
    status, out, _ = run(capsys, config, "appointments", "settings", *args)
    assert status == 0 and out[-2:] == ["no_show_limit\t3", "no_show_days\t60"]
    status, _, err = run(capsys, config, "appointments", "settings", "--no-show-limit", "21")
    assert status == 1 and "爽约暂停预约次数“21”应为 0 至 20 的整数" in err
    assert services.appointments.settings().no_show_limit == 3


def test_the_report_prints_each_day_and_the_total_and_writes_a_csv(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The demo's sixteen seeded appointments, Monday's missed by 17:00 and Tuesday's still
    to come; one of Tuesday's checked in and one cancelled."""
    assert isinstance(services.clock, FakeClock)
    services.clock.advance(timedelta(hours=9))  # Monday 18:00
    late = services.appointments.day(date(2026, 11, 24))
    services.appointments.cancel(late[0].code, staff_id=None)
    services.clock.advance(timedelta(hours=15))  # Tuesday 09:00
    services.queue.check_in_appointment(late[1].code)
    report = ["appointments", "report", "--from", "2026-11-22", "--to", "2026-11-24"]
    status, out, err = run(capsys, config, *report, "--csv", str(tmp_path / "r.csv"))
    assert (status, err) == (0, "")
    assert out == [
        "日期\t预约\t签到\t取消\t爽约\t到场率",
        "2026-11-23\t8\t0\t0\t8\t0.00%",
        "2026-11-24\t8\t1\t1\t0\t100.00%",
        "合计\t16\t1\t1\t8\t11.11%",
    ]
    written = (tmp_path / "r.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")
    assert written.decode("utf-8-sig").splitlines() == [line.replace("\t", ",") for line in out]

    status, out, _ = run(capsys, config, *report, "--by", "category", "--lang", "en")
    assert out[0] == "Category\tBooked\tChecked in\tCancelled\tMissed\tShow rate"
    # Tuesday's first (cancelled) is a C, its second (checked in) an A.
    assert out[1:] == ["A\t6\t1\t0\t3\t25.00%", "B\t5\t0\t0\t3\t0.00%",
                       "C\t5\t0\t1\t2\t0.00%", "Total\t16\t1\t1\t8\t11.11%"]  # fmt: skip
    status, out, _ = run(capsys, config, "--json", *report)
    assert json.loads(out[0])[1] == {
        "key": "2026-11-24", "booked": 8, "checked_in": 1, "cancelled": 1, "missed": 0,
        "show_rate": 1.0,
    }  # fmt: skip


def test_an_empty_report_says_so_and_a_bad_one_is_refused(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = ["appointments", "report", "--from", "2026-12-01", "--to", "2026-12-31"]
    status, out, err = run(capsys, config, *report)
    assert status == 0 and out == ["日期\t预约\t签到\t取消\t爽约\t到场率", "合计\t0\t0\t0\t0\t-"]
    assert err == "2026-12-01 至 2026-12-31 没有预约"
    status, out, err = run(capsys, config, *report, "--csv", str(tmp_path))  # a folder
    assert (status, out) == (1, []) and err.startswith(f"无法写入文件 {tmp_path}：")
    backwards = ["appointments", "report", "--from", "2026-12-31", "--to", "2026-12-01"]
    status, out, err = run(capsys, config, *backwards, "--csv", str(tmp_path / "r.csv"))
    assert (status, out) == (1, []) and err.startswith("统计期间 2026-12-31 至 2026-12-01 无效")
    assert not (tmp_path / "r.csv").exists()


def test_reschedule_prints_the_new_code_and_a_refusal_changes_nothing(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """改约: Saturday's 10:00 to Sunday's 10:00, a new code; the old one cancelled."""
    book = ["appointments", "book", "--category", "B", "--at", "2026-11-28 10:00"]
    assert run(capsys, config, *book, "--name", "张三")[:2] == (0, ["YY261128001"])
    move = ["appointments", "reschedule", "yy261128001", "--at", "2026-11-29 10:00"]
    status, out, err = run(capsys, config, *move, "--staff", "1003")
    assert (status, out, err) == (0, ["YY261129001"], "")
    assert services.appointments.find("YY261128001").state == "cancelled"
    moved = services.appointments.find("YY261129001")
    assert (moved.name, moved.source, moved.booked_by_no) == ("张三", "admin", "1003")

    again = ["appointments", "reschedule", "YY261129001", "--at", "2026-11-28T11:00"]
    status, out, _ = run(capsys, config, "--json", *again)
    made = json.loads(out[0])
    assert status == 0 and (made["code"], made["replaces"]) == ("YY261128002", "YY261129001")
    assert (made["start"], made["state"]) == ("2026-11-28 11:00:00+08:00", "booked")

    same = ["appointments", "reschedule", "YY261128002", "--at", "2026-11-28 11:00"]
    status, out, err = run(capsys, config, *same)
    assert (status, out) == (1, [])
    assert err == "YY261128002 已约在 2026-11-28 11:00 这个时段，改约请选另一个时段"
    closed = ["appointments", "reschedule", "YY261128002", "--at", "2026-12-05 10:00"]
    status, _, err = run(capsys, config, *closed, "--lang", "en")
    assert status == 1 and err.startswith("The hall does not serve category B on 2026-12-05")
    assert services.appointments.find("YY261128002").state == "booked"
    assert [a.state for a in services.appointments.day(date(2026, 11, 28))] == [
        "cancelled", "booked",
    ]  # fmt: skip
