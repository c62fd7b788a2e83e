"""Catalogue files on disk: JSON, CSV and XLSX (openpyxl), read and written.

Only bytes and cells here; the layouts are core.catalogue_layout / core.catalogue_json and the
checks core.catalogue_rows. Reading never raises on a bad file: whatever is wrong comes back
as problems (a GBK file from Excel, broken JSON, a workbook that is not one), so the import
can list them together with the row problems. Only a file that cannot be opened at all, or a
format that cannot be told, is a DeskError at once.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desk_client.core.catalogue import ServiceItem
from desk_client.core.catalogue_cells import Raw
from desk_client.core.catalogue_json import catalogue_document, json_catalogue
from desk_client.core.catalogue_layout import (
    NumberedRows,
    csv_catalogue,
    csv_table,
    sheet_catalogue,
    sheet_tables,
)
from desk_client.core.catalogue_rows import Catalogue, RowProblem, Where, problem
from desk_client.core.errors import DeskError

FORMATS = ("json", "csv", "xlsx")
Row = Sequence[Raw]
#: Python's default (128 KiB) would refuse a long legal basis in one cell; this still bounds
#: memory. The limit is process-wide in the csv module, so it is raised only while a
#: catalogue is read (see _long_cells) and other CSV readers keep the default.
FIELD_LIMIT = 1 << 20


@contextmanager
def _long_cells() -> Iterator[None]:
    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format asked for, else the file's suffix; refused when neither says."""
    found = (fmt or Path(path).suffix.lstrip(".")).lower()
    if found not in FORMATS:
        raise DeskError("catalogue.unknown_format", file=str(path))
    return found


def read_catalogue(path: str | Path, fmt: str | None = None) -> Catalogue:
    kind = format_of(path, fmt)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DeskError("catalogue.file_unreadable", file=str(path), detail=exc.strerror) from exc
    return parse_catalogue(data, kind)


def parse_catalogue(data: bytes, fmt: str) -> Catalogue:
    """Bytes of a file in ``fmt`` -> raw items and the problems of the file's layout."""
    if not data.strip():
        return _fails(problem(Where(), "", "", "catalogue.empty_file"))
    if fmt == "xlsx":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _fails(problem(Where(), "", "", "catalogue.not_utf8"))
    return _read_json(text) if fmt == "json" else _read_csv(text)


def _fails(found: RowProblem) -> Catalogue:
    return Catalogue(problems=(found,))


def _read_json(text: str) -> Catalogue:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        params = {"line": exc.lineno, "column": exc.colno, "detail": exc.msg}
        return _fails(problem(Where(), "", "", "catalogue.bad_json", **params))
    except RecursionError:  # nested ten thousand deep: not a catalogue
        return _fails(problem(Where(), "", "", "catalogue.bad_header"))
    return json_catalogue(data)


def _read_csv(text: str) -> Catalogue:
    """Rows numbered as a spreadsheet shows them (header = 1), blank ones skipped.

    Not physical lines: a cell may hold line breaks (the packed steps and grounds do), and
    the file is edited in Excel or WPS, where one record is one row.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, Row]] = []
    number = 0
    try:
        with _long_cells():
            for number, row in enumerate(reader, start=1):
                if any(cell.strip() for cell in row):
                    rows.append((number, row))
    except csv.Error as exc:
        where = Where(line=number + 1)
        return _fails(problem(where, "", "", "catalogue.bad_csv", detail=str(exc)))
    return csv_catalogue(rows)


def _cell(value: object) -> Raw:
    """A typed spreadsheet cell as the row reader takes it (dates become their text)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return value


def _read_xlsx(data: bytes) -> Catalogue:
    try:
        sheets = _sheets(data)
    # openpyxl fails on a damaged or foreign file in many ways (zip, XML, KeyError, ValueError
    # ...); every one of them means the same to the person importing: not a readable workbook.
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"[:200]
        return _fails(problem(Where(), "", "", "catalogue.bad_xlsx", detail=detail))
    return sheet_catalogue(sheets)


def _sheets(data: bytes) -> dict[str, NumberedRows]:
    """Every sheet's rows with their numbers (values as Excel last computed them)."""
    from openpyxl import load_workbook  # ~0.2 s to import; only imports and exports need it

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {
            sheet.title: [
                (number, [_cell(v) for v in row])
                for number, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
            ]
            for sheet in book.worksheets
        }
    finally:
        book.close()


# -- writing -------------------------------------------------------------------------------


def write_catalogue(path: str | Path, items: Sequence[ServiceItem], fmt: str | None = None) -> int:
    """Write ``items`` in the format asked for (or the suffix's); returns how many."""
    kind = format_of(path, fmt)
    writers: dict[str, Callable[[Sequence[ServiceItem]], bytes]] = {
        "json": json_bytes,
        "csv": csv_bytes,
        "xlsx": xlsx_bytes,
    }
    _replace_file(Path(path), writers[kind](items))
    return len(items)


def json_bytes(items: Iterable[ServiceItem]) -> bytes:
    text = json.dumps(catalogue_document(items), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def csv_bytes(items: Iterable[ServiceItem]) -> bytes:
    """UTF-8 with a BOM: without it Excel on a Chinese Windows opens the file as GBK."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(csv_table(items))
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(items: Sequence[ServiceItem]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheet_tables(items).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        _as_text(sheet)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(sheet: object) -> None:
    """A text starting with = is text, not a formula (a legal basis may well start so)."""
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _replace_file(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failed export leaves the old file whole."""
    temp = ""
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # mkstemp makes it private; an export is for others to read
        os.replace(temp, path)
    except OSError as exc:
        if temp:
            Path(temp).unlink(missing_ok=True)
        raise DeskError("catalogue.file_unwritable", file=str(path), detail=exc.strerror) from exc
