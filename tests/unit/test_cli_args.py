"""desk-admin's common options go before the command or after it, as the README shows them."""

from __future__ import annotations

import pytest

from desk_client.cli import parse_args


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "--lang", "en", "queue", "status"],
        ["queue", "status", "--json", "--lang", "en"],
        ["--lang", "en", "queue", "status", "--json"],
    ],
)
def test_common_options_anywhere(argv: list[str]) -> None:
    args = parse_args(argv)
    assert (args.json, args.lang, args.queue_cmd) == (True, "en", "status")


def test_the_defaults_stand_when_no_option_follows() -> None:
    args = parse_args(["--url", "sqlite:///x.db", "devices"])
    assert (args.json, args.lang, args.url) == (False, None, "sqlite:///x.db")


def test_an_unknown_option_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        parse_args(["queue", "status", "--jsn"])
    assert refused.value.code == 2
    assert "unrecognized arguments: --jsn" in capsys.readouterr().err
