"""``desk-admin ratings settings|rotate-secret|code|report|defaults|followups`` against a real
central database: in process (desk_client.cli.main) on every backend, plus one real
``desk-admin`` process on SQLite. desk-admin runs on the real clock."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_client.cli import main
from desk_client.core.clock import FakeClock
from desk_client.core.rating_tokens import peek
from desk_client.core.ratings import RatingForm
from desk_client.services.app import Services
from desk_client.services.rating_page import build_rating_page
from tests.integration.conftest import make_services
from tests.integration.rating_service_helpers import central
from tests.integration.test_catalogue_cli import write_config


@pytest.fixture
def hall(central_url: str, tmp_path: Path) -> Iterator[Services]:
    """A fresh demo hall, its clock set to now (desk-admin runs on the real clock)."""
    made = make_services(central_url, FakeClock(datetime.now(UTC)), tmp_path)
    yield made
    made.close()


def run(capsys: pytest.CaptureFixture[str], config: Path, *args: str) -> tuple[int, list[str], str]:
    status = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_settings_are_printed_changed_and_checked(
    hall: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(hall, tmp_path)
    status, out, _ = run(capsys, config, "ratings", "settings")
    assert status == 0
    assert out[:4] == [
        "expiry_days\t7",
        "followup_days\t5",
        "followup_staff_no\t",
        "default_after_days\t0",
    ]
    args = ["--expiry-days", "14", "--followup-days", "15", "--followup-staff", "S001"]
    status, out, _ = run(
        capsys, config, "--json", "ratings", "settings", *args, "--default-after", "7"
    )
    assert status == 0
    assert json.loads(out[0]) == {
        "expiry_days": 14, "followup_days": 15, "followup_staff_no": "S001",
        "default_after_days": 7, "base_url": "http://127.0.0.1:8765/rate",
    }  # fmt: skip
    status, out, err = run(
        capsys, config, "ratings", "settings", "--expiry-days", "91", "--followup-days", "3"
    )
    assert (status, out) == (1, [])
    assert err.strip() == "评价二维码有效期应为 1 至 90 天，现为 91 天"
    assert hall.ratings.settings().followup_days == 15  # nothing changed
    status, _, err = run(capsys, config, "ratings", "settings", "--followup-staff", "1003")
    assert status == 1 and "1003" in err


def test_a_code_is_recorded_like_the_window_and_its_page_works(
    hall: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(hall, tmp_path)
    status, out, err = run(
        capsys, config, "ratings", "code", "--window", "3", "--staff", "1003", "--ticket", "a001"
    )
    assert (status, err) == (0, "")
    (url,) = out
    token = url.removeprefix("http://127.0.0.1:8765/rate/")
    claims = peek(token)
    assert (claims.hall, claims.window, claims.staff, claims.case) == (
        hall.config.hall_code,
        3,
        "1003",
        "",
    )
    page = build_rating_page(hall.config)
    try:
        assert page.state(token).status == "ok"
        page.submit(token, RatingForm(2, 2, 3, 3, ("slow",)))
    finally:
        page.close()
    status, out, _ = run(capsys, config, "--json", "ratings", "code", "--window", "5", "--staff",
                         "1005", "--case", "SL2026-05-0001", "--item", "SF-GT-0101")  # fmt: skip
    made = json.loads(out[0])
    assert (made["kind"], made["ref"], "qr" in made) == ("case", "SL2026-05-0001", False)
    assert peek(made["url"].rsplit("/", 1)[1]).item == "SF-GT-0101"
    assert hall.ratings.update_settings(default_after_days=1).default_after_days == 1
    status, out, _ = run(capsys, config, "ratings", "defaults")
    assert central(hall).visits == 2  # desk-admin pushed each visit after printing its code
    assert (status, out) == (0, ["defaulted\t0"])  # both visits are from today
    status, out, _ = run(capsys, config, "ratings", "followups")
    assert status == 0 and len(out) == 1
    assert out[0].split("\t")[1:3] == ["open", "green"] and out[0].split("\t")[4:] == [
        "S001",
        "3",
        "1003",
        "2",
        "slow",
    ]
    status, _, err = run(
        capsys, config, "ratings", "code", "--window", "3", "--staff", "9999", "--ticket", "A002"
    )
    assert status == 1 and "9999" in err


def test_the_report_prints_and_exports_the_figures(
    hall: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(hall, tmp_path)
    page = build_rating_page(hall.config)
    try:
        for window, overall in ((3, 5), (3, 1), (4, 4)):
            code = hall.ratings.code_for_visit("ticket", f"B00{overall}", window, f"100{window}")
            page.submit(code.url.rsplit("/", 1)[1], RatingForm(overall, 4, 4, 4, (), "太慢了"))
    finally:
        page.close()
    today = hall.context.today()
    target = tmp_path / "评价统计.csv"
    status, out, _ = run(
        capsys, config, "ratings", "report", "--by", "window", "--csv", str(target)
    )
    assert status == 0
    assert out[1:] == [
        "3\t3号窗口\t2\t1\t0\t0\t0\t1\t50.00%\t3.00\t1\t0\t0",
        "4\t4号窗口\t1\t0\t1\t0\t0\t0\t100.00%\t4.00\t0\t0\t0",
    ]
    assert out[0].split("\t")[:3] == ["编号", "窗口", "评价数"]  # the CSV's header
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["编号", "窗口", "评价数"] and len(rows) == 3
    span = ["--from", (today - timedelta(days=1)).isoformat(), "--to", today.isoformat()]
    status, out, _ = run(capsys, config, "--json", "ratings", "report", "--by", "staff", *span)
    assert [row["label"] for row in json.loads(out[0])] == ["王芳", "刘洋"]
    status, _, err = run(
        capsys,
        config,
        "ratings",
        "report",
        "--by",
        "day",
        "--from",
        "2026-12-01",
        "--to",
        "2026-01-01",
    )
    assert status == 1 and "2026-12-01" in err
    status, out, err = run(
        capsys, config, "ratings", "report", "--by", "item", "--from", "2026-01-01", "--to",
        "2026-01-31",
    )  # fmt: skip
    assert (status, len(out), err) == (0, 1, "2026-01-01 至 2026-01-31 没有评价\n")
    status, _, err = run(
        capsys, config, "ratings", "report", "--by", "day", "--csv", str(tmp_path / "no" / "x.csv")
    )
    assert status == 1 and "x.csv" in err
    status, out, _ = run(capsys, config, "ratings", "rotate-secret")
    assert (status, out) == (0, ["ok: rating secret rotated"])


def test_a_real_desk_admin_process_prints_a_code(hall: Services, tmp_path: Path) -> None:
    if hall.context.backend != "sqlite":
        pytest.skip("one real process is enough: on the embedded central database")
    config = write_config(hall, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "desk_client.cli", "--config", str(config), "ratings", "code",
         "--window", "3", "--staff", "1003", "--ticket", "B001"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert peek(done.stdout.strip().rsplit("/", 1)[1]).window == 3
