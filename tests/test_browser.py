"""The running workspace in a real browser: Debian's headless chromium, driven by selenium.

Starts `streamlit run app.py` on a free port with a temporary store holding the sample
case, then opens Explore, searches a person, waits until the network has been drawn,
and opens a path. Screenshots go to $THREADLINE_TEST_ARTIFACTS (default a folder in the system's
temporary directory, never the checkout); the Explore one also becomes
docs/screenshot-explore.png for the README when that is missing or
THREADLINE_UPDATE_SCREENSHOTS=1 (so a test run leaves the checkout clean). Never downloads a browser: without
/usr/bin/chromium and /usr/bin/chromedriver the test is skipped (unless
THREADLINE_REQUIRE_BROWSER=1, when it fails).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_ui_pages import ingest_sample_case

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(
    os.environ.get("THREADLINE_TEST_ARTIFACTS") or Path(tempfile.gettempdir()) / "threadline-test-artifacts"
)
CHROMIUM = os.environ.get("THREADLINE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("THREADLINE_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1100",
]
WAIT_S = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 - local
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f}s")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The workspace served by a real `streamlit run` over a temporary sample-case store."""
    db = tmp_path_factory.mktemp("browser") / "case.db"
    ingest_sample_case(db)
    no_users = db.parent / "no-users.toml"
    no_users.write_text("", encoding="utf-8")  # a users file without users: single-user mode, straight onto the case
    yield from serve(tmp_path_factory, db, no_users)


@pytest.fixture(scope="module")
def governed_app_url(tmp_path_factory) -> Iterator[str]:
    """The workspace with a users file (one viewer) over the sample case with Kimone Gayle recorded as a victim."""
    from governance.access import UserDirectory, add_user, save_users
    from graph.embedded import EmbeddedStore
    from samples.loader import SAMPLE_CASE_NAME

    folder = tmp_path_factory.mktemp("governed-browser")
    db = folder / "case.db"
    ingest_sample_case(db)
    with EmbeddedStore(db) as store:
        store.set_role(store.search("Kimone Gayle", limit=1)[0].entity.id, "victim", by="test")
    directory = UserDirectory()
    add_user(directory, "v.reid", "viewer", VIEWER_PASSWORD, [SAMPLE_CASE_NAME])
    save_users(directory, folder / "users.toml")
    yield from serve(tmp_path_factory, db, folder / "users.toml")


VIEWER_PASSWORD = "correct horse battery staple"


def serve(tmp_path_factory, db: Path, users: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port over the case file ``db`` with the users file ``users``."""
    port = free_port()
    log = (tmp_path_factory.getbasetemp() / f"streamlit-{port}.log").open("w")
    env = {
        **os.environ,
        "THREADLINE_STORE": f"sqlite:///{db}",
        "THREADLINE_USERS": str(users),
        "THREADLINE_AUDIT": str(db.parent / "audit.db"),
        "PYTHONPATH": str(REPO),
    }
    process = subprocess.Popen(  # noqa: S603 - our own app
        [
            sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
            "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = f"needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
        if os.environ.get("THREADLINE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_S)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def type_into(driver, label: str, text: str) -> None:
    """Type into the Streamlit text input with this label and commit it with Enter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    box = WebDriverWait(driver, WAIT_S).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, f'input[aria-label="{label}"]'))
    )
    box.click()
    box.send_keys(text + Keys.ENTER)


def wait_for_text(driver, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(lambda d: text in d.find_element(By.TAG_NAME, "body").text)


def wait_for_network(driver, title: str = "", index: int = 0) -> int:
    """Wait until the page's ``index``-th workable network (ui.network_component) has drawn; returns
    its node count. ``title`` is unused (kept for the iframe views' callers)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(d):
        views = d.find_elements(By.CSS_SELECTOR, "[data-network-ready]")
        return views[index] if len(views) > index else None

    view = WebDriverWait(driver, WAIT_S).until(ready)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", view)
    assert view.find_elements(By.CSS_SELECTOR, ".tl-network canvas"), "no canvas drawn"
    time.sleep(1.5)  # let physics settle so the screenshot is readable (not an assertion)
    return int(view.get_attribute("data-network-ready"))


NODE_AT = """
const view = document.querySelectorAll('[data-network-ready]')[arguments[1]];
const network = view.threadlineNetwork;
const node = network.body.data.nodes.get().find(n => (n.title || '').split('\\n')[0] === arguments[0]);
if (!node) { return null; }
const point = network.canvasToDOM(network.getPositions([node.id])[node.id]);
const canvas = view.querySelector('.tl-network canvas');
return [point.x, point.y, canvas.clientWidth, canvas.clientHeight];
"""


def click_node(driver, name: str, index: int = 0) -> None:
    """Click the node whose full name (its tooltip's first line) is ``name`` in the page's ``index``-th network."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    found = driver.execute_script(NODE_AT, name, index)
    assert found, f"{name} is not drawn"
    x, y, width, height = found
    view = driver.find_elements(By.CSS_SELECTOR, "[data-network-ready]")[index]
    canvas = view.find_element(By.CSS_SELECTOR, ".tl-network canvas")
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)).click().perform()


def network_labels(driver, index: int = 0) -> list[str]:
    """The labels and tooltips of every node drawn (what the canvas shows and what hovering shows)."""
    script = (
        "const v = document.querySelectorAll('[data-network-ready]')[arguments[0]];"
        "return v.threadlineNetwork.body.data.nodes.get().map(n => n.label + '\\n' + (n.title || ''));"
    )
    return driver.execute_script(script, index)


def test_explore_search_draws_the_network(app_url, browser):
    browser.get(f"{app_url}/explore")
    type_into(browser, "Search the case", "Marcia Dunbar")
    wait_for_text(browser, "entities ·")
    nodes = wait_for_network(browser, "Network around Marcia Dunbar")
    assert nodes >= 5
    browser.save_screenshot(str(ARTIFACTS / "explore.png"))
    readme_shot = REPO / "docs" / "screenshot-explore.png"
    if not readme_shot.exists() or os.environ.get("THREADLINE_UPDATE_SCREENSHOTS") == "1":
        readme_shot.parent.mkdir(exist_ok=True)
        shutil.copy(ARTIFACTS / "explore.png", readme_shot)


def test_clicking_a_node_opens_its_profile_and_evidence(app_url, browser):
    browser.get(f"{app_url}/explore")
    type_into(browser, "Search the case", "Desmond Whitfield")
    wait_for_network(browser)
    click_node(browser, "Gloria Salmon")
    wait_for_text(browser, "Selected: Gloria Salmon")
    wait_for_text(browser, "Make it the focus")
    wait_for_text(browser, "This link rests on")  # the evidence of her links, listed first
    browser.set_window_size(1400, 2000)  # the graph and, under it, the profile and evidence opened by the click
    time.sleep(1.5)
    try:
        browser.execute_script("window.scrollTo(0, 0)")
        graph = browser.find_elements("css selector", "[data-network-ready]")[0]
        browser.execute_script("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -90);", graph)
        time.sleep(0.5)
        browser.save_screenshot(str(ARTIFACTS / "explore-selected.png"))
    finally:
        browser.set_window_size(1400, 1100)
    readme_shot = REPO / "docs" / "screenshot-graph.png"
    if not readme_shot.exists() or os.environ.get("THREADLINE_UPDATE_SCREENSHOTS") == "1":
        shutil.copy(ARTIFACTS / "explore-selected.png", readme_shot)


def test_a_table_row_opens_the_report(app_url, browser):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(app_url)
    wait_for_text(browser, "Recent reports")
    tables = WebDriverWait(browser, WAIT_S).until(
        lambda d: [t for t in d.find_elements(By.CSS_SELECTOR, '[data-testid="stDataFrame"]') if t.size["height"] > 60]
    )
    recent = tables[-1]  # Recent reports is the last table of the Overview
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", recent)
    time.sleep(1)
    left = -recent.size["width"] / 2
    top = -recent.size["height"] / 2
    for _attempt in range(3):  # on a loaded machine the grid may take the first click before it listens
        ActionChains(browser).move_to_element_with_offset(recent, int(left + 14), int(top + 35 + 17)).click().perform()
        try:
            WebDriverWait(browser, WAIT_S / 3).until(lambda d: "/reports?report=" in d.current_url)
            break
        except TimeoutException:
            continue
    assert "/reports?report=" in browser.current_url, "selecting the row did not open its report"
    wait_for_text(browser, "Entities named")
    browser.save_screenshot(str(ARTIFACTS / "report-from-row.png"))


def test_paths_page_opens_a_path(app_url, browser):
    browser.get(f"{app_url}/paths")
    type_into(browser, "From", "Joan Gayle")  # to Clifton Ebanks through a victim, shown as her pseudonym
    wait_for_text(browser, "Matches")
    type_into(browser, "To", "Clifton Ebanks")
    wait_for_text(browser, "path(s) found")
    wait_for_text(browser, "Hop 1:")
    assert wait_for_network(browser, "Path view") >= 3
    browser.save_screenshot(str(ARTIFACTS / "paths.png"))


def test_graph_view_loads_nothing_from_outside(app_url, browser):
    """The page and the graph iframe ask for no resource outside the app's own server."""
    browser.get(f"{app_url}/explore")
    type_into(browser, "Search the case", "Desmond Whitfield")
    wait_for_network(browser, "Network around Desmond Whitfield")
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [u for u in urls if not u.startswith(app_url) and not u.startswith(("data:", "blob:", "about:"))]
    assert outside == []


POSITION_OF = """
const view = document.querySelectorAll('[data-network-ready]')[arguments[1]];
const network = view.threadlineNetwork;
const node = network.body.data.nodes.get().find(n => (n.title || '').split('\\n')[0] === arguments[0]);
if (!node) { return null; }
const p = network.getPositions([node.id])[node.id];
return [p.x, p.y];
"""


def drag_node(driver, name: str, dx: int, dy: int, index: int = 0) -> None:
    """Press on the node ``name``, move the mouse by (dx, dy) in a few steps and let go."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    x, y, width, height = driver.execute_script(NODE_AT, name, index)
    canvas = driver.find_elements(By.CSS_SELECTOR, "[data-network-ready]")[index].find_element(
        By.CSS_SELECTOR, ".tl-network canvas"
    )
    chain = ActionChains(driver).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2))
    chain.click_and_hold()
    for _ in range(4):
        chain.move_by_offset(dx // 4, dy // 4).pause(0.05)
    chain.release().perform()


def click_button(driver, label: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(
        ec.element_to_be_clickable((By.XPATH, f"//button[normalize-space()='{label}']"))
    ).click()


def open_expander(driver, title: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    summary = WebDriverWait(driver, WAIT_S).until(
        ec.element_to_be_clickable((By.XPATH, f"//summary[contains(normalize-space(), '{title}')]"))
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", summary)
    summary.click()


def test_a_view_arranged_by_hand_reopens_as_it_was_left(app_url, browser):
    """Drag a node, save the view, open it again on a fresh page: the node is where it was dropped."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{app_url}/explore")
    type_into(browser, "Search the case", "Desmond Whitfield")
    wait_for_network(browser)
    before = browser.execute_script(POSITION_OF, "Gloria Salmon", 0)
    drag_node(browser, "Gloria Salmon", 160, 120)
    dropped = browser.execute_script(POSITION_OF, "Gloria Salmon", 0)
    assert abs(dropped[0] - before[0]) + abs(dropped[1] - before[1]) > 50, "the drag did not move the node"
    time.sleep(2)  # the page hears where the nodes are (a rerun) before the view is saved
    open_expander(browser, "Saved views")
    type_into(browser, "Save this view as", "arranged by hand")
    click_button(browser, "Save")
    wait_for_text(browser, "Saved view arranged by hand")

    browser.get(f"{app_url}/explore")  # a fresh page draws its own layout...
    type_into(browser, "Search the case", "Desmond Whitfield")
    wait_for_network(browser)
    open_expander(browser, "Saved views")
    click_button(browser, "Open")  # ...until the saved view is opened

    def back_where_dropped(driver):
        now = driver.execute_script(POSITION_OF, "Gloria Salmon", 0)
        return now is not None and abs(now[0] - dropped[0]) < 0.5 and abs(now[1] - dropped[1]) < 0.5

    WebDriverWait(browser, WAIT_S).until(back_where_dropped)
    browser.save_screenshot(str(ARTIFACTS / "explore-saved-view.png"))


def test_a_signed_in_viewer_sees_a_victim_only_as_her_pseudonym(governed_app_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(governed_app_url)
    wait_for_text(browser, "Sign in to open the case workspace")
    assert "Desmond Whitfield" not in browser.find_element(By.TAG_NAME, "body").text
    type_into(browser, "User name", "v.reid")
    type_into(browser, "Password", VIEWER_PASSWORD)  # Enter submits the form
    wait_for_text(browser, "Signed in as")
    WebDriverWait(browser, WAIT_S).until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'a[href$="/explore"]'))).click()
    type_into(browser, "Search the case", "Desmond Whitfield")
    wait_for_network(browser, "Network around Desmond Whitfield")
    html = browser.page_source
    labels = "\n".join(network_labels(browser))
    assert "Victim V-" in labels
    assert "kimone" not in labels.lower() and "kimone" not in html.lower()
    assert "kimone" not in browser.find_element(By.TAG_NAME, "body").text.lower()
    browser.save_screenshot(str(ARTIFACTS / "explore-viewer.png"))
