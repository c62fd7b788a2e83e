"""Announcer: "请A001号到3号窗口办理" spoken by a local engine, or a chime.

QtTextToSpeech with a local engine only (never an online service): the named engine if
given (tests use "mock"), else the first engine that initialises and has a Chinese voice,
else one with any voice. With no working engine a chime (resources/sounds/chime.wav) plays
through QSoundEffect. Both are asynchronous: ``announce`` never blocks the GUI thread.
QtTextToSpeech and QtMultimedia are imported here only, when the first announcer is built,
so a window that never speaks does not pay for loading them.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal

from desk_client.resources import resource
from desk_client.ui.i18n import tr

log = logging.getLogger(__name__)
LOCAL_ENGINES = ("speechd", "flite", "espeak", "mock")
OPEN_DELAY_MS = 300


def _ready(engine: Any) -> bool:
    from PySide6.QtTextToSpeech import QTextToSpeech

    return bool(engine.state() != QTextToSpeech.State.Error and engine.availableVoices())


def _pick_voice(engine: Any, language: str) -> None:
    """Prefer a voice of the program's language (Chinese first)."""
    wanted = QLocale.Language.English if language.startswith("en") else QLocale.Language.Chinese
    for locale in engine.availableLocales():
        if locale.language() == wanted:
            engine.setLocale(locale)
            return


def _has_language(engine: Any, language: QLocale.Language) -> bool:
    return any(locale.language() == language for locale in engine.availableLocales())


def open_engine(name: str | None, language: str) -> Any | None:
    """A ready QTextToSpeech (``name``, or the best local one), or None."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    available = [e for e in QTextToSpeech.availableEngines() if e in LOCAL_ENGINES]
    names = [name] if name else [e for e in available if e != "mock"]
    ready = []
    for candidate in names:
        engine = QTextToSpeech(candidate)
        if _ready(engine):
            ready.append(engine)
    if not ready:
        return None
    chinese = [e for e in ready if _has_language(e, QLocale.Language.Chinese)]
    engine = (chinese or ready)[0]
    _pick_voice(engine, language)
    return engine


class Announcer(QObject):
    """Speaks call announcements; ``announced`` carries each sentence (and the backend)."""

    announced = Signal(str)

    def __init__(
        self, language: str = "zh_CN", engine: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._language = language
        self._engine_name = engine
        self._opened = False
        self._speech: Any = None
        self._chime: Any = None
        self.last_sentence = ""
        # Loading QtTextToSpeech takes a moment: do it once the first window has painted.
        QTimer.singleShot(OPEN_DELAY_MS, self.open)

    def open(self) -> None:
        """Pick the engine (or the chime); runs once, at the latest on the first call."""
        if self._opened:
            return
        self._opened = True
        self._speech = open_engine(self._engine_name, self._language)
        if self._speech is None:
            self._chime = self._open_chime()

    @property
    def backend(self) -> str:
        self.open()
        if self._speech is not None:
            return f"tts:{self._speech.engine()}"
        return "chime" if self._chime is not None else "silent"

    def sentence(self, number: str, window: int) -> str:
        return tr("voice.call", self._language, number=number, window=window)

    def announce(self, number: str, window: int) -> str:
        self.open()
        text = self.sentence(number, window)
        self.last_sentence = text
        if self._speech is not None:
            self._speech.say(text)
        elif self._chime is not None:
            self._chime.play()
        self.announced.emit(text)
        return text

    def _open_chime(self) -> Any:
        path = resource("sounds", "chime.wav")
        if not path.is_file():
            log.warning("no speech engine and no %s: calls are silent", path)
            return None
        from PySide6.QtMultimedia import QSoundEffect

        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        return effect
