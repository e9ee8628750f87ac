"""report.html, opened in a real headless browser (Debian's chromium, driven by Selenium): it
shows the numbers of grades.csv and mistakes.csv, escapes what students wrote, and logs no
console error. .ci/run installs the browser; the test skips, saying why, only where none is."""

import csv
import shutil

import pytest

from tests.kit.conftest import ROOT, run_grade

BROWSER, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (BROWSER and DRIVER),
        reason="no chromium and chromedriver here (apt-get install chromium chromium-driver)",
    ),
]
SWAPPED = "\n\ndef to_channels_last(x):\n    return x.transpose(1, 3)\n"
HOSTILE = "eve<img src=x onerror=\"document.title='owned'\">"  # a folder name: no slash


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_class_report_shows_the_gradebook_and_the_mistakes(tmp_path, browser):
    from selenium.webdriver.common.by import By

    root = tmp_path / "class"
    for name in ("ann", "ben", HOSTILE):
        (root / name).mkdir(parents=True)
        shutil.copy(ROOT / "solutions" / "dims.py", root / name)
    for name in ("ann", "ben"):
        with open(root / name / "dims.py", "a", encoding="utf-8") as f:
            f.write(SWAPPED)
    out = tmp_path / "out"
    proc = run_grade("batch", root, "--out", out, "-j", "2", "--lang", "en")
    assert proc.returncode == 0, proc.stderr

    browser.get((out / "report.html").as_uri())
    assert browser.title == "Class report"  # the student's markup did not run
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert browser.find_elements(By.TAG_NAME, "img") == []

    shown = [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
        for row in browser.find_elements(By.CSS_SELECTOR, "#grades tr")[1:]
    ]
    expected = [[r["student"], r["dims"], r["total"]] for r in _rows(out / "grades.csv")]
    assert sorted(shown) == sorted(expected) and any(HOSTILE in row for row in shown)

    mistakes = [r for r in _rows(out / "mistakes.csv") if r["mistake"]]
    top = browser.find_elements(By.CSS_SELECTOR, "#topic-dims table.mistakes tr")[1]
    function, mistake, students = (c.text for c in top.find_elements(By.CSS_SELECTOR, "td"))
    assert (function, mistake, students) == (
        mistakes[0]["function"],
        mistakes[0]["mistake"],
        mistakes[0]["made_it"],
    )
    assert students == "2"
    similar = _rows(out / "similarity.csv")
    shown_pairs = browser.find_elements(By.CSS_SELECTOR, "#similar tr")[1:]
    assert similar and len(shown_pairs) == len(similar)  # all three hand in the reference
    first = [c.text for c in shown_pairs[0].find_elements(By.CSS_SELECTOR, "td")]
    assert first[1].splitlines() == [similar[0]["student_a"], similar[0]["student_b"]]
    for shown_excerpt, written in (
        (first[3], similar[0]["excerpt_a"]),
        (first[4], similar[0]["excerpt_b"]),
    ):
        assert "def " in written and shown_excerpt.split() == written.split()
    bars = browser.find_elements(By.CSS_SELECTOR, "#topic-dims svg rect")
    assert len(bars) == 10
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
