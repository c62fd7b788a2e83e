"""A reportlab canvas that knows the page count while it draws each page's furniture.

reportlab draws page by page and only knows how many pages there are at the end. So this
canvas holds every page's state until ``save``, then draws each one's furniture (the notice's
第 N 页 共 M 页, the report's footer) with the total known. Subclasses draw in ``_furniture``.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas


class PagedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for index, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture(index, total)
            super().showPage()
        super().save()

    def _furniture(self, page: int, total: int) -> None:
        raise NotImplementedError
