"""Font discovery order: configured path, shipped, system, then the built-in CID font."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desk_client.printing import fonts
from desk_client.printing.ticket import TicketSlip, render_ticket_slip
from desk_client.resources import resource

SHIPPED = resource("fonts", "wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def fake_cff_collection(path: Path) -> Path:
    """A .ttc whose first font is CFF-flavoured ('OTTO'), like Noto Sans CJK."""
    header = b"ttcf" + (1).to_bytes(2, "big") + (0).to_bytes(2, "big")
    header += (1).to_bytes(4, "big") + (16).to_bytes(4, "big")
    path.write_bytes(header + b"OTTO" + b"\x00" * 64)
    return path


@pytest.fixture(autouse=True)
def no_configured_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV_FONT_PATH, raising=False)


@pytest.fixture
def copied_font(tmp_path: Path) -> Path:
    return Path(shutil.copy(SHIPPED, tmp_path / "my-hall-font.ttc"))


@pytest.fixture
def no_shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point DESK_RESOURCES at an empty tree: nothing is shipped."""
    empty = tmp_path / "resources"
    (empty / "fonts").mkdir(parents=True)
    monkeypatch.setenv("DESK_RESOURCES", str(empty))


def test_the_shipped_font_is_real_truetype_with_chinese() -> None:
    assert SHIPPED.is_file()
    assert fonts.has_truetype_outlines(SHIPPED)
    assert fonts.try_register(SHIPPED) is not None


def test_configured_path_wins(copied_font: Path) -> None:
    choice = fonts.discover(copied_font, environ={})
    assert (choice.path, choice.source) == (copied_font, "configured")


def test_environment_variable_configures_the_font(copied_font: Path) -> None:
    choice = fonts.discover(environ={fonts.ENV_FONT_PATH: str(copied_font)})
    assert (choice.path, choice.source) == (copied_font, "configured")


def test_argument_beats_the_environment(copied_font: Path) -> None:
    order = fonts.candidates(copied_font, environ={fonts.ENV_FONT_PATH: "/elsewhere.ttf"})
    assert order[0] == (copied_font, "configured")
    assert all(path != Path("/elsewhere.ttf") for path, _ in order)


def test_bogus_configured_path_falls_back_without_crashing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    choice = fonts.discover(tmp_path / "no-such-font.ttf", environ={})
    assert choice.source == "shipped" and choice.path == SHIPPED
    assert "no-such-font.ttf" in caplog.text


def test_garbage_file_falls_back(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"\x00\x01\x00\x00 this is not a font")
    assert fonts.discover(junk, environ={}).source == "shipped"


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed")
def test_latin_only_font_is_refused_for_chinese() -> None:
    assert fonts.discover(DEJAVU, environ={}).source == "shipped"


def test_noto_style_cff_collection_is_skipped(tmp_path: Path) -> None:
    noto = fake_cff_collection(tmp_path / "NotoSansCJK-Regular.ttc")
    assert fonts.sfnt_tag(noto) == b"OTTO"
    assert not fonts.has_truetype_outlines(noto)
    assert fonts.discover(noto, environ={}).source == "shipped"


def test_shipped_font_comes_before_system_fonts() -> None:
    sources = [source for _, source in fonts.candidates(environ={})]
    assert sources[0] == "shipped"
    assert sources == sorted(sources, key=["shipped", "system"].index)


def test_system_fonts_are_found_in_preference_order(tmp_path: Path) -> None:
    (tmp_path / "zen").mkdir()
    (tmp_path / "micro" / "deep").mkdir(parents=True)
    zen = Path(shutil.copy(SHIPPED, tmp_path / "zen" / "wqy-zenhei.ttc"))
    micro = Path(shutil.copy(SHIPPED, tmp_path / "micro" / "deep" / "wqy-microhei.ttc"))
    (tmp_path / "unrelated.ttf").write_bytes(b"x")
    assert fonts.find_system_fonts([tmp_path]) == [micro, zen]


@pytest.mark.usefixtures("no_shipped")
def test_system_font_used_when_nothing_is_shipped(tmp_path: Path) -> None:
    folder = tmp_path / "sys"
    folder.mkdir()
    system = Path(shutil.copy(SHIPPED, folder / "wqy-microhei.ttc"))
    fake_cff_collection(folder / "wqy-zenhei.ttc")  # a broken preferred font is skipped too
    choice = fonts.discover(environ={}, system_dirs=[folder])
    assert (choice.path, choice.source) == (system, "system")


@pytest.mark.usefixtures("no_shipped")
def test_builtin_cid_font_is_the_last_resort() -> None:
    choice = fonts.discover(environ={}, system_dirs=[])
    assert (choice.name, choice.path, choice.source) == ("STSong-Light", None, "builtin")


@pytest.mark.usefixtures("no_shipped")
def test_slip_still_renders_with_the_builtin_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "system_font_dirs", tuple)
    fonts.clear_cache()
    try:
        assert fonts.cjk_font_file() is None
        pdf = render_ticket_slip(
            TicketSlip("示范市政务服务中心", "A001", "综合受理", 0, "t", None, "q")
        )
        assert b"STSong-Light" in pdf
    finally:
        fonts.clear_cache()


def test_resolution_is_cached() -> None:
    fonts.clear_cache()
    first = fonts.resolve_font()
    assert fonts.resolve_font() is first
    assert fonts.cjk_font_name() == first.name
    assert fonts.cjk_font_file() == SHIPPED


def test_refused_configured_font_is_reported_in_both_languages(tmp_path: Path) -> None:
    choice = fonts.discover(tmp_path / "gone.ttf", environ={})
    notice = choice.notice()
    assert choice.refused == tmp_path / "gone.ttf" and notice is not None
    assert notice.code == "print.font_fallback"
    assert "gone.ttf" in notice.message("zh_CN") and "wqy-microhei.ttc" in notice.message("en")


def test_a_good_choice_needs_no_notice() -> None:
    assert fonts.discover(environ={}).notice() is None


@pytest.mark.usefixtures("no_shipped")
def test_builtin_font_is_reported() -> None:
    notice = fonts.discover(environ={}, system_dirs=[]).notice()
    assert notice is not None and notice.code == "print.no_cjk_font"
    assert "STSong-Light" in notice.message("zh_CN")
