"""Which address join links and QR codes use: PUBLIC_URL, the page's own, or the LAN address."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from deploycore.infra import settings
from deploycore.infra.public_url import app_address, app_base, is_loopback_host, lan_ip


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "app.localhost"]
)
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["192.168.1.20", "10.0.0.5", "class.example.org", "", None])
def test_hosts_other_machines_reach(host: str | None) -> None:
    assert not is_loopback_host(host)


def test_the_app_base_drops_the_page_name_query_and_fragment() -> None:
    assert app_base("http://localhost:8501/instructor?session=AB") == "http://localhost:8501"
    assert app_base("http://localhost:8501/") == "http://localhost:8501"
    assert app_base("https://lab.example.org/ml/instructor") == "https://lab.example.org/ml"


def test_the_setting_wins_over_every_browser_address() -> None:
    address = app_address(
        "http://localhost:8501/instructor", "https://quiz.example.org/", "10.0.0.2"
    )
    assert (address.base, address.source, address.needs_warning) == (
        "https://quiz.example.org",
        "setting",
        False,
    )


def test_a_network_address_in_the_browser_is_kept() -> None:
    address = app_address("http://192.168.1.20:8600/instructor", None, "10.0.0.2")
    assert (address.base, address.source, address.needs_warning) == (
        "http://192.168.1.20:8600",
        "browser",
        False,
    )


def test_a_loopback_address_is_replaced_by_the_lan_address_with_its_port() -> None:
    address = app_address("http://127.0.0.1:8501/instructor", None, "192.168.1.20")
    assert (address.base, address.source, address.needs_warning) == (
        "http://192.168.1.20:8501",
        "lan",
        True,
    )
    assert app_address("http://localhost/instructor", None, "fd00::5").base == "http://[fd00::5]"


def test_a_loopback_address_without_a_lan_address_stays_but_warns() -> None:
    address = app_address("http://localhost:8501/instructor", None, None)
    assert (address.base, address.source, address.needs_warning) == (
        "http://localhost:8501",
        "loopback",
        True,
    )


def test_the_lan_address_is_never_loopback() -> None:
    assert not is_loopback_host(lan_ip())


def test_public_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLIC_URL", " http://10.1.2.3:8600/ ")
    assert settings.public_url() == "http://10.1.2.3:8600"
    monkeypatch.setenv("PUBLIC_URL", "")
    monkeypatch.setattr(settings, "SECRETS_FILE", settings.ROOT / "no-such-secrets.toml")
    assert settings.public_url() is None


def _make_dry_run(*args: str) -> str:
    return subprocess.run(
        ["make", "--dry-run", "--always-make", "-o", ".venv/.runtime", *args],
        cwd=settings.ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_serves_this_machine_only_unless_asked() -> None:
    assert "--server.address 127.0.0.1 --server.port 8501" in _make_dry_run("run")
    custom = _make_dry_run("run", "HOST=0.0.0.0", "PORT=8600")
    assert "--server.address 0.0.0.0 --server.port 8600" in custom
    room = _make_dry_run("class")
    assert "--server.address 0.0.0.0 --server.port 8501" in room and "Learners open" in room
    # Streamlit's web server must not believe X-Forwarded-For by itself (TRUSTED_PROXIES does).
    assert "FORWARDED_ALLOW_IPS= " in _make_dry_run("run") and "FORWARDED_ALLOW_IPS= " in room
