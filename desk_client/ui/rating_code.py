"""The rating code on the customer screen (评价二维码): a crisp QR beside 请对本次服务评价.

QrCodeView paints RatingCode.qr (rows of "1"/"0", the quiet zone included) with a whole
number of pixels per module, so every module edge falls on a pixel at any widget size: a
phone camera reads it across the counter, where a scaled bitmap would blur. RatingCodePanel
is what the customer screen shows after a visit: the code, 请扫码评价, 请对本次服务评价, the
expiry, and that the rating is made on the citizen's own phone. It goes after CODE_SHOW_MS
or when the screen shows the next number, and says only "thank you" when no code could be
made (the hall's secret unreachable).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from desk_client.services.dto_ratings import RatingCode
from desk_client.ui.i18n import Labels
from desk_client.ui.widgets import label

#: How long a code stays up when nobody is called next (a few minutes to scan it).
CODE_SHOW_MS = 5 * 60 * 1000
DARK, LIGHT = QColor("#000000"), QColor("#ffffff")


def dark_runs(row: str) -> list[tuple[int, int]]:
    """(start, length) of every run of "1" in a row of modules."""
    runs: list[tuple[int, int]] = []
    start = -1
    for index, module in enumerate(row + "0"):
        if module == "1" and start < 0:
            start = index
        elif module != "1" and start >= 0:
            runs.append((start, index - start))
            start = -1
    return runs


class QrCodeView(QWidget):
    """Paints QR modules square and centred, on white, whole pixels per module."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[str, ...] = ()
        self.setMinimumSize(160, 160)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_modules(self, rows: tuple[str, ...]) -> None:
        self._rows = rows
        self.update()

    def modules(self) -> tuple[str, ...]:
        return self._rows

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width

    def geometry_of_code(self) -> tuple[int, int, int]:
        """(left, top, pixels per module) of the code inside this widget."""
        count = max(1, len(self._rows))
        module = max(1, min(self.width(), self.height()) // count)
        side = module * count
        return (self.width() - side) // 2, (self.height() - side) // 2, module

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            if not self._rows:
                return
            left, top, module = self.geometry_of_code()
            side = module * len(self._rows)
            painter.fillRect(QRect(left, top, side, side), LIGHT)
            for number, row in enumerate(self._rows):
                y = top + number * module
                for start, length in dark_runs(row):
                    painter.fillRect(QRect(left + start * module, y, length * module, module), DARK)
        finally:
            painter.end()


class RatingCodePanel(QFrame):
    """The code and its words; ``shown`` says when it appears (True) or goes (False)."""

    shown = Signal(bool)

    def __init__(self, labels: Labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = labels
        self.code: RatingCode | None = None
        self.qr = QrCodeView()
        self.scan = label(labels("rating.scan"), 44, bold=True)
        self.scan.setStyleSheet("color: #f4d35e;")
        self.invite = label(labels("rating.invite"), 30)
        self.expires = label("", 18)
        self.private = label(labels("rating.private"), 16)
        self.private.setStyleSheet("color: #cfe0f1;")
        self.private.setWordWrap(True)
        self._build()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CODE_SHOW_MS)
        self.timer.timeout.connect(self.clear)
        self.hide()

    def _build(self) -> None:
        """The code on the left, its words on the right, centred in height."""
        words = QVBoxLayout()
        words.addStretch(1)
        for widget in (self.scan, self.invite, self.expires, self.private):
            words.addWidget(widget)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(36)
        layout.addWidget(self.qr, 3)
        layout.addLayout(words, 4)

    def show_code(self, code: RatingCode, zone: ZoneInfo) -> None:
        self.code = code
        self.qr.set_modules(code.qr)
        expires = code.expires_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        self.expires.setText(self.t("rating.expires", time=expires))
        self._set_parts(True)
        self._appear()

    def show_thanks(self) -> None:
        """No code could be made: only the thanks, never an error, faces the citizen."""
        self.code = None
        self.qr.set_modules(())
        self.scan.setText(self.t("rating.thanks"))
        self._set_parts(False)
        self._appear()

    def _set_parts(self, with_code: bool) -> None:
        if with_code:
            self.scan.setText(self.t("rating.scan"))
        for widget in (self.qr, self.invite, self.expires, self.private):
            widget.setVisible(with_code)

    def _appear(self) -> None:
        self.timer.start()
        self.show()
        self.shown.emit(True)

    def clear(self) -> None:
        self.timer.stop()
        was_up = self.code is not None or not self.isHidden()
        self.code = None
        self.hide()
        if was_up:
            self.shown.emit(False)

    @property
    def showing(self) -> bool:
        return not self.isHidden()
