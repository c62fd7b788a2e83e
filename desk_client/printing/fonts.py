"""Finding a font that prints real Chinese on every slip (never boxes).

Order of discovery:
  1. a configured path (the ``path`` argument, else ``$DESK_FONT_PATH``);
  2. fonts shipped in ``resources/fonts/`` (WenQuanYi Micro Hei 文泉驿微米黑);
  3. system TrueType CJK fonts (WenQuanYi Micro Hei / Zen Hei, SimHei, Microsoft YaHei, ...);
  4. reportlab's built-in ``STSong-Light`` CID font (not embedded: the viewer supplies it).

reportlab embeds TrueType (``glyf``) outlines only. The Noto / Source Han CJK collections
are CFF-based (``OTTO``) and fail or print nothing, so they are skipped by looking at the
file header, before reportlab ever parses them. A candidate must also cover common hanzi;
a Latin-only font configured by mistake falls through to the next candidate with a log line.

Registration happens once per process and per configured path (the cache below), because
parsing a 5 MB collection costs a few hundred milliseconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desk_client.core.errors import DeskError
from desk_client.resources import resource

log = logging.getLogger(__name__)

ENV_FONT_PATH = "DESK_FONT_PATH"
CID_FALLBACK = "STSong-Light"
#: Characters every ticket uses; a font lacking any of them would print boxes.
PROBE_TEXT = "政务服务中心您前面还有人号预计等候分钟"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")

#: System font files known to carry TrueType CJK outlines, best first.
SYSTEM_FONT_NAMES = (
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "simhei.ttf",
    "msyh.ttc",
    "msyh.ttf",
    "simsun.ttc",
    "Deng.ttf",
    "ukai.ttc",
    "uming.ttc",
)


def system_font_dirs() -> tuple[Path, ...]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home))
        return (windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts")
    if sys.platform == "darwin":
        return (Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts")
    return (
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    )


@dataclass(frozen=True)
class FontChoice:
    """The font in use: its reportlab name, the file (None for the CID font) and why."""

    name: str
    path: Path | None
    source: str  # configured | shipped | system | builtin
    refused: Path | None = None  # a configured font that could not be used

    def notice(self) -> DeskError | None:
        """What to tell the administrator about the choice (None when all is as configured)."""
        if self.refused is not None:
            return DeskError("print.font_fallback", path=str(self.refused), font=self.label)
        if self.source == "builtin":
            return DeskError("print.no_cjk_font", font=self.name)
        return None

    @property
    def label(self) -> str:
        return self.path.name if self.path is not None else self.name


# --- reading the file header -------------------------------------------------------------

_TRUETYPE_TAGS = (b"\x00\x01\x00\x00", b"true")


def sfnt_tag(path: Path) -> bytes:
    """The outline tag of the (first) font in a .ttf/.otf/.ttc: TrueType or ``OTTO`` (CFF)."""
    with path.open("rb") as handle:
        head = handle.read(16)
        if head[:4] != b"ttcf":
            return head[:4]
        first = int.from_bytes(head[12:16], "big")
        handle.seek(first)
        return handle.read(4)


def has_truetype_outlines(path: Path) -> bool:
    """True for glyf-based fonts reportlab can embed; False for CFF (Noto CJK) or junk."""
    try:
        return path.is_file() and sfnt_tag(path) in _TRUETYPE_TAGS
    except OSError:
        return False


# --- candidates, in order ----------------------------------------------------------------


def shipped_fonts() -> list[Path]:
    folder = resource("fonts")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def find_system_fonts(
    dirs: Iterable[Path] | None = None, names: Iterable[str] = SYSTEM_FONT_NAMES
) -> list[Path]:
    """Known CJK font files under the system font folders, in the order of ``names``."""
    found: dict[str, Path] = {}
    wanted = {name.lower(): name for name in names}
    for folder in dirs if dirs is not None else system_font_dirs():
        for path in _walk_fonts(folder):
            key = path.name.lower()
            if key in wanted and key not in found:
                found[key] = path
    return [found[n.lower()] for n in names if n.lower() in found]


def _walk_fonts(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.lower().endswith(FONT_SUFFIXES):
                yield Path(root) / name


def candidates(
    path: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    system_dirs: Iterable[Path] | None = None,
) -> list[tuple[Path, str]]:
    """Every font file to try, best first, each with where it came from."""
    env = os.environ if environ is None else environ
    configured = path or env.get(ENV_FONT_PATH) or None
    result: list[tuple[Path, str]] = []
    if configured:
        result.append((Path(configured).expanduser(), "configured"))
    result += [(p, "shipped") for p in shipped_fonts()]
    result += [(p, "system") for p in find_system_fonts(system_dirs)]
    return result


# --- registration ------------------------------------------------------------------------


def _registered_name(path: Path) -> str:
    digest = hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False).hexdigest()
    return f"DeskCJK-{path.stem}-{digest[:6]}"


def covers(font: TTFont, text: str = PROBE_TEXT) -> bool:
    char_to_glyph: Mapping[int, int] = font.face.charToGlyph
    return all(char_to_glyph.get(ord(ch), 0) != 0 for ch in text)


def try_register(path: Path) -> str | None:
    """Register ``path`` with reportlab; its font name, or None (and a log line) if unusable."""
    if not has_truetype_outlines(path):
        log.info("font %s: missing, unreadable or CFF-based (not embeddable); skipped", path)
        return None
    name = _registered_name(path)
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, KeyError) as exc:
        log.warning("font %s cannot be used by reportlab: %s", path, exc)
        return None
    if not covers(font):
        log.warning("font %s lacks Chinese glyphs; skipped", path)
        return None
    pdfmetrics.registerFont(font)
    return name


def _builtin() -> FontChoice:
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    log.warning("no TrueType CJK font found; using %s (not embedded)", CID_FALLBACK)
    return FontChoice(CID_FALLBACK, None, "builtin")


def discover(
    path: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    system_dirs: Iterable[Path] | None = None,
) -> FontChoice:
    """Walk the candidates and register the first that works (uncached: use resolve_font)."""
    refused: Path | None = None
    for candidate, source in candidates(path, environ, system_dirs):
        name = try_register(candidate)
        if name is not None:
            return FontChoice(name, candidate, source, refused)
        if source == "configured":
            log.warning("configured font %s is not usable; falling back", candidate)
            refused = candidate
    return replace(_builtin(), refused=refused)


_cache: dict[str, FontChoice] = {}
_lock = threading.Lock()


def resolve_font(path: str | os.PathLike[str] | None = None) -> FontChoice:
    """The font for slips, discovered and registered once per configured path."""
    key = str(path or os.environ.get(ENV_FONT_PATH) or "")
    with _lock:
        choice = _cache.get(key)
        if choice is None:
            choice = _cache[key] = discover(path)
        return choice


def clear_cache() -> None:
    """Forget earlier choices (tests, or after the configuration changed)."""
    with _lock:
        _cache.clear()


def cjk_font_name(path: str | os.PathLike[str] | None = None) -> str:
    """The reportlab font name to draw Chinese with."""
    return resolve_font(path).name


def cjk_font_file(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The TrueType file in use (for Qt to load too), or None with the built-in CID font."""
    return resolve_font(path).path
