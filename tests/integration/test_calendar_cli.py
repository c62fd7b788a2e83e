"""``desk-admin calendar import|show|deadline`` against a real central database.

In process (desk_client.cli.main, stdin replaced) on every backend, plus one real
``desk-admin`` process on SQLite. The holidays table is national, shared by this module's
tests: each keeps to a year of its own (2027 imported and shown, 2030 refused).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk_client.cli import main
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.services.app import Services
from desk_client.store import migrate
from tests.integration.conftest import make_services
from tests.integration.test_calendar_service import BAD_2030, CALENDAR_2027
from tests.integration.test_catalogue_cli import write_config

DEADLINE_INPUT = "2025-09-30,5\n2025-09-30,5,2025-10-09:2025-10-10\n\n2025-10-09,3,2025-10-10:\n"
DEADLINE_OUTPUT = ["2025-10-14", "2025-10-16", "open"]


@pytest.fixture
def config_file(services: Services, tmp_path: Path) -> Path:
    return write_config(services, tmp_path)


def run(
    capsys: pytest.CaptureFixture[str], config: Path, *args: str, stdin: str = ""
) -> tuple[int, list[str], list[str]]:
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        status = main(["--config", str(config), *args])
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def test_import_then_show_gives_the_file_back(
    config_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "2027.csv"
    source.write_text(CALENDAR_2027, encoding="utf-8")
    status, out, err = run(capsys, config_file, "calendar", "import", str(source))
    assert (status, err) == (0, [])
    assert len(out) == 1 and out[0].startswith("已导入 6 天（2027 年），日历版本 ")
    status, out, err = run(capsys, config_file, "calendar", "show", "2027")
    assert status == 0
    assert out == [
        "date,working,reason",
        "2027-01-01,0,元旦",
        "2027-02-06,1,春节调休上班",
        "2027-02-08,0,春节",
        "2027-02-09,0,春节",
        "2027-02-10,0,春节",
        "2027-03-02,0,测试用假日",
    ]
    # 261 weekdays in 2027, 5 of them days off, 1 Saturday worked.
    assert err == ["2027 年：257 个工作日，按导入的节假日安排（6 天）"]
    again = tmp_path / "again.csv"
    again.write_text("\n".join(out) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, config_file, "--json", "calendar", "import", str(again))
    answer = json.loads(out[0])
    assert (status, answer["ok"], answer["days"], answer["years"]) == (0, True, 6, [2027])
    status, _, err = run(capsys, config_file, "--lang", "en", "calendar", "show", "2026")
    # chinese_calendar's 2026 (国办发明电〔2025〕7号) has 248 working days.
    assert (status, err) == (0, ["2026: 248 working days, by chinese-calendar (0 days overridden)"])


@pytest.mark.parametrize(
    ("language", "summary", "conflict"),
    [
        ("zh_CN", "日历文件有 3 处问题，未导入任何日期：", "第 6 行的 2030-10-01 与第 5 行矛盾"),
        ("en", "The calendar file has 3 problems; no day was imported:", "Line 6: 2030-10-01"),
    ],
)
def test_a_refused_import_prints_every_problem_and_changes_nothing(  # noqa: PLR0917 - fixtures
    config_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    language: str,
    summary: str,
    conflict: str,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_2030, encoding="utf-8")
    status, out, err = run(capsys, config_file, "--lang", language, "calendar", "import", str(bad))
    assert (status, out, err[0]) == (1, [], summary)
    assert len(err) == 4 and err[3].startswith(conflict)
    status, out, _ = run(capsys, config_file, "--json", "calendar", "import", str(bad))
    assert status == 1
    assert [p["line"] for p in json.loads(out[0])["problems"]] == [3, 4, 6]
    status, out, err = run(capsys, config_file, "--lang", "en", "calendar", "show", "2030")
    assert (status, out) == (1, [])  # still not covered: nothing was imported
    assert err == [DeskError("calendar.missing", year=2030).message("en")]


def test_deadline_reads_stdin_and_exits_1_on_any_error(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, config_file, "calendar", "deadline", stdin=DEADLINE_INPUT)
    assert (status, out, err) == (0, DEADLINE_OUTPUT, [])
    bad = DEADLINE_INPUT + "2099-01-05,3\n2025-10-09,five\n"
    status, out, _ = run(capsys, config_file, "calendar", "deadline", stdin=bad)
    assert status == 1
    assert out == [
        *DEADLINE_OUTPUT,
        "error: 2099 working-day calendar missing",
        "error: limit must be a whole number",
    ]
    assert run(capsys, config_file, "calendar", "deadline", stdin="")[:2] == (0, [])


def test_the_desk_admin_program_itself(fake_clock: FakeClock, tmp_path: Path) -> None:
    """One real process on a SQLite central; the in-process tests cover every backend."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    migrate.upgrade(url, "central")
    made = make_services(url, fake_clock, tmp_path)
    try:
        config = write_config(made, tmp_path)
    finally:
        made.close()
    command = [sys.executable, "-m", "desk_client.cli", "--config", str(config)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [*command, "calendar", "deadline"],
        input=DEADLINE_INPUT + "2025-13-01,5\n",
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines() == [*DEADLINE_OUTPUT, "error: bad date '2025-13-01'"]
    done = subprocess.run(
        [*command, "calendar", "deadline"],
        input=DEADLINE_INPUT, capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout.splitlines()) == (0, DEADLINE_OUTPUT)
