"""QR codes drawn as vector shapes inside the PDF (sharp at any printer resolution).

The `qrcode` library computes the module matrix; each row's dark runs become rectangles of
one filled path. That is about ten times faster than reportlab's QR widget (which encodes
twice and draws every module as its own shape) and keeps the PDF small. The quiet zone is two
modules: the slip's white paper around the code supplies the rest, and a smaller border
leaves larger modules for worn kiosk scanners.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.shapes import Drawing, Path
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

QUIET_MODULES = 2


def qr_matrix(payload: str) -> list[list[bool]]:
    """The dark (True) and light modules, without the quiet zone, row 0 at the top.

    Error correction M (15 %) survives a crease or a smudge of thermal paper.
    """
    if not payload:
        raise ValueError("a QR code needs a payload")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_modules(text: str, border: int = QUIET_MODULES) -> tuple[str, ...]:
    """The code as rows of "1" (dark) and "0" (light), ``border`` light modules around it.

    The same modules as the printed code (error correction M), for a screen to paint one
    crisp square per module at any size instead of scaling a bitmap.
    """
    if border < 0:
        raise ValueError(f"a quiet zone cannot be negative: {border}")
    matrix = qr_matrix(text)
    blank = "0" * (len(matrix) + 2 * border)
    rows = [
        "0" * border + "".join("1" if dark else "0" for dark in row) + "0" * border
        for row in matrix
    ]
    return (*[blank] * border, *rows, *[blank] * border)


def dark_runs(row: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """(start, length) of every run of dark modules in ``row``."""
    start = None
    for index, dark in enumerate([*row, False]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            yield start, index - start
            start = None


Rect = tuple[float, float, float, float]  # x, y (bottom left), width, height


def qr_rects(payload: str, size_pt: float) -> list[Rect]:
    """The dark runs of the code as rectangles in a ``size_pt`` square, origin bottom left."""
    matrix = qr_matrix(payload)
    module = size_pt / (len(matrix) + 2 * QUIET_MODULES)
    rects: list[Rect] = []
    for row_index, row in enumerate(matrix):
        y = size_pt - (row_index + QUIET_MODULES + 1) * module
        for start, length in dark_runs(row):
            rects.append(((start + QUIET_MODULES) * module, y, length * module, module))
    return rects


def qr_drawing(payload: str, size_pt: float) -> Drawing:
    """A square Drawing of ``size_pt`` points (quiet zone included) encoding ``payload``."""
    path = Path(fillColor=black, strokeColor=None, strokeWidth=0)
    for x, y, width, height in qr_rects(payload, size_pt):
        path.moveTo(x, y)
        path.lineTo(x + width, y)
        path.lineTo(x + width, y + height)
        path.lineTo(x, y + height)
        path.closePath()
    drawing = Drawing(size_pt, size_pt)
    drawing.add(path)
    return drawing


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size_pt: float) -> None:
    """Draw the code straight onto a canvas at (x, y), bottom left, as one filled path.

    Slips use this rather than rendering the Drawing: renderPDF would add an unused Helvetica
    to the page's font resources.
    """
    path = canvas.beginPath()
    for left, bottom, width, height in qr_rects(payload, size_pt):
        path.rect(x + left, y + bottom, width, height)
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
