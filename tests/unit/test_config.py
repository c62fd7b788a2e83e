"""Configuration: defaults, a full file, environment overrides, and refusals that say where."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from desk_client import config as config_module
from desk_client.config import SCHEMA, Config, ConfigError, key_line, load_config

FULL = """\
[hall]
code = "xm-siming"
timezone = "Asia/Urumqi"

[window]
number = 12

[database]
url = "postgresql+psycopg://desk@central/hall"
local = "/var/lib/desk/local.db"
retry_s = 9
offline_login_days = 14

[printer]
name = "XP-80C"
mode = "silent"
directory = "/var/spool/desk"

[ui]
language = "en_US"
mode = "kiosk"

[queue]
recall_limit = 4
reinstate_after = 0

[display]
recent_calls = 6
poll_ms = 250

[thresholds]
yellow_days = 2
yellow_percent = 75
close_time = "18:00"

[cases]
sweep_s = 30

[rating]
base_url = "https://rate.example.gov.cn/r"
listen_host = "0.0.0.0"
listen_port = 9000
workers = 2
rate_limit_per_min = 30
trusted_proxies = "10.0.0.5, 192.168.1.0/24"

[notices]
approve_rejection_first = false

[inquiries]
reply_days = 10
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user config file, and a data dir inside the test's folder."""
    monkeypatch.setattr(config_module, "default_config_path", lambda: tmp_path / "absent.toml")
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path, environ: dict[str, str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ=environ or {})
    return caught.value


def test_defaults(tmp_path: Path) -> None:
    config = load_config(environ={})
    assert config.source is None
    assert (config.hall_code, config.timezone, config.window) == ("demo", "Asia/Shanghai", None)
    assert (config.recall_limit, config.reinstate_after, config.print_mode) == (3, 2, "preview")
    assert config.language == "zh_CN" and not config.english
    assert config.database_url == f"sqlite:///{tmp_path / 'data' / 'hall.db'}"
    assert config.local_store == str(tmp_path / "data" / "local.db")


def test_a_file_with_every_key(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    config = load_config(path, environ={})
    assert config == Config(
        hall_code="xm-siming",
        timezone="Asia/Urumqi",
        window=12,
        database_url="postgresql+psycopg://desk@central/hall",
        local_store="/var/lib/desk/local.db",
        printer_name="XP-80C",
        print_mode="silent",
        print_dir="/var/spool/desk",
        language="en_US",
        mode="kiosk",
        recall_limit=4,
        reinstate_after=0,
        recent_calls=6,
        poll_ms=250,
        retry_s=9,
        offline_login_days=14,
        yellow_days=2,
        yellow_percent=75,
        close_time=time(18, 0),
        sweep_s=30,
        rating_base_url="https://rate.example.gov.cn/r",
        rating_listen_host="0.0.0.0",
        rating_listen_port=9000,
        rating_workers=2,
        rating_rate_limit_per_min=30,
        rating_trusted_proxies="10.0.0.5, 192.168.1.0/24",
        approve_rejection_first=False,
        inquiry_reply_days=10,
    )
    assert config.source == path and config.english


def test_the_full_example_covers_the_whole_schema() -> None:
    for section, key in SCHEMA:
        assert key_line(FULL, section, key) > 0, f"{section}.{key}"


def test_environment_beats_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, FULL)
    environ = {
        "DESK_WINDOW_NUMBER": "3",
        "DESK_DATABASE_URL": "sqlite:///x.db",
        "DESK_UI_MODE": "display",
    }
    config = load_config(path, environ=environ)
    assert (config.window, config.database_url, config.mode) == (3, "sqlite:///x.db", "display")
    assert config.recall_limit == 4  # untouched keys still come from the file


def test_rejections_wait_for_approval_unless_the_hall_says_otherwise(tmp_path: Path) -> None:
    assert load_config(environ={}).approve_rejection_first is True
    path = write(tmp_path, "[notices]\napprove_rejection_first = false\n")
    assert load_config(path, environ={}).approve_rejection_first is False
    for word, expected in (("true", True), (" YES ", True), ("0", False), ("False", False)):
        environ = {"DESK_NOTICES_APPROVE_REJECTION_FIRST": word}
        assert load_config(path, environ=environ).approve_rejection_first is expected


def test_desk_config_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[hall]\ncode = "fz"\n')
    assert load_config(environ={"DESK_CONFIG": str(path)}).hall_code == "fz"


def test_explicit_path_beats_desk_config(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[hall]\ncode = "other"\n', encoding="utf-8")
    path = write(tmp_path, '[hall]\ncode = "mine"\n')
    assert load_config(path, environ={"DESK_CONFIG": str(other)}).hall_code == "mine"


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[hall]\ncode = "demo"\nwindow number = 3\n')
    error = refusal(path)
    assert error.code == "config.syntax"
    for language, line_word in (("zh_CN", "第 3 行"), ("en", "line 3")):
        text = error.message(language)
        assert str(path) in text and line_word in text


@pytest.mark.parametrize(
    ("body", "line", "key"),
    [
        ('[hall]\ncode = "d"\n\n[queue]\nrecall_limit = "three"\n', 5, "queue.recall_limit"),
        ("[window]\nnumber = 0\n", 2, "window.number"),
        ("[window]\nnumber = 1000\n", 2, "window.number"),
        ("[queue]\nrecall_limit = true\n", 2, "queue.recall_limit"),
        ('[hall]\ntimezone = "Asia/Beijing"\n', 2, "hall.timezone"),
        ('[printer]\nmode = "fax"\n', 2, "printer.mode"),
        ('[ui]\nlanguage = "fr"\n', 2, "ui.language"),
        ("[thresholds]\nyellow_percent = 0\n", 2, "thresholds.yellow_percent"),
        ("[queue]\nreinstate_after = -1\n", 2, "queue.reinstate_after"),
        ("[database]\noffline_login_days = 0\n", 2, "database.offline_login_days"),
        ("[hall]\ncode = 7\n", 2, "hall.code"),
        ("[notices]\napprove_rejection_first = 1\n", 2, "notices.approve_rejection_first"),
        ('[notices]\napprove_rejection_first = "maybe"\n', 2, "notices.approve_rejection_first"),
    ],
)
def test_bad_value_names_file_line_and_key(tmp_path: Path, body: str, line: int, key: str) -> None:
    path = write(tmp_path, body)
    error = refusal(path)
    assert error.code == "config.bad_value"
    zh, en = error.message("zh_CN"), error.message("en")
    assert str(path) in zh and f"第 {line} 行" in zh and key in zh
    assert str(path) in en and f"line {line}," in en and key in en


def test_a_number_written_as_text_is_accepted(tmp_path: Path) -> None:
    assert (
        load_config(write(tmp_path, '[queue]\nrecall_limit = " 5 "\n'), environ={}).recall_limit
        == 5
    )


@pytest.mark.parametrize(
    ("body", "line", "key"),
    [
        ("[queue]\nrecall_limit = 3\nrecal_limit = 4\n", 3, "queue.recal_limit"),
        ("[printers]\nname = 'x'\n", 2, "printers.name"),
        ("hall_code = 'x'\n[hall]\ncode = 'y'\n", 1, "hall_code"),
    ],
)
def test_unknown_key_is_refused(tmp_path: Path, body: str, line: int, key: str) -> None:
    path = write(tmp_path, body)
    error = refusal(path)
    assert error.code == "config.unknown_key"
    assert key in error.message("en") and f"line {line}:" in error.message("en")
    assert key in error.message("zh_CN") and f"第 {line} 行" in error.message("zh_CN")


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("DESK_QUEUE_RECALL_LIMIT", "three"),
        ("DESK_WINDOW_NUMBER", "0"),
        ("DESK_HALL_TIMEZONE", "Mars/Olympus"),
        ("DESK_PRINTER_MODE", "fax"),
        ("DESK_NOTICES_APPROVE_REJECTION_FIRST", "perhaps"),
    ],
)
def test_bad_environment_value_names_the_variable(var: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={var: value})
    assert caught.value.code == "config.bad_env"
    assert var in caught.value.message("zh_CN") and var in caught.value.message("en")


def test_missing_explicit_file_is_refused(tmp_path: Path) -> None:
    error = refusal(tmp_path / "nope.toml")
    assert error.code == "config.unreadable"
    assert "nope.toml" in error.message("zh_CN")


def test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('[hall]\ncode = "厦门"\n'.encode("gbk"))
    assert refusal(path).code == "config.unreadable"


def test_key_line_finds_keys_in_their_own_section() -> None:
    text = "[a]\nx = 1\n[b]\n  x=2\n"
    assert key_line(text, "a", "x") == 2
    assert key_line(text, "b", "x") == 4
    assert key_line(text, "c", "x") == 0


def test_dotted_key_at_the_top_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, '# hall settings\nqueue.recall_limit = "x"\n')
    assert "line 2," in refusal(path).message("en")


# -- issue 5: when the hall closes (the last day's hours) and the sweep interval -------------


def test_the_hall_closes_at_half_past_five_and_sweeps_every_minute_by_default() -> None:
    config = load_config(environ={})
    assert (config.close_time, config.sweep_s) == (time(17, 30), 60)


@pytest.mark.parametrize(
    ("written", "expected"),
    [('"17:00"', time(17, 0)), ('" 9:05 "', time(9, 5)), ("16:45:00", time(16, 45))],
)
def test_close_time_is_hours_and_minutes(tmp_path: Path, written: str, expected: time) -> None:
    path = write(tmp_path, f"[thresholds]\nclose_time = {written}\n")
    assert load_config(path, environ={}).close_time == expected
    assert load_config(environ={"DESK_THRESHOLDS_CLOSE_TIME": "08:30"}).close_time == time(8, 30)


@pytest.mark.parametrize(
    "written", ['"25:00"', '"17:60"', '"1730"', '"half past five"', "1730", "true", "17:30:15"]
)
def test_a_close_time_that_is_not_hh_mm_is_refused_with_its_line(
    tmp_path: Path, written: str
) -> None:
    path = write(tmp_path, f'[hall]\ncode = "x"\n[thresholds]\nclose_time = {written}\n')
    problem = refusal(path)
    assert problem.code == "config.bad_value"
    assert (problem.params["line"], problem.params["key"]) == (4, "thresholds.close_time")
    assert "17:30" in problem.params["detail"] or "HH:MM" in problem.params["detail"]


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_a_sweep_interval_below_one_second_is_refused(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"DESK_CASES_SWEEP_S": value})
    assert (caught.value.code, caught.value.params["var"]) == (
        "config.bad_env",
        "DESK_CASES_SWEEP_S",
    )


@pytest.mark.parametrize("days", ["0", "61", "five"])
def test_a_follow_up_default_outside_1_to_60_working_days_is_refused(days: str) -> None:
    assert load_config(environ={}).inquiry_reply_days == 5
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"DESK_INQUIRIES_REPLY_DAYS": days})
    assert caught.value.code == "config.bad_env"
