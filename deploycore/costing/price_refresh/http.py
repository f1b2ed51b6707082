"""Fetching a provider's JSON answer with short timeouts, and the errors a refresh reports.

For the refresh only. A host that cannot be reached raises `SourceUnreachable` within the
connect timeout, so an offline machine fails in seconds. Not for parsing answers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

TIMEOUT_VARIABLE = "PRICE_REFRESH_CONNECT_TIMEOUT_SECONDS"
DEFAULT_CONNECT_TIMEOUT_SECONDS = 4.0
READ_TIMEOUT_SECONDS = 60.0  # the AWS offer file is large

# A function that returns the parsed JSON body of a GET of its URL.
GetJson = Callable[[str], object]


class SourceError(RuntimeError):
    """A provider answered, but not with what the refresh can use (status, JSON, schema)."""


class SourceUnreachable(SourceError):
    """A provider's host could not be reached at all (offline, DNS, refused, timed out)."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"could not reach {host} ({reason})")
        self.host = host
        self.reason = reason


def host_of(url: str) -> str:
    """The host (and port, when given) a URL points at."""
    return urlsplit(url).netloc or url


def connect_timeout_seconds() -> float:
    """The connect timeout: `PRICE_REFRESH_CONNECT_TIMEOUT_SECONDS` or 4 s."""
    try:
        return float(os.environ.get(TIMEOUT_VARIABLE, DEFAULT_CONNECT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_CONNECT_TIMEOUT_SECONDS


def http_get_json(client: httpx.Client) -> GetJson:
    """A `GetJson` over an httpx client; network failures become `SourceUnreachable`."""

    def get(url: str) -> object:
        try:
            response = client.get(url)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise SourceUnreachable(host_of(url), type(error).__name__) from None
        except httpx.TransportError as error:
            raise SourceUnreachable(host_of(url), f"{type(error).__name__}: {error}") from None
        if response.status_code != 200:
            raise SourceError(f"{host_of(url)} answered HTTP {response.status_code} for {url}")
        try:
            return json.loads(response.content)
        except ValueError:
            raise SourceError(f"{host_of(url)} did not answer JSON for {url}") from None

    return get


def new_client() -> httpx.Client:
    """An httpx client with a short connect timeout and a long read timeout."""
    timeout = httpx.Timeout(READ_TIMEOUT_SECONDS, connect=connect_timeout_seconds())
    return httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"Accept": "application/json"}
    )
