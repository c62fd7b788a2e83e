"""``python bench/rating_screenshots.py OUTDIR``: the rating page on a phone, as PNGs.

A temporary SQLite hall with the demo data, a real ``desk-rating`` process on it
(tests/support/rating_web.py) and headless Chromium on a 390x844 phone screen
(tests/support/browser.py), JavaScript off as on the plainest phone. It saves:

- rating-form.png      the form of a fresh code (第3号窗口)
- rating-problem.png   非常不满意 sent without a reason: the problems listed, the choices kept
- rating-thanks.png    the thank-you page after a rating
- rating-used.png      the same link opened again (已评价, 一次一评)
- rating-expired.png   a code past its expiry

Each image is the whole page at twice the CSS pixels (a 780-pixel-wide PNG). Codes are made
through the services, as the window makes them; the expired one by services whose clock is
30 days behind.
"""

from __future__ import annotations

import base64
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from desk_client.config import Config
from desk_client.core.clock import Clock, FakeClock, SystemClock
from desk_client.services.app import build_services
from tests.support.browser import emulate_phone, phone_browser
from tests.support.rating_web import free_port, start_rating_service

PIXEL_RATIO = 2


def make_hall(folder: Path, base_url: str) -> Config:
    config = Config(
        hall_code="demo",
        database_url=f"sqlite:///{folder / 'central.db'}",
        local_store=str(folder / "local.db"),
        rating_base_url=base_url,
    )
    services = build_services(config)
    try:
        services.admin.init_db()
        services.admin.seed_demo()
    finally:
        services.close()
    return config


def code(config: Config, ticket: str, clock: Clock | None = None) -> str:
    services = build_services(config, clock or SystemClock())
    try:
        return services.ratings.code_for_visit("ticket", ticket, 3, "1003").url
    finally:
        services.close()


def save_page(driver: WebDriver, path: Path) -> None:
    """The whole page, not just the screen's height."""
    height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
    clip = {"x": 0, "y": 0, "width": 390, "height": height, "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    print(path)


def tap(driver: WebDriver, selector: str) -> None:
    driver.find_element(By.CSS_SELECTOR, selector).click()


def rate(driver: WebDriver, levels: dict[str, int]) -> None:
    for key, level in levels.items():
        tap(driver, f"#f-{key} label.level-{level}")
    tap(driver, "button[type=submit]")


def shoot(config: Config, out: Path) -> None:
    good, bad = code(config, "A001"), code(config, "A002")
    past = FakeClock(datetime.now(UTC) - timedelta(days=30))
    expired = code(config, "A003", past)
    with phone_browser(javascript=False) as driver:
        emulate_phone(driver, PIXEL_RATIO)
        driver.get(good)
        save_page(driver, out / "rating-form.png")
        driver.get(bad)
        rate(driver, {"overall": 1, "efficiency": 2, "competence": 3})
        save_page(driver, out / "rating-problem.png")
        driver.get(good)
        rate(driver, {"overall": 5, "efficiency": 5, "competence": 4, "attitude": 5})
        save_page(driver, out / "rating-thanks.png")
        driver.get(good)
        save_page(driver, out / "rating-used.png")
        driver.get(expired)
        save_page(driver, out / "rating-expired.png")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0] if args else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="desk-rating-shots-") as folder:
        config = make_hall(Path(folder), f"http://127.0.0.1:{port}/rate")
        env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
        env.update(DESK_HALL_CODE="demo", DESK_DATA_DIR=folder)
        with start_rating_service(config.database_url, env, port):
            shoot(config, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
