"""desk-rating: serve the citizen's rating page with uvicorn.

The configuration is read like desk-client's (--config, $DESK_CONFIG, the user config dir;
DESK_<SECTION>_<KEY> overrides). --host, --port and --workers override ``[rating]``. A broken
configuration is refused before anything listens, with the message that names the file, line
and key.

Each uvicorn worker builds its own application through :func:`app_from_environment`, so the
config path travels to the workers in $DESK_CONFIG.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace

import uvicorn
from starlette.applications import Starlette

from desk_client.config import SCHEMA, Config, ConfigError, load_config

EXIT_CONFIG = 2


def _checked_int(key: str) -> Callable[[str], int]:
    """An argparse type holding a flag to the check of its ``[rating]`` key."""
    check = SCHEMA[("rating", key)][2]

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        problem = check(value) if check else None
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="desk-rating", description="好差评评价页面服务")
    parser.add_argument("--config", help="configuration file (TOML)")
    parser.add_argument("--host", help="address to listen on ([rating] listen_host)")
    parser.add_argument(
        "--port", type=_checked_int("listen_port"), help="port ([rating] listen_port)"
    )
    parser.add_argument(
        "--workers", type=_checked_int("workers"), help="processes ([rating] workers)"
    )
    parser.add_argument(
        "--access-log", action="store_true", help="log every request (off: addresses are kept)"
    )
    return parser.parse_args(argv)


def _configure(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    if args.host:
        config = replace(config, rating_listen_host=args.host)
    if args.port is not None:
        config = replace(config, rating_listen_port=args.port)
    if args.workers is not None:
        config = replace(config, rating_workers=args.workers)
    return config


def app_from_environment() -> Starlette:
    """The application of one worker process (uvicorn's factory)."""
    from desk_client.web.app import create_app

    return create_app(load_config())


def serve(config: Config, access_log: bool = False) -> None:
    """uvicorn with the configured workers, each building its app from the environment."""
    if config.source is not None:
        os.environ["DESK_CONFIG"] = str(config.source)
    from desk_client.web.defaults import DefaultsSweeper

    sweeper = DefaultsSweeper(config)  # in this main process, once for all workers
    sweeper.start()
    uvicorn.run(
        "desk_client.web.main:app_from_environment",
        factory=True,
        host=config.rating_listen_host,
        port=config.rating_listen_port,
        workers=config.rating_workers,
        access_log=access_log,
        # The application reads X-Forwarded-For itself, from [rating] trusted_proxies only.
        proxy_headers=False,
        server_header=False,
    )
    sweeper.stop()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = _configure(args)
    except ConfigError as error:
        sys.stderr.write(f"desk-rating: {error.message('zh_CN')}\n{error.message('en')}\n")
        return EXIT_CONFIG
    serve(config, args.access_log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
