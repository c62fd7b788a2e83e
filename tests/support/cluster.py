"""A private PostgreSQL 15 cluster for one test: initdb + pg_ctl on a free loopback port.

The tests run as root and initdb refuses root, so every server command runs as the postgres
user (``runuser -u postgres --``) in a directory chowned to it. That directory is made with
mkdtemp directly under the system temp folder: pytest's tmp_path lies under a 0700 root
folder the postgres user cannot enter. ``stop("immediate")`` is a crash (no checkpoint; the
restart replays the WAL). ``destroy()`` always stops the server and removes the folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
USER = "postgres"


def available() -> str | None:
    """Why a private cluster cannot run here, or None."""
    if not (BIN / "initdb").exists():
        return f"no PostgreSQL 15 binaries in {BIN}"
    if shutil.which("runuser") is None or os.geteuid() != 0:
        return "needs root and runuser to start a cluster as the postgres user"
    try:
        pwd.getpwnam(USER)
    except KeyError:
        return f"no {USER} user"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="desk-pg-"))
        account = pwd.getpwnam(USER)
        os.chown(self.root, account.pw_uid, account.pw_gid)
        self.data = self.root / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.running = False

    def _as_postgres(self, *argv: str, timeout: float = 60) -> None:
        done = subprocess.run(
            ["runuser", "-u", USER, "--", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=self.root,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr[-800:]}")

    def init(self) -> None:
        initdb = str(BIN / "initdb")
        self._as_postgres(initdb, "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on"
        log = str(self.root / "server.log")
        self._as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-w",
                          "-t", "60", "-o", options, "start")  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def destroy(self) -> None:
        try:
            if self.running:
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
