"""A page opened by its own address (`/cost_estimator`) connects to the server on the first try.

Streamlit's browser code does not know whether `/cost_estimator` is a page of an app served at
`/` or an app served under `/cost_estimator`. It asks both, in that order: the health check at
`/cost_estimator/_stcore/health` fails (404), a 100 ms retry timer runs, and only then does it
ask `/_stcore/health` and open the WebSocket. Every shared link and every reload of a page
other than home paid that detour; `streamlit hello`, served at `/`, never does.

Streamlit reads the server's address from `window.__streamlit.BACKEND_BASE_URL` when a host
page sets it before its bundle runs. `ServerAddressHint` (ASGI middleware, given to `st.App`
in `serve.py`) sets it in the HTML of a page's own address: one inline script, the same for
every page, that names the page's parent folder, which is the address Streamlit's second try
would have found. Computed in the browser from the address bar, so it stays right behind a
proxy that serves the app under a prefix. Nothing else is touched: other paths, other
methods, non-HTML answers and compressed answers pass through as they are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from streamlit import config

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The parent folder of the address bar's path (trailing slashes dropped first, as Streamlit
# does): `/cost_estimator` -> `/`, `/course/cost_estimator` -> `/course/`. A constant: no
# request data goes into the page.
HINT = (
    b'<script>window.__streamlit={BACKEND_BASE_URL:new URL(".",'
    b'location.origin+location.pathname.replace(/\\/+$/,"")).href};</script>'
)
# First path segments that are Streamlit's own routes, never a page.
STREAMLIT_ROUTES = frozenset({"_stcore", "static", "media", "component", "app", "auth"})


def page_of(path: str, base_url_path: str = "") -> str | None:
    """The page name when `path` is a page's own address under `base_url_path`, else None.

    A page's address is exactly one segment below the app's base, with no dot (files such as
    `favicon.png` are not pages) and not one of Streamlit's own routes.
    """
    segments = [s for s in path.split("/") if s]
    base = [s for s in base_url_path.split("/") if s]
    if segments[: len(base)] != base:
        return None
    rest = segments[len(base) :]
    if len(rest) != 1 or "." in rest[0] or rest[0] in STREAMLIT_ROUTES:
        return None
    return rest[0]


def with_hint(html: bytes) -> bytes:
    """The page's HTML with the hint as the first thing in its head (unchanged without one)."""
    return html.replace(b"<head>", b"<head>" + HINT, 1)


class ServerAddressHint:
    """ASGI middleware: put `HINT` into the HTML served at a page's own address."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        base = str(config.get_option("server.baseUrlPath") or "")
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or page_of(scope["path"], base) is None
        ):
            await self.app(scope, receive, send)
            return
        # The page's HTML is 8 kB: ask for it uncompressed, so it can be edited.
        plain = {**scope, "headers": [h for h in scope["headers"] if h[0] != b"accept-encoding"]}
        await self.app(plain, receive, _HintingSender(send))


class _HintingSender:
    """Passes an answer on, holding back an uncompressed HTML one until it can add the hint."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._start: Message | None = None
        self._chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            named = dict(message.get("headers", []))
            html = named.get(b"content-type", b"").startswith(b"text/html")
            if html and b"content-encoding" not in named:
                self._start = message
                return
        elif message["type"] == "http.response.body" and self._start is not None:
            self._chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = with_hint(b"".join(self._chunks))
            headers = [(k, v) for k, v in self._start["headers"] if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await self._send({**self._start, "headers": headers})
            await self._send({"type": "http.response.body", "body": body, "more_body": False})
            return
        await self._send(message)
