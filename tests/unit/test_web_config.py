"""[rating] keys of desk-rating: defaults, refusals that name file, line and key; the entry
point refuses a broken configuration before it listens."""

from __future__ import annotations

from pathlib import Path

import pytest
import uvicorn

from desk_client import config as config_module
from desk_client.config import ConfigError, load_config
from desk_client.web import main as web_main


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config_module, "default_config_path", lambda: tmp_path / "absent.toml")
    monkeypatch.setenv("DESK_DATA_DIR", str(tmp_path / "data"))
    # desk-rating hands its config path to the workers in DESK_CONFIG: set, so it is restored.
    monkeypatch.setenv("DESK_CONFIG", "")
    for var in ("DESK_RATING_LISTEN_PORT", "DESK_RATING_WORKERS", "DESK_RATING_LISTEN_HOST"):
        monkeypatch.delenv(var, raising=False)


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_defaults_listen_on_loopback_with_one_worker() -> None:
    config = load_config(environ={})
    assert (config.rating_listen_host, config.rating_listen_port) == ("127.0.0.1", 8765)
    assert (config.rating_workers, config.rating_rate_limit_per_min) == (1, 60)
    assert config.rating_trusted_proxies == ""


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("listen_port = 0", "rating.listen_port"),
        ("listen_port = 70000", "rating.listen_port"),
        ('listen_port = "http"', "rating.listen_port"),
        ("workers = 0", "rating.workers"),
        ("rate_limit_per_min = 0", "rating.rate_limit_per_min"),
        ('trusted_proxies = "10.0.0.1, proxy.local"', "rating.trusted_proxies"),
        ('trusted_proxies = "10.0.0.0/33"', "rating.trusted_proxies"),
    ],
)
def test_a_bad_rating_key_names_file_line_and_key(tmp_path: Path, value: str, key: str) -> None:
    path = write(tmp_path, f'[hall]\ncode = "d"\n\n[rating]\n{value}\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert caught.value.code == "config.bad_value"
    text = caught.value.message("zh_CN")
    assert str(path) in text and "第 5 行" in text and key in text


def test_the_environment_sets_the_rating_keys() -> None:
    environ = {
        "DESK_RATING_LISTEN_PORT": "9100",
        "DESK_RATING_WORKERS": "3",
        "DESK_RATING_TRUSTED_PROXIES": "::1, 10.1.0.0/16",
    }
    config = load_config(environ=environ)
    assert (config.rating_listen_port, config.rating_workers) == (9100, 3)
    assert config.rating_trusted_proxies == "::1, 10.1.0.0/16"
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"DESK_RATING_WORKERS": "many"})
    assert caught.value.code == "config.bad_env"


def test_desk_rating_refuses_a_broken_file_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("it listened"))
    path = write(tmp_path, "[rating]\nworkers = -1\n")
    assert web_main.main(["--config", str(path)]) == web_main.EXIT_CONFIG
    err = capsys.readouterr().err
    assert str(path) in err and "rating.workers" in err and "第 2 行" in err


def test_flags_beat_the_file_and_out_of_range_flags_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.update(kw, app=app))
    path = write(tmp_path, "[rating]\nlisten_port = 9000\nworkers = 2\n")
    assert web_main.main(["--config", str(path), "--port", "9001", "--host", "0.0.0.0"]) == 0
    assert (ran["host"], ran["port"], ran["workers"]) == ("0.0.0.0", 9001, 2)
    assert ran["proxy_headers"] is False  # X-Forwarded-For is believed from trusted_proxies only
    with pytest.raises(SystemExit) as refused:
        web_main.main(["--config", str(path), "--workers", "0"])
    assert refused.value.code == 2
    assert "--workers" in capsys.readouterr().err
