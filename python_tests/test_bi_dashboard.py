"""The dashboard as an analyst opens it: Superset over a published mart, in a real browser.

Superset runs from its own virtualenv (.venv-bi) through bi/superset_local.py,
exactly as `make bi` runs it, over the session's tiny build published to a
temporary folder. The checks: every chart of the dashboard answers with rows
through Superset's chart data API; the page, rendered by Debian's Chromium
(driven by Playwright), shows every chart and no error or empty chart; the
published copy is opened read-only; the datasets kept in bi/superset/ carry
the published marts' columns. `make test` installs .venv-bi and Chromium
first; without them these tests fail, never skip.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
import yaml

from redflags.paths import PROJECT_DIR, WarehousePaths
from redflags.publish import publish_marts

BI_PYTHON = PROJECT_DIR / ".venv-bi" / "bin" / "python"
SUPERSET_LOCAL = PROJECT_DIR / "bi" / "superset_local.py"
BUNDLE_DIR = PROJECT_DIR / "bi" / "superset" / "dashboard"
DATASETS_DIR = BUNDLE_DIR / "datasets"
SCREENSHOT = PROJECT_DIR / "data" / "bi" / "dashboard.png"
DASHBOARD_SLUG = "redflags-risk"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# What Superset shows in place of a chart that failed or found nothing.
FAILED_CHART_TEXTS = ["Data error", "Unexpected error", "No results were returned", "No data"]
SERVER_START_SECONDS = 180
RENDER_SECONDS = 120


@dataclass
class Superset:
    url: str
    password: str
    log: Path
    opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())))

    def call(self, method: str, path: str, body: object = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(self.url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(server: subprocess.Popen, instance: Superset) -> str:
    """'up', 'port taken' (the server exited because another process holds its
    port) or 'exited'; fails the test if it is neither up nor gone in time."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if server.poll() is not None:
            return "port taken" if "connection in use" in instance.log.read_text().lower() else "exited"
        try:
            with urllib.request.urlopen(instance.url + "/health", timeout=5) as response:
                if response.status == 200:
                    return "up"
        except OSError:
            pass
        assert time.monotonic() < deadline, (f"Superset not up in {SERVER_START_SECONDS} s:\n"
                                             f"{instance.log.read_text()[-3000:]}")
        time.sleep(1)


@pytest.fixture(scope="module")
def published(tiny_build: WarehousePaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_marts(tiny_build.db_path, tmp_path_factory.mktemp("bi_published")).database


@pytest.fixture(scope="module")
def superset(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Superset]:
    assert BI_PYTHON.exists(), f"{BI_PYTHON} missing: run `make bi-install` (make test does)"
    home = tmp_path_factory.mktemp("superset_home")
    environment = {**os.environ, "REDFLAGS_BI_PASSWORD": secrets.token_urlsafe(18)}
    prepared = subprocess.run([str(BI_PYTHON), str(SUPERSET_LOCAL), "prepare", "--home", str(home),
                               "--published", str(published)], env=environment, capture_output=True, text=True)
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr

    # The free port is closed before Superset binds it, so another process (a
    # Spark JVM on the other xdist worker opens random ports) may take it in
    # between: gunicorn then says "Connection in use" and exits. Try another.
    log = home / "server.log"
    server = None
    try:
        for _ in range(3):
            port = _free_port()
            with log.open("w") as log_file:
                server = subprocess.Popen([str(BI_PYTHON), str(SUPERSET_LOCAL), "serve", "--home", str(home),
                                           "--port", str(port)], env=environment, stdout=log_file,
                                          stderr=subprocess.STDOUT, start_new_session=True)
            instance = Superset(url=f"http://127.0.0.1:{port}", password=environment["REDFLAGS_BI_PASSWORD"],
                                log=log)
            state = _wait_until_up(server, instance)
            if state != "port taken":
                break
        assert state == "up", f"Superset exited ({server.returncode}):\n{log.read_text()[-3000:]}"
        yield instance
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.fixture(scope="module")
def token(superset: Superset) -> dict[str, str]:
    status, body = superset.call("POST", "/api/v1/security/login", {
        "username": "admin", "password": superset.password, "provider": "db", "refresh": False})
    assert status == 200, body
    return {"Authorization": f"Bearer {body['access_token']}"}


@pytest.fixture(scope="module")
def dashboard_charts(superset: Superset, token: dict[str, str]) -> dict[int, dict]:
    status, body = superset.call("GET", f"/api/v1/dashboard/{DASHBOARD_SLUG}/charts", headers=token)
    assert status == 200, body
    charts = {chart["id"]: chart for chart in body["result"]}
    kept_as_code = {yaml.safe_load(path.read_text())["slice_name"] for path in (BUNDLE_DIR / "charts").glob("*.yaml")}
    assert {chart["slice_name"] for chart in charts.values()} == kept_as_code
    return charts


@dataclass
class Rendering:
    chart_data: dict[int, dict]  # slice id -> the chart data request the page sent, and its answer
    holders: dict[int, dict]  # slice id -> what the page shows for that chart


@pytest.fixture(scope="module")
def rendering(superset: Superset, dashboard_charts: dict[int, dict]) -> Rendering:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(chromium).exists(), "Debian's chromium is missing: run `make browser` (make test does)"
    chart_data: dict[int, dict] = {}

    def record(response) -> None:  # noqa: ANN001 - Playwright's Response
        if "/api/v1/chart/data" not in response.url or response.request.method != "POST":
            return
        request = json.loads(response.request.post_data or "{}")
        slice_id = request.get("form_data", {}).get("slice_id")
        try:
            answer = response.json()
        except Exception:  # noqa: BLE001 - a non-JSON answer is itself the failure to report
            answer = {"text": response.text()[:500]}
        chart_data[slice_id] = {"status": response.status, "request": request, "answer": answer}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            # Tall enough that every chart is in view: Superset renders charts only when visible.
            page = browser.new_page(viewport={"width": 1600, "height": 3200})
            page.on("response", record)
            page.goto(superset.url + "/login/")
            page.fill("[data-test=username-input]", "admin")
            page.fill("[data-test=password-input]", superset.password)
            page.click("[data-test=login-button]")
            page.wait_for_url("**/superset/welcome/**")
            page.goto(f"{superset.url}/superset/dashboard/{DASHBOARD_SLUG}/")
            deadline = time.monotonic() + RENDER_SECONDS
            while set(dashboard_charts) - set(chart_data) and time.monotonic() < deadline:
                page.wait_for_timeout(500)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(2000)  # ECharts animates its first paint
            holders = {}
            for chart_id in dashboard_charts:
                holder = page.query_selector(f".dashboard-chart-id-{chart_id}")
                holders[chart_id] = None if holder is None else {
                    "text": holder.inner_text(),
                    "rendered": holder.query_selector("[data-test=slice-container]") is not None,
                    "canvases": len(holder.query_selector_all("canvas")),
                    "table_rows": len(holder.query_selector_all("table tbody tr")),
                }
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
    return Rendering(chart_data=chart_data, holders=holders)


def test_every_chart_of_the_dashboard_returns_rows_through_the_api(
        superset: Superset, token: dict[str, str], dashboard_charts: dict[int, dict], rendering: Rendering) -> None:
    # The query each chart runs is the one Superset's own front end builds from the
    # chart's saved form data; replayed here by an API client with a token.
    missing = {chart["slice_name"] for chart_id, chart in dashboard_charts.items() if chart_id not in rendering.chart_data}
    assert not missing, f"the dashboard never asked for the data of {sorted(missing)}"
    for chart_id, chart in dashboard_charts.items():
        status, body = superset.call("POST", "/api/v1/chart/data", rendering.chart_data[chart_id]["request"], token)
        assert status == 200, (chart["slice_name"], body)
        rowcounts = [query.get("rowcount") for query in body["result"]]
        assert rowcounts and all(count and count > 0 for count in rowcounts), (chart["slice_name"], rowcounts)


def test_dashboard_renders_every_chart_without_error_or_empty_chart(
        dashboard_charts: dict[int, dict], rendering: Rendering, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\ndashboard screenshot: {SCREENSHOT}")
    for chart_id, chart in dashboard_charts.items():
        name, viz_type = chart["slice_name"], chart["form_data"]["viz_type"]
        data = rendering.chart_data[chart_id]
        assert data["status"] == 200, (name, data["answer"])
        assert all(query.get("rowcount", 0) > 0 for query in data["answer"]["result"]), (name, data["answer"])
        shown = rendering.holders[chart_id]
        assert shown is not None, f"{name} is not on the page"
        assert shown["rendered"], (name, shown["text"][:500])
        assert not [text for text in FAILED_CHART_TEXTS if text in shown["text"]], (name, shown["text"][:500])
        if viz_type == "table":
            assert shown["table_rows"] > 0, (name, shown)
        elif viz_type.startswith("echarts_"):
            assert shown["canvases"] > 0, (name, shown)
        else:
            assert any(character.isdigit() for character in shown["text"]), (name, shown)
    assert SCREENSHOT.stat().st_size > 50_000, "the screenshot is too small to hold the charts"


def test_published_copy_is_opened_read_only(superset: Superset, token: dict[str, str]) -> None:
    status, body = superset.call("GET", "/api/v1/security/csrf_token/", headers=token)
    assert status == 200, body
    headers = {**token, "X-CSRFToken": body["result"], "Referer": superset.url}
    status, databases = superset.call("GET", "/api/v1/database/", headers=token)
    assert status == 200, databases
    (database,) = [row for row in databases["result"] if row["database_name"] == "redflags (published marts)"]
    status, answer = superset.call("POST", "/api/v1/sqllab/execute/", {
        "database_id": database["id"], "sql": "select current_setting('access_mode') as access_mode",
        "runAsync": False}, headers)
    assert status == 200, answer
    assert answer["data"] == [{"access_mode": "read_only"}]


def test_datasets_carry_the_published_marts_columns(published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as reader:
        for path in sorted(DATASETS_DIR.rglob("*.yaml")):
            dataset = yaml.safe_load(path.read_text())
            columns = reader.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [dataset["schema"], dataset["table_name"]]).fetchall()
            assert [(column["column_name"], column["type"]) for column in dataset["columns"]] == columns, path.name


def test_exposure_lists_every_mart_the_dashboard_reads() -> None:
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text())["exposures"]
    (dashboard,) = [exposure for exposure in exposures if exposure["name"] == "superset_risk_dashboard"]
    refs = {re.fullmatch(r"ref\('(\w+)'\)", dependency).group(1) for dependency in dashboard["depends_on"]}
    datasets = {yaml.safe_load(path.read_text())["table_name"] for path in DATASETS_DIR.rglob("*.yaml")}
    assert refs == datasets
    assert dashboard["url"].endswith(f"/superset/dashboard/{DASHBOARD_SLUG}/")
