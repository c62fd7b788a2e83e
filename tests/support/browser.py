"""Headless Chromium on a phone-sized screen, driven by selenium (Debian's chromium and driver).

The phone is emulated through the DevTools protocol (Emulation.setDeviceMetricsOverride, a
phone's user agent) rather than chromedriver's ``mobileEmulation`` option: with that option
and JavaScript off, chromedriver turns clicks into taps it never finishes and the click hangs.
``phone_browser(javascript=False)`` turns JavaScript off through Chromium's content settings,
so a test sees what a phone without scripts sees.

A phone has a Chinese font; this machine may have none, so Chromium's fontconfig also reads
the WenQuanYi Micro Hei the program ships in resources/fonts (a small fonts.conf that includes
the system's), and the pages render real Chinese glyphs in screenshots.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from desk_client.resources import resource

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


def fonts_conf() -> Path:
    """A fontconfig file: the system's fonts plus the shipped CJK font."""
    conf = Path(tempfile.gettempdir()) / "desk-chromium-fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{resource('fonts')}</dir>\n</fontconfig>\n"
    )
    # Written aside and renamed: another test process may be reading it right now.
    handle, draft = tempfile.mkstemp(dir=conf.parent, suffix=".conf")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(draft, conf)
    return conf


def chromedriver_service() -> Service:
    """Debian's chromedriver, its Chromium seeing the shipped CJK font."""
    return Service(CHROMEDRIVER, env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf())})


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
    driver = webdriver.Chrome(service=chromedriver_service(), options=phone_options(javascript))
    try:
        driver.set_page_load_timeout(30)
        emulate_phone(driver)
        yield driver
    finally:
        driver.quit()
