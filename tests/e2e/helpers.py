"""Helpers shared by browser tests and benchmarks: a Streamlit server on a free port, waits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from playwright.sync_api import Page, expect

from deploy.cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
# The app as users get it: `streamlit run serve.py` (app.py behind ServerAddressHint).
SERVED_APP = ROOT / "serve.py"

# How long browser assertions wait (Playwright's default is 5 s): on a loaded 2-core CI machine
# a lazily loaded widget can take longer to appear. A wrong value still fails.
EXPECT_TIMEOUT_MS = 20_000


# Settings a test's app must not inherit from the shell that runs the tests.
_OUTER_SETTINGS = ("DATABASE_URL", "PUBLIC_URL", "TRUSTED_PROXIES")


def app_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of an app server on its own SQLite database under `data_dir`, with
    these settings (for example `INSTRUCTOR_PASSCODE`) and none of the outer shell's."""
    env = {name: value for name, value in os.environ.items() if name not in _OUTER_SETTINGS}
    return {**env, "DEPLOY_DATA_DIR": str(data_dir), **settings}


@contextmanager
def patient_expect(timeout_ms: float) -> Iterator[None]:
    """Let browser assertions wait `timeout_ms` (a module with many sessions on one server),
    then go back to `EXPECT_TIMEOUT_MS`."""
    expect.set_options(timeout=timeout_ms)
    try:
        yield
    finally:
        expect.set_options(timeout=EXPECT_TIMEOUT_MS)


class StreamlitServer:
    """`streamlit run` (or `streamlit hello`) on 127.0.0.1:<free port>, stopped on exit; `port`
    chooses the port (e.g. to start a server again where a stopped one listened);
    `base_url_path` serves the app under that folder (`url` includes it)."""

    def __init__(
        self,
        script: Path | None,
        env: dict[str, str] | None = None,
        timeout_s: float = 60,
        port: int | None = None,
        base_url_path: str = "",
    ) -> None:
        self.port = port or free_port()
        base = base_url_path.strip("/")
        self.url = f"http://127.0.0.1:{self.port}" + (f"/{base}" if base else "")
        command = ["run", str(script)] if script is not None else ["hello"]
        self._args = [
            sys.executable, "-m", "streamlit", *command,
            "--server.address", "127.0.0.1", "--server.port", str(self.port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--server.baseUrlPath", base,
        ]  # fmt: skip
        self._env = env
        self._timeout_s = timeout_s
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> StreamlitServer:
        self._process = subprocess.Popen(
            self._args, cwd=ROOT, env=self._env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + self._timeout_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.read() == b"ok":
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise TimeoutError(f"streamlit did not answer on {self.url}")

    @property
    def pid(self) -> int:
        """The server's process id (while it runs)."""
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()


def wait_for_app(page: Page, timeout_ms: float = 20_000) -> None:
    """Wait until the app is connected and no script run is in progress."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms
    )


def click_and_wait(page: Page, selector: str, timeout_ms: float = 20_000) -> None:
    """Click an element and wait for the script run it triggers to finish."""
    page.locator(selector).first.click()
    page.wait_for_timeout(100)
    wait_for_app(page, timeout_ms)
