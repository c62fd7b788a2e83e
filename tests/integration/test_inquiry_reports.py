"""The first-inquiry log's report (首问负责 统计) on every central backend, and desk-admin.

Three days at two PCs: inquiries per owner and day; referrals answered after 2 h (a reply),
4 h (a hand-back) and 22 h (a reply the next morning), one still unanswered (not counted):
median 4 h, 90th percentile 22 h; a follow-up whose promised day has passed is overdue. The
CSV export reads back the same figures. ``desk-admin roster import``, ``departments import``
and ``inquiries report`` run in process against the same database.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desk_client.cli import main
from desk_client.core.clock import FakeClock
from desk_client.services.app import Services
from desk_client.services.dto_inquiries import InquiryReport
from tests.integration.inquiry_helpers import draft, login, pc3, pc6, refused, sync_all
from tests.integration.test_catalogue_cli import write_config

__all__ = ["pc3", "pc6"]  # the fixtures, used by name

MON, TUE, WED, THU = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)


def local(day: date, hour: int) -> datetime:
    """``hour`` o'clock in the hall (UTC+8) on ``day``."""
    return datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=UTC)


@pytest.fixture
def three_days(pc3: Services, pc6: Services, fake_clock: FakeClock) -> dict[str, str]:
    """The period's inquiries, by name; everything synced."""
    owner, receiver = login(pc3, "1003", 3), login(pc6, "1006", 6)
    log = lambda: pc3.inquiries.log(owner, draft()).number  # noqa: E731
    fake_clock.set(local(MON, 9))
    made = {"quick": log(), "promised": log()}
    pc3.inquiries.refer(owner, made["quick"], to_staff_no="1006")
    pc3.inquiries.follow_up(owner, made["promised"], 1)  # due Tuesday
    sync_all(pc3, pc6)
    fake_clock.set(local(MON, 11))
    pc6.inquiries.accept(receiver, made["quick"])
    pc6.inquiries.reply(receiver, made["quick"], "已答复")  # 2 h
    fake_clock.set(local(TUE, 10))
    made["at_six"] = pc6.inquiries.log(receiver, draft(person_name="孙强")).number
    for name in ("back", "slow", "waiting"):
        made[name] = log()
        pc3.inquiries.refer(owner, made[name], to_staff_no="1006")
    sync_all(pc3, pc6)
    fake_clock.set(local(TUE, 14))
    pc6.inquiries.hand_back(receiver, made["back"], "不属本窗口")  # 4 h
    fake_clock.set(local(WED, 8))
    pc6.inquiries.accept(receiver, made["slow"])
    pc6.inquiries.reply(receiver, made["slow"], "次日答复")  # 22 h
    sync_all(pc6, pc3)
    fake_clock.set(local(THU, 9))
    return made


def test_the_report_counts_per_owner_and_day_and_times_the_referrals(
    pc3: Services, three_days: dict[str, str]
) -> None:
    found = pc3.inquiry_reports.report(MON, WED)
    assert found.per_staff_day == (("1003", MON, 2), ("1003", TUE, 3), ("1006", TUE, 1))
    assert (found.referral_median_h, found.referral_p90_h) == (4.0, 22.0)
    (overdue,) = found.overdue
    assert (overdue.number, overdue.promised_reply, overdue.level) == (
        three_days["promised"],
        TUE,
        "red",
    )
    tuesday = pc3.inquiry_reports.report(TUE, TUE)  # only Tuesday's referrals: 4 h and 22 h
    assert tuesday.per_staff_day == (("1003", TUE, 3), ("1006", TUE, 1))
    assert (tuesday.referral_median_h, tuesday.referral_p90_h) == (13.0, 22.0)
    assert pc3.inquiry_reports.report(WED, WED) == InquiryReport((), None, None, found.overdue)


def test_the_csv_export_reads_back_the_same_figures(
    pc3: Services, three_days: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    assert pc3.inquiry_reports.export_csv(path, MON, WED) == 6
    assert path.read_bytes().startswith("\ufeff".encode())  # Excel opens it as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.DictReader(source))
    per_day = [(r["staff_no"], r["name"], r["day"], r["count"]) for r in rows[:3]]
    assert per_day == [
        ("1003", "王芳", "2026-11-23", "2"),
        ("1003", "王芳", "2026-11-24", "3"),
        ("1006", "杨磊", "2026-11-24", "1"),
    ]
    assert [(r["section"], r["hours"]) for r in rows[3:5]] == [
        ("referral_median_h", "4.0"),
        ("referral_p90_h", "22.0"),
    ]
    assert (rows[5]["section"], rows[5]["number"], rows[5]["promised_reply"]) == (
        "overdue",
        three_days["promised"],
        "2026-11-24",
    )


def test_a_bad_period_is_refused(pc3: Services, tmp_path: Path) -> None:
    reports = pc3.inquiry_reports
    refused("report.bad_range", pc3, reports.report, WED, MON)
    refused("report.bad_range", pc3, reports.report, date(2025, 1, 1), date(2026, 1, 2))
    refused("report.bad_range", pc3, reports.export_csv, tmp_path / "x.csv", WED, MON)
    assert not (tmp_path / "x.csv").exists()
    refused("report.unwritable", pc3, reports.export_csv, tmp_path / "no" / "x.csv", MON, WED)
    assert reports.report(date(2025, 11, 24), date(2026, 11, 24)).per_staff_day == ()


# -- desk-admin ----------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_desk_admin_imports_the_roster_and_departments_and_reports(
    pc3: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = login(pc3, "1003", 3)
    pc3.inquiries.log(owner, draft())
    pc3.sync.sync_once()
    config = write_config(pc3, tmp_path)
    bad = tmp_path / "roster.csv"
    bad.write_text("day,window,staff_no,shift\n2026-11-28,9,1001,day\n", encoding="utf-8")
    status, out, err = run(capsys, config, "--lang", "en", "roster", "import", str(bad))
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        "The roster file has 1 problems; nothing was imported:",
        "Line 2: there is no window '9'",
    ]
    good = tmp_path / "good.csv"
    good.write_text("day,window,staff_no,shift\n2026-11-28,5,1005,day\n", encoding="utf-8")
    status, out, _ = run(capsys, config, "roster", "import", str(good))
    assert (status, out.strip()) == (0, "已导入排班 1 条（所列日期的原排班已替换）")
    pc3.sync.sync_once()  # another process wrote it: the PC's copy follows at its next sync
    assert pc3.cover.roster(date(2026, 11, 28)) == ((5, "1005", "day"),)

    directory = tmp_path / "departments.csv"
    directory.write_text("name,phone\n市税务局,0591-87000201\n", encoding="utf-8")
    status, out, _ = run(capsys, config, "--json", "departments", "import", str(directory))
    assert (status, out.strip()) == (0, '{"ok": true, "count": 1}')

    sheet = tmp_path / "out.csv"
    args = ("inquiries", "report", "--from", "2026-11-23", "--to", "2026-11-23")
    status, out, err = run(capsys, config, "--lang", "en", *args, "--csv", str(sheet))
    lines = out.splitlines()
    assert status == 0 and lines[0] == "2026-11-23\t1003\t1"
    assert lines[-1].startswith("2026-11-23 to 2026-11-23: 1 inquiries logged; referral ")
    assert err.strip() == f"Exported 3 rows to {sheet}" and sheet.exists()
