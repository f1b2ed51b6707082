"""Where configuration comes from: environment variables first, then .streamlit/secrets.toml.

Only reads settings; it never stores secrets and never imports streamlit.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"


def _secret(name: str) -> str | None:
    value = os.environ.get(name)
    if value:
        return value
    if SECRETS_FILE.exists():
        with SECRETS_FILE.open("rb") as handle:
            found = tomllib.load(handle).get(name)
        if isinstance(found, str) and found:
            return found
    return None


def data_dir() -> Path:
    """Git-ignored folder for runtime files (SQLite database, batch outputs, local artifacts)."""
    path = Path(os.environ.get("DEPLOY_DATA_DIR") or ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """`DATABASE_URL` (e.g. postgresql+psycopg://...) or the embedded SQLite default."""
    return _secret("DATABASE_URL") or f"sqlite:///{data_dir() / 'app.db'}"


def instructor_passcode() -> str | None:
    """The instructor passcode (`INSTRUCTOR_PASSCODE`), or None when none is configured."""
    return _secret("INSTRUCTOR_PASSCODE")


def trusted_proxies() -> tuple[str, ...]:
    """`TRUSTED_PROXIES`: addresses or networks (comma or space separated) of reverse proxies
    whose `X-Forwarded-For` header names the client, e.g. "127.0.0.1, ::1" for one on this host.
    Empty (the default): the header is ignored."""
    return tuple((_secret("TRUSTED_PROXIES") or "").replace(",", " ").split())


def public_url() -> str | None:
    """`PUBLIC_URL`: the app's address as learners open it (e.g. http://192.168.1.20:8501), used
    for join links and QR codes. None: they are built from the instructor's browser address."""
    value = (_secret("PUBLIC_URL") or "").strip().rstrip("/")
    return value or None
