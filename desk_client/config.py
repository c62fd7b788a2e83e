"""Configuration: one TOML file plus environment overrides.

Where the file is: ``--config PATH``, else ``$DESK_CONFIG``, else ``config.toml`` in the
user config dir (a missing file there means defaults). Every key may be overridden by
``DESK_<SECTION>_<KEY>`` (``DESK_WINDOW_NUMBER=3``, ``DESK_DATABASE_URL=...``).
A broken file is refused whole with a message naming the file, line and key: the program
never starts half-configured.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from desk_client.core.errors import DeskError

APP_NAME = "desk-client"
PRINT_MODES = ("preview", "dialog", "silent", "pdf")
MODES = ("clerk", "kiosk", "display", "guide")


class ConfigError(DeskError):
    """A configuration problem, already phrased for the person who edits the file."""


def data_dir() -> Path:
    return Path(os.environ.get("DESK_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'hall.db'}"


@dataclass(frozen=True)
class Config:
    """Everything a window's program is told from outside."""

    hall_code: str = "demo"
    timezone: str = "Asia/Shanghai"
    window: int | None = None
    database_url: str = ""
    local_store: str = ""
    printer_name: str = ""
    print_mode: str = "preview"
    print_dir: str = ""
    language: str = "zh_CN"
    mode: str = "clerk"
    recall_limit: int = 3
    reinstate_after: int = 2
    recent_calls: int = 10
    poll_ms: int = 500
    retry_s: int = 5
    #: Offline, a cached login older than this (unconfirmed by the central database) is refused.
    offline_login_days: int = 30
    yellow_days: int = 1
    yellow_percent: int = 80
    #: When the hall closes (local time): the last day of a case counts its hours up to it.
    close_time: time = time(17, 30)
    #: How often (seconds) the window re-checks its open cases' warning levels (case.warned).
    sweep_s: int = 60
    rating_base_url: str = "http://127.0.0.1:8765/rate"
    #: desk-rating (the citizen's page): where it listens and how many processes serve it.
    rating_listen_host: str = "127.0.0.1"
    rating_listen_port: int = 8765
    rating_workers: int = 1
    #: Requests per minute one client address may make (per worker process).
    rating_rate_limit_per_min: int = 60
    #: Comma-separated addresses or networks of the reverse proxies whose X-Forwarded-For and
    #: X-Forwarded-Proto are believed; empty: none (the peer is the client).
    rating_trusted_proxies: str = ""
    #: A rejection (不予受理) waits for the supervisor's approval before its notice is printed;
    #: False prints it at once and reports it afterwards (the hall decides which).
    approve_rejection_first: bool = True
    #: The working days a follow-up (承诺回复) promises by default; the form may change it.
    inquiry_reply_days: int = 5
    source: Path | None = field(default=None, compare=False)

    @property
    def english(self) -> bool:
        return self.language.lower().startswith("en")


def _positive(value: Any) -> str | None:
    return None if value >= 1 else "must be at least 1 / 必须大于等于 1"


def _non_negative(value: Any) -> str | None:
    return None if value >= 0 else "must not be negative / 不能为负数"


def _percent(value: Any) -> str | None:
    return None if 1 <= value <= 100 else "must be 1-100 / 必须在 1 到 100 之间"


def _zone(value: Any) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r} / 未知时区"
    return None


def _clock_time(value: Any) -> str | None:
    # _coerce has already turned the text into a time; seconds make no sense for a hall.
    return None if value.second == 0 and value.microsecond == 0 else "use HH:MM / 请写成 HH:MM"


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


def _language(value: Any) -> str | None:
    return None if re.fullmatch(r"(zh|en)([_-][A-Za-z]{2})?", value) else "use zh_CN or en"


def _reply_days(value: Any) -> str | None:
    # core.inquiries refuses more than 60 working days; the default must be one it accepts.
    return None if 1 <= value <= 60 else "must be 1-60 / 必须在 1 到 60 之间"


def _port(value: Any) -> str | None:
    return None if 1 <= value <= 65535 else "ports are 1-65535 / 端口应为 1-65535"


def _workers(value: Any) -> str | None:
    return None if 1 <= value <= 64 else "must be 1-64 / 必须在 1 到 64 之间"


def _networks(value: Any) -> str | None:
    """A comma-separated list of IP addresses or networks (CIDR), possibly empty."""
    for part in filter(None, (piece.strip() for piece in value.split(","))):
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError:
            return f"{part!r} is not an IP address or network / 不是 IP 地址或网段"
    return None


def _window(value: Any) -> str | None:
    return None if 1 <= value <= 999 else "window numbers are 1-999 / 窗口号应为 1-999"


Check = Callable[[Any], str | None] | None

#: (section, key) -> (Config attribute, type, extra check)
SCHEMA: dict[tuple[str, str], tuple[str, type, Check]] = {
    ("hall", "code"): ("hall_code", str, None),
    ("hall", "timezone"): ("timezone", str, _zone),
    ("window", "number"): ("window", int, _window),
    ("database", "url"): ("database_url", str, None),
    ("database", "local"): ("local_store", str, None),
    ("printer", "name"): ("printer_name", str, None),
    ("printer", "mode"): ("print_mode", str, _one_of(*PRINT_MODES)),
    ("printer", "directory"): ("print_dir", str, None),
    ("ui", "language"): ("language", str, _language),
    ("ui", "mode"): ("mode", str, _one_of(*MODES)),
    ("queue", "recall_limit"): ("recall_limit", int, _positive),
    ("queue", "reinstate_after"): ("reinstate_after", int, _non_negative),
    ("display", "recent_calls"): ("recent_calls", int, _positive),
    ("display", "poll_ms"): ("poll_ms", int, _positive),
    ("database", "retry_s"): ("retry_s", int, _positive),
    ("database", "offline_login_days"): ("offline_login_days", int, _positive),
    ("thresholds", "yellow_days"): ("yellow_days", int, _non_negative),
    ("thresholds", "yellow_percent"): ("yellow_percent", int, _percent),
    ("thresholds", "close_time"): ("close_time", time, _clock_time),
    ("cases", "sweep_s"): ("sweep_s", int, _positive),
    ("rating", "base_url"): ("rating_base_url", str, None),
    ("rating", "listen_host"): ("rating_listen_host", str, None),
    ("rating", "listen_port"): ("rating_listen_port", int, _port),
    ("rating", "workers"): ("rating_workers", int, _workers),
    ("rating", "rate_limit_per_min"): ("rating_rate_limit_per_min", int, _positive),
    ("rating", "trusted_proxies"): ("rating_trusted_proxies", str, _networks),
    ("notices", "approve_rejection_first"): ("approve_rejection_first", bool, None),
    ("inquiries", "reply_days"): ("inquiry_reply_days", int, _reply_days),
}


def key_line(text: str, section: str, key: str) -> int:
    """The 1-based line where ``key`` is set inside ``[section]`` (0 when not found)."""
    current = ""
    own = rf"\s*{re.escape(key)}\s*="
    dotted = rf"\s*{re.escape(section)}\s*\.{own}"  # queue.recall_limit = 3, before any [table]
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            current = header.group(1).strip()
        elif (current == section and re.match(own, line)) or (
            current == "" and section and re.match(dotted, line)
        ):
            return number
    return 0


#: How an environment variable (always text) spells a yes/no key.
BOOL_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _parse_time(raw: Any) -> time:
    """``"17:30"`` (or a TOML time); anything else raises ValueError."""
    if isinstance(raw, time):
        return raw
    found = re.fullmatch(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*", str(raw))
    if found is None:
        raise ValueError(raw)
    return time(int(found.group(1)), int(found.group(2)))


def _coerce(raw: Any, wanted: type) -> Any:
    if wanted is time:
        return _parse_time(raw)
    if wanted is bool and isinstance(raw, str):
        return BOOL_WORDS[raw.strip().lower()]
    if wanted is int and isinstance(raw, bool):
        raise TypeError
    if wanted is int and isinstance(raw, str):
        return int(raw.strip())
    if not isinstance(raw, wanted):
        raise TypeError
    return raw


_EXPECTED = {
    int: "a whole number / 整数",
    bool: "true or false / true 或 false",
    time: 'a time of day such as "17:30" / 时间，如 "17:30"',
}


def _checked(raw: Any, wanted: type, check: Check) -> tuple[Any, str | None]:
    try:
        value = _coerce(raw, wanted)
    except (TypeError, ValueError, KeyError):
        expected = _EXPECTED.get(wanted, "text / 文本")
        return None, f"expected {expected}, got {raw!r}"
    return value, (check(value) if check else None)


def _parse_file(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("config.unreadable", file=str(path), detail=str(exc)) from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            "config.syntax", file=str(path), line=found.group(1) if found else "?", detail=exc
        ) from exc


def _file_values(path: Path) -> dict[str, Any]:
    text, data = _parse_file(path)
    values: dict[str, Any] = {}
    for section, table in data.items():
        if not isinstance(table, dict):
            line = key_line(text, "", section)
            raise ConfigError("config.unknown_key", file=str(path), line=line, key=section)
        for key, raw in table.items():
            where = {"file": str(path), "line": key_line(text, section, key)}
            spec = SCHEMA.get((section, key))
            if spec is None:
                raise ConfigError("config.unknown_key", key=f"{section}.{key}", **where)
            attr, wanted, check = spec
            value, problem = _checked(raw, wanted, check)
            if problem:
                raise ConfigError(
                    "config.bad_value", key=f"{section}.{key}", detail=problem, **where
                )
            values[attr] = value
    return values


def _env_values(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for (section, key), (attr, wanted, check) in SCHEMA.items():
        var = f"DESK_{section}_{key}".upper()
        if var not in environ:
            continue
        value, problem = _checked(environ[var], wanted, check)
        if problem:
            raise ConfigError("config.bad_env", var=var, detail=problem)
        values[attr] = value
    return values


def resolve_path(
    explicit: str | os.PathLike[str] | None, environ: Mapping[str, str]
) -> Path | None:
    """The config file to read, or None when only defaults apply."""
    if explicit:
        return Path(explicit)
    if environ.get("DESK_CONFIG"):
        return Path(environ["DESK_CONFIG"])
    default = default_config_path()
    return default if default.exists() else None


def load_config(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Config:
    """Read the file (if any), apply the environment, fill in the default locations."""
    env = os.environ if environ is None else environ
    source = resolve_path(path, env)
    values = _file_values(source) if source else {}
    values.update(_env_values(env))
    config = replace(Config(), source=source, **values)
    if not config.database_url:
        config = replace(config, database_url=default_database_url())
    if not config.local_store:
        config = replace(config, local_store=str(data_dir() / "local.db"))
    return config
