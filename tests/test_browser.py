"""The HTML report in a real browser: headless Chromium from Debian's packages, driven by
Selenium pointed at /usr/bin/chromium and /usr/bin/chromedriver (nothing is downloaded).

Under CI (CI=true) these tests must run: a missing browser fails them. Elsewhere they skip,
saying what to install. Screenshots go to the test's temporary folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EXAMPLES

pytestmark = pytest.mark.slow  # a real browser: run with --run-slow, as CI does

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
HOSTILE = """# Policy <script>window.pwned = 'heading'</script>

## Purpose
We use social media to inform residents, as appropriate. <img src=x onerror="window.pwned='img'">
We post regularly. </style><script>window.pwned = 'style'</script> [click](javascript:window.pwned='link')

## Who runs the accounts
The communications team runs the accounts. TODO <svg onload="window.pwned='svg'"></svg>
"""


def _missing() -> str | None:
    if not CHROMIUM.exists() or not DRIVER.exists():
        return "Chromium not found: apt-get install chromium chromium-driver (.ci/run does)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed: pip install '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run under CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--window-size=1200,1600"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _report(tmp_path: Path, *paths: str) -> Path:
    out = tmp_path / "report.html"
    proc = subprocess.run([sys.executable, "-m", "policylint", "--isolated", "--today", "2026-06-01",
                           "--format", "html", "-o", str(out), *paths], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return out


def _open(browser, page: Path):
    browser.get(page.as_uri())
    return browser


def _errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_scorecard_rows_and_statuses_in_the_browser(browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = _report(tmp_path, str(EXAMPLES / "en" / "incomplete.md"))
    _open(browser, page)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.scorecard tbody tr")
    statuses = {row.get_attribute("data-topic"): row.get_attribute("data-status") for row in rows}
    assert len(rows) == 8 and set(statuses.values()) == {"covered", "vague", "missing"}
    for row in rows:  # the status is a visible word, not only a colour
        cell = row.find_elements(By.CSS_SELECTOR, "td")[0]
        assert cell.text.split()[-1] in ("Covered", "Vague", "Missing")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert _errors(browser) == []
    browser.save_screenshot(str(tmp_path / "incomplete.png"))
    assert (tmp_path / "incomplete.png").stat().st_size > 10_000


def test_a_finding_link_leads_to_its_explanation(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, _report(tmp_path, str(EXAMPLES / "en" / "vague.md")))
    link = browser.find_element(By.CSS_SELECTOR, "ol.findings a[href^='#explain-']")
    target = link.get_attribute("href").split("#", 1)[1]
    link.click()
    assert browser.execute_script("return location.hash") == "#" + target
    assert browser.find_element(By.ID, target).is_displayed()


def test_norwegian_report_in_the_browser(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, _report(tmp_path, str(EXAMPLES / "nb" / "vague.md")))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert "Funn per del" in browser.find_element(By.TAG_NAME, "body").text
    assert _errors(browser) == []


def test_nothing_from_a_hostile_policy_runs(browser, tmp_path):
    from selenium.webdriver.common.by import By

    policy = tmp_path / "hostile.md"
    policy.write_text(HOSTILE, encoding="utf-8")
    _open(browser, _report(tmp_path, "--language", "en", str(policy)))
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    for link in browser.find_elements(By.TAG_NAME, "a"):
        assert not (link.get_attribute("href") or "").startswith("javascript:")
    assert browser.find_elements(By.CSS_SELECTOR, "script, img, svg, iframe") == []
    assert "<img src=x" in browser.find_element(By.TAG_NAME, "body").text  # shown as text
    assert _errors(browser) == []
    browser.save_screenshot(str(tmp_path / "hostile.png"))


def test_keyboard_reaches_the_links_in_order(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, _report(tmp_path, str(EXAMPLES / "en" / "complete.md"), str(EXAMPLES / "en" / "vague.md")))
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = browser.switch_to.active_element
    assert first.tag_name == "a" and first.get_attribute("href").endswith("#policy-1")  # the index first
    first.send_keys(Keys.ENTER)
    assert browser.execute_script("return location.hash") == "#policy-1"


def test_prints_on_a4_without_spilling_over(browser, tmp_path):
    import base64

    from selenium.webdriver.common.print_page_options import PrintOptions

    _open(browser, _report(tmp_path, str(EXAMPLES / "en" / "incomplete.md")))
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in centimetres
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    (tmp_path / "report.pdf").write_bytes(pdf)
    # In print media at A4's printable width (180 mm at 96 dpi), nothing is wider than the page.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.set_window_size(int(180 / 25.4 * 96) + 16, 1200)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.set_window_size(1200, 1600)
