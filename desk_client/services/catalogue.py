"""CatalogueService: the hall's service catalogue (办事指南), imported, exported and searched.

The catalogue is mastered centrally per hall: ``desk-admin catalogue import`` checks the whole
file first (every problem, with its place) and then replaces the hall's catalogue in ONE
central transaction, so a file with any error changes nothing. Every PC keeps a copy in its
local store, refreshed after a sync when ``halls.catalogue_version`` moved
(:func:`refresh_cache`), so the item picker works while the central database is away. The
picker's search keys (pinyin included) are built once per cached version and held in memory:
a keystroke only compares strings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.engine import Connection

from desk_client.core.catalogue import ServiceItem
from desk_client.core.catalogue_rows import checked_items
from desk_client.core.errors import DeskError
from desk_client.resources import resource
from desk_client.services import catalogue_files
from desk_client.services.context import Context
from desk_client.store import catalogue_repo, db, hall, local_cache, local_catalogue
from desk_client.store.db import UNREACHABLE
from desk_client.store.local import LocalStore

if TYPE_CHECKING:
    from desk_client.core.search import SearchKeys

R = TypeVar("R")
Keyed = tuple[tuple[ServiceItem, "SearchKeys"], ...]


@dataclass(frozen=True)
class ImportReport:
    items: int
    materials: int
    version: int  # the hall's catalogue_version after the import


# core.search is imported where it is used: pypinyin costs ~0.17 s, and a window opens
# before anyone searches.


def stored_initials(item: ServiceItem) -> str:
    """What service_items.initials keeps: the name's and the department's pinyin initials."""
    from desk_client.core.search import initials

    return f"{initials(item.name)} {initials(item.department)}"


def keyed(items: Sequence[ServiceItem]) -> Keyed:
    from desk_client.core.search import search_keys

    return tuple((item, search_keys(item.code, item.name, item.department)) for item in items)


def rank_items(query: str, found: Keyed, limit: int) -> tuple[ServiceItem, ...]:
    """Best first: code, name, pinyin initials (gjj), department, full pinyin."""
    from desk_client.core.search import rank_all

    return tuple(rank_all(query, found, limit))


@dataclass(frozen=True)
class PreparedCatalogue:
    """A checked file, ready to replace a hall's catalogue inside a write transaction."""

    items: tuple[ServiceItem, ...]
    initials: Mapping[str, str]

    def write(self, conn: Connection, hall_id: int) -> int:
        """Replace the hall's catalogue (in the caller's transaction); the new version."""
        return catalogue_repo.replace_catalogue(conn, hall_id, self.items, self.initials)

    def report(self, version: int) -> ImportReport:
        materials = sum(len(item.materials) for item in self.items)
        return ImportReport(len(self.items), materials, version)


def prepare(
    path: str | Path, categories: Collection[str] | None, fmt: str | None = None
) -> PreparedCatalogue:
    """Read and check a whole file; CatalogueInvalidError lists every problem in it."""
    items = checked_items(catalogue_files.read_catalogue(path, fmt), categories)
    return PreparedCatalogue(items, {item.code: stored_initials(item) for item in items})


def demo_catalogue(categories: Collection[str]) -> PreparedCatalogue:
    """The demo hall's catalogue (resources/catalogue/demo.json), checked."""
    return prepare(resource("catalogue", "demo.json"), categories)


def _hall_id(conn: Connection, code: str) -> int:
    row = hall.hall_by_code(conn, code)
    if row is None:
        raise DeskError("hall.not_found", hall=code)
    return int(row.id)


def refresh_cache(ctx: Context, local: LocalStore, hall_code: str | None = None) -> bool:
    """Copy the hall's catalogue into this PC's cache if its version moved; True if it did.

    Called after every successful sync (like services.directory.refresh). The version is
    read before the items: should an import commit in between, the cache holds newer items
    under the older version and the next sync simply copies again; the other order could
    keep old items under the new version for good.
    """
    code = hall_code or ctx.config.hall_code

    def version(conn: Connection) -> int:
        return catalogue_repo.catalogue_version(conn, _hall_id(conn, code))

    if ctx.read(version) == local_catalogue.cached_version(local, code):
        return False

    def entries(conn: Connection) -> tuple[int, list[tuple[ServiceItem, str]]]:
        hall_id = _hall_id(conn, code)
        found = catalogue_repo.catalogue_version(conn, hall_id)
        return found, catalogue_repo.load_entries(conn, hall_id)

    found, pairs = ctx.read(entries)
    items = [item for item, _ in pairs]
    stored = {item.code: text for item, text in pairs}
    local_catalogue.replace_cache(local, code, found, items, stored, now=ctx.now())
    return True


class CatalogueService:
    """``local``: this PC's store (the sync service's); by default the configured file."""

    def __init__(self, ctx: Context, local: Callable[[], LocalStore] | None = None) -> None:
        self._ctx = ctx
        self._local = local
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[int, Keyed]] = {}

    # -- central: import, export, read ---------------------------------------------------

    def import_file(
        self, path: str | Path, hall_code: str | None = None, fmt: str | None = None
    ) -> ImportReport:
        """Check the whole file, then replace the hall's catalogue in one transaction.

        Refused with core.catalogue_rows.CatalogueInvalidError (``problems``: every bad row
        with its line, field and reason) when anything is wrong; then nothing is written.
        """
        code = hall_code or self._ctx.config.hall_code
        categories = self._read(lambda conn: self._category_codes(conn, code))
        prepared = prepare(path, categories, fmt)
        with db.write(self._ctx.engine) as conn:
            version = prepared.write(conn, _hall_id(conn, code))
        return prepared.report(version)

    @staticmethod
    def _category_codes(conn: Connection, code: str) -> frozenset[str]:
        return frozenset(str(row.code) for row in hall.hall_categories(conn, _hall_id(conn, code)))

    def export_file(
        self, path: str | Path, fmt: str | None = None, hall_code: str | None = None
    ) -> int:
        """Write the hall's catalogue as JSON, CSV or XLSX; returns the number of items."""
        catalogue_files.format_of(path, fmt)  # refuse a bad name before reading anything
        return catalogue_files.write_catalogue(path, self.items(hall_code), fmt)

    def items(self, hall_code: str | None = None) -> tuple[ServiceItem, ...]:
        """The hall's catalogue as the central database holds it, in the imported order."""
        code = hall_code or self._ctx.config.hall_code
        return tuple(self._read(lambda c: catalogue_repo.load_items(c, _hall_id(c, code))))

    def version(self, hall_code: str | None = None) -> int:
        code = hall_code or self._ctx.config.hall_code
        return self._read(lambda c: catalogue_repo.catalogue_version(c, _hall_id(c, code)))

    def _read(self, work: Callable[[Connection], R]) -> R:
        with db.read(self._ctx.engine) as conn:
            return work(conn)

    # -- this PC's copy: the picker ------------------------------------------------------

    def refresh_cache(self, local: LocalStore | None = None) -> bool:
        """Bring this PC's copy up to the central version (True if it changed)."""
        if local is not None:
            return refresh_cache(self._ctx, local)
        with self._local_store() as store:
            return refresh_cache(self._ctx, store)

    def cached_items(self, hall_code: str | None = None) -> tuple[ServiceItem, ...]:
        """This PC's copy of the catalogue (works offline), in the imported order."""
        return tuple(item for item, _ in self._keyed(hall_code))

    def item(self, code: str, hall_code: str | None = None) -> ServiceItem:
        wanted = code.strip()
        for item, _ in self._keyed(hall_code):
            if item.code == wanted:
                return item
        raise DeskError("catalogue.item_not_found", code=wanted)

    def search(
        self, query: str, limit: int = 50, hall_code: str | None = None
    ) -> tuple[ServiceItem, ...]:
        """Best first: code, name, pinyin initials (gjj), department, full pinyin."""
        return rank_items(query, self._keyed(hall_code), limit)

    def _keyed(self, hall_code: str | None) -> Keyed:
        code = hall_code or self._ctx.config.hall_code
        if self._local is None and not self._ctx.config.local_store:
            # No local store (desk-admin, a kiosk): the central catalogue, same memo.
            return self._memoised(code, self.version(code), lambda: self.items(code))
        with self._local_store() as local:
            version = local_catalogue.cached_version(local, code)
            if version is None:
                version = self._first_fill(local, code)
            return self._memoised(code, version, lambda: local_catalogue.load_cached(local, code))

    def _memoised(
        self, code: str, version: int, load: Callable[[], Sequence[ServiceItem]]
    ) -> Keyed:
        """The keys of ``version`` (pinyin costs ~0.1 ms an item: once per version only)."""
        with self._lock:
            memo = self._memo.get(code)
        if memo is not None and memo[0] == version:
            return memo[1]
        found = keyed(load())
        with self._lock:
            self._memo[code] = (version, found)
        return found

    def _first_fill(self, local: LocalStore, code: str) -> int:
        """A PC that never synced copies the catalogue now, or says it has none yet."""
        try:
            refresh_cache(self._ctx, local, code)
        except DeskError as exc:
            if exc.code in UNREACHABLE:
                raise DeskError("catalogue.not_cached") from exc
            raise
        return local_catalogue.cached_version(local, code) or 0

    @contextmanager
    def _local_store(self) -> Iterator[LocalStore]:
        if self._local is not None:
            yield self._local()
            return
        with local_cache.opened(self._ctx.config.local_store) as local:
            yield local
