"""Headless Chromium on a phone-sized screen, driven by selenium (Debian's chromium and driver).

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
PHONE = {
    "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0},
    "userAgent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
    ),
}
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
    "--lang=zh-CN",
)


def phone_options(javascript: bool = True) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", PHONE)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    return options


@contextlib.contextmanager
def phone_browser(javascript: bool = True) -> Iterator[webdriver.Chrome]:
    """A Chromium on a 390x844 phone screen, quit when the block ends."""
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=phone_options(javascript))
    try:
        yield driver
    finally:
        driver.quit()
