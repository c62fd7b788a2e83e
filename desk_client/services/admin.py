"""Setting up the databases: migrations, first start of the embedded store, the demo hall."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Connection

from desk_client.core.passwords import hash_password
from desk_client.services.context import Context
from desk_client.store import db, hall


class AdminService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def init_db(self) -> None:
        """alembic upgrade head on the central database and on this PC's local store."""
        # Imported here: alembic costs ~0.9 s to import and only setup needs it.
        from desk_client.store import migrate

        migrate.upgrade(self._ctx.engine, "central")
        local = self._ctx.config.local_store
        if local:
            url = local if "://" in local else f"sqlite:///{local}"
            migrate.upgrade(url, "local")
        self._ctx.forget_hall()

    def ensure_ready(self, seed_demo_if_new: bool) -> bool:
        """Embedded SQLite, first start: migrate and (if asked) seed. True when it seeded."""
        if self._ctx.backend == "sqlite":
            self.init_db()
        if not seed_demo_if_new or self._hall_exists():
            return False
        self.seed_demo()
        return True

    def _hall_exists(self) -> bool:
        def work(conn: Connection) -> bool:
            return hall.hall_by_code(conn, self._ctx.config.hall_code) is not None

        return self._ctx.read(work)

    def seed_demo(self) -> str:
        """Create the demo hall (idempotent); returns a summary to print."""
        from desk_client.services.catalogue import demo_catalogue
        from desk_client.store import seed

        if self._hall_exists():
            return f"hall {self._ctx.config.hall_code} already exists; nothing seeded"
        passwords = seed.staff_passwords()
        with ThreadPoolExecutor(max_workers=4) as pool:  # scrypt is slow on purpose
            hashes = dict(zip(passwords, pool.map(hash_password, passwords.values()), strict=True))
        catalogue = demo_catalogue([code for code, _, _ in seed.CATEGORIES])
        with db.write(self._ctx.engine) as conn:
            hall_id = seed.seed_hall(
                conn, self._ctx.config.hall_code, self._ctx.config.timezone, hashes
            )
            count = seed.seed_appointments(conn, hall_id, self._ctx.today(), self._ctx.zone)
            catalogue.write(conn, hall_id)
            shifts = seed.seed_roster(conn, hall_id, self._ctx.today(), self._ctx.now())
        self._ctx.forget_hall()
        accounts = ", ".join(f"{no}/{pw}" for no, pw in passwords.items())
        return (
            f"hall {self._ctx.config.hall_code} ({seed.HALL_NAME}): 3 categories, "
            f"{len(seed.WINDOWS)} windows, {len(passwords)} staff ({accounts}), "
            f"{count} appointments (YY0001-YY{count:04d}), {len(catalogue.items)} catalogue items, "
            f"{shifts} weekend shifts"
        )
