"""Headless Chromium on a phone-sized screen, driven by selenium (Debian's chromium and driver).

The phone is emulated through the DevTools protocol (Emulation.setDeviceMetricsOverride, a
phone's user agent) rather than chromedriver's ``mobileEmulation`` option: with that option
and JavaScript off, chromedriver turns clicks into taps it never finishes and the click hangs.
``phone_browser(javascript=False)`` turns JavaScript off through Chromium's content settings,
so a test sees what a phone without scripts sees.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH, HEIGHT, PIXEL_RATIO = 390, 844, 3
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
    "--lang=zh-CN",
    f"--window-size={WIDTH},{HEIGHT}",
)


def phone_options(javascript: bool = True) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    return options


def emulate_phone(driver: webdriver.Chrome, pixel_ratio: float = PIXEL_RATIO) -> None:
    """A 390x844 phone screen (CSS pixels) with a phone's user agent and touch."""
    metrics = {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": pixel_ratio, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": USER_AGENT})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})


@contextlib.contextmanager
def phone_browser(javascript: bool = True) -> Iterator[webdriver.Chrome]:
    """A Chromium on a phone screen, quit when the block ends."""
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=phone_options(javascript))
    try:
        driver.set_page_load_timeout(30)
        emulate_phone(driver)
        yield driver
    finally:
        driver.quit()
