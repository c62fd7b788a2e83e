"""PDF pages to RGBA pixels with pypdfium2, for the preview and for printing through Qt.

The ui wraps each page in a QImage (Format_RGBA8888); tests look at the pixels. pdfium is not
thread-safe, so one lock serialises every call into it (front ends render off the GUI thread).
"""

from __future__ import annotations

import struct
import threading
import zlib

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from desk_client.core.errors import DeskError

_lock = threading.Lock()
WHITE = (255, 255, 255, 255)


def rasterize(pdf: bytes, dpi: int) -> list[tuple[int, int, bytes]]:
    """Every page of ``pdf`` at ``dpi``: (width, height, RGBA bytes, rows packed, no padding).

    Bytes that are not a PDF raise DeskError("print.unreadable_pdf").
    """
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    with _lock:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise DeskError("print.unreadable_pdf", detail=str(exc)) from exc
        try:
            return [_render_page(document[index], dpi) for index in range(len(document))]
        finally:
            document.close()


def _render_page(page: pdfium.PdfPage, dpi: int) -> tuple[int, int, bytes]:
    try:
        bitmap = page.render(
            scale=dpi / 72,
            force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
            rev_byteorder=True,  # BGRA -> RGBA
            fill_color=WHITE,
        )
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        raw = bytes(bitmap.buffer)
        bitmap.close()
    finally:
        page.close()
    row = width * 4
    if stride == row:
        return width, height, raw
    return width, height, b"".join(raw[y * stride : y * stride + row] for y in range(height))


def png_bytes(width: int, height: int, rgba: bytes) -> bytes:
    """A PNG of the RGBA pixels (stdlib only), to save or attach a preview without Qt."""
    rows = b"".join(b"\x00" + rgba[y * width * 4 : (y + 1) * width * 4] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"IDAT", zlib.compress(rows, 6)),
            chunk(b"IEND", b""),
        )
    )
