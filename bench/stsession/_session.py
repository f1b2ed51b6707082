"""One browser tab of a Streamlit app, at the protocol level: what the frontend does over
`/_stcore/stream`, driven from asyncio so hundreds of tabs fit in one process.

It loads the page and the frontend's two start-up requests, opens the WebSocket (subprotocol
`streamlit`, the tab's cookies, its own source address), asks for a script run with the
address's query string and page, keeps the element tree up to date from `ForwardMsg` deltas,
reruns fragments on their `run_every` timers, sends widget values the way the frontend does
(triggers once, form values on submit), picks up cookies set by responses and by
`document.cookie = '...'` scripts, and reconnects after the connection drops (health check,
new WebSocket, rerun with the current query string). It knows nothing about any one app.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.typing import Origin, Subprotocol

from ._tree import ElementTree, Node

T = TypeVar("T")

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FINISHED_FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
_COOKIE_SCRIPT = re.compile(r"document\.cookie\s*=\s*(['\"])([^'\"]*)\1")
# Reconnect back-off after a dropped connection (the frontend pings /_stcore/health likewise).
RECONNECT_DELAYS_S = (0.5, 1.0, 2.0, 3.0, 5.0)
USER_AGENT = "stsession (Streamlit protocol load driver)"


class SessionError(RuntimeError):
    """The server refused or dropped the session in a way a browser would show as an error."""


class Disconnected(SessionError):
    """A message was not sent: the connection was gone, or dropped while sending (the frontend
    drops it too, and greys its widgets out until it has reconnected)."""


@dataclass
class SessionStats:
    """What happened on this tab's connection(s)."""

    connects: int = 0
    reconnects: int = 0
    runs_finished: int = 0
    runs_before_connect: int = 0  # runs_finished when the latest connection opened
    messages: int = 0
    last_disconnect_s: float | None = None  # time.time() of the last dropped connection
    reconnected_s: list[float] = field(default_factory=list)  # time.time() of each reconnect


class StSession:
    """A browser tab on `url` (e.g. http://127.0.0.1:8501/page?x=1); `source_address` binds
    every connection of the tab to that local address (e.g. "127.0.0.7")."""

    def __init__(
        self,
        url: str,
        *,
        source_address: str | None = None,
        cookies: dict[str, str] | None = None,
        timeout_s: float = 30.0,
        reconnect: bool = True,
        load_page: bool = True,
    ) -> None:
        parts = urlsplit(url)
        self.base_url = f"{parts.scheme}://{parts.netloc}"
        self.page_name = parts.path.strip("/")
        self.query_string = parts.query
        self.source_address = source_address
        self.cookies: dict[str, str] = dict(cookies or {})
        self.timeout_s = timeout_s
        self.reconnect = reconnect
        self.load_page = load_page
        self.tree = ElementTree()
        self.stats = SessionStats()
        self.session_id = ""
        self.page_script_hash = ""
        self.script_running = False
        self._states: dict[str, WidgetState] = {}
        self._form_states: dict[str, dict[str, WidgetState]] = {}
        self._runs: list[tuple[str, int | None]] = []  # (script_run_id, finish status)
        self._run_id = ""
        self._fragment_ids: frozenset[str] = frozenset()
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._intervals: dict[str, float] = {}
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._closing = False
        self._failure: BaseException | None = None

    # ------------------------------------------------------------------ connection

    @property
    def connected(self) -> bool:
        return self._ws is not None

    def _http(self) -> httpx.AsyncClient:
        transport = httpx.AsyncHTTPTransport(local_address=self.source_address)
        headers = {"User-Agent": USER_AGENT}
        if self.cookies:
            headers["Cookie"] = self._cookie_header()
        return httpx.AsyncClient(
            transport=transport, timeout=self.timeout_s, trust_env=False, headers=headers
        )

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    async def _preflight(self, page: bool) -> bool:
        """The requests the frontend makes before its WebSocket: the page itself (first load
        only), then `/_stcore/health` and `/_stcore/host-config`. False when not healthy."""
        try:
            async with self._http() as client:
                if page:
                    query = f"?{self.query_string}" if self.query_string else ""
                    reply = await client.get(f"{self.base_url}/{self.page_name}{query}")
                    reply.raise_for_status()
                health, _ = await asyncio.gather(
                    client.get(f"{self.base_url}/_stcore/health"),
                    client.get(f"{self.base_url}/_stcore/host-config"),
                )
                for cookie in client.cookies.jar:  # what Set-Cookie gave this tab
                    if cookie.value is not None:
                        self.cookies[cookie.name] = cookie.value
                return health.status_code == 200 and health.text == "ok"
        except httpx.HTTPError:
            return False

    async def _open_socket(self) -> None:
        scheme = "wss" if self.base_url.startswith("https") else "ws"
        headers = {"User-Agent": USER_AGENT}
        if self.cookies:
            headers["Cookie"] = self._cookie_header()
        # The frontend passes a placeholder XSRF token and the previous session id (to resume
        # it on the same server) after the real subprotocol.
        protocols = [Subprotocol("streamlit"), Subprotocol("PLACEHOLDER_AUTH_TOKEN")]
        if self.session_id:
            protocols.append(Subprotocol(self.session_id))
        local: dict[str, Any] = {}
        if self.source_address:  # passed on to loop.create_connection
            local["local_addr"] = (self.source_address, 0)
        self._ws = await connect(
            f"{scheme}://{self.base_url.split('://', 1)[1]}/_stcore/stream",
            subprotocols=protocols,
            origin=Origin(self.base_url),
            additional_headers=headers,
            user_agent_header=None,
            proxy=None,
            open_timeout=self.timeout_s,
            # Browsers never send WebSocket pings: a client that does closes its connection
            # when a busy server answers late, and its reconnect makes a new session.
            ping_interval=None,
            max_size=None,
            **local,
        )
        self.stats.connects += 1
        self.stats.runs_before_connect = self.stats.runs_finished

    async def open(self) -> None:
        """Load the page and connect; the first script run is requested (not awaited)."""
        if not await self._preflight(self.load_page):
            raise SessionError(f"{self.base_url} is not healthy")
        await self._open_socket()
        self._reader = asyncio.create_task(self._read_loop())
        await self.rerun()

    async def close(self) -> None:
        """Close the tab: stop timers, close the WebSocket, stop reading."""
        self._closing = True
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._ws = None

    async def __aenter__(self) -> StSession:
        await self.open()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def _read_loop(self) -> None:
        try:
            while not self._closing:
                await self._read_until_closed()
                if self._closing:
                    return
                self._ws = None
                self.stats.last_disconnect_s = time.time()
                self._notify()
                if not self.reconnect:
                    raise SessionError("connection closed")
                await self._reconnect()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # fail the waiters rather than hang them
            self._failure = error
            self._notify()

    async def _read_until_closed(self) -> None:
        ws = self._ws
        if ws is None:
            return
        try:
            async for data in ws:
                if isinstance(data, bytes):
                    message = ForwardMsg()
                    message.ParseFromString(data)
                    self._handle(message)
        except (ConnectionClosed, OSError):
            pass

    async def _reconnect(self) -> None:
        """What the frontend does after losing its WebSocket: ping health with back-off, open a
        new WebSocket (offering the old session id), then request a rerun of the same address."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        attempt = 0
        while not self._closing:
            delay = RECONNECT_DELAYS_S[min(attempt, len(RECONNECT_DELAYS_S) - 1)]
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            attempt += 1
            if not await self._preflight(page=False):
                continue
            try:
                await self._open_socket()
            except (OSError, InvalidHandshake, InvalidURI, TimeoutError):
                continue
            self.stats.reconnects += 1
            self.stats.reconnected_s.append(time.time())
            # A socket that drops at once is read to its end by the loop, which reconnects.
            with contextlib.suppress(Disconnected):
                await self.rerun()
            return

    # ------------------------------------------------------------------ incoming messages

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _handle(self, message: ForwardMsg) -> None:
        self.stats.messages += 1
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self._new_run(message)
        elif kind == "delta":
            self.tree.apply(message, self._run_id)
            self._run_scripts(message)
        elif kind == "script_finished":
            self._finished(message)
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "session_status_changed":
            self.script_running = message.session_status_changed.script_is_running
        elif kind == "auto_rerun":
            self._start_timer(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                timer = self._timers.pop(fragment_id, None)
                if timer is not None:
                    timer.cancel()
        elif kind == "navigation" and message.navigation.page_script_hash:
            self.page_script_hash = message.navigation.page_script_hash
        self._notify()

    def _new_run(self, message: ForwardMsg) -> None:
        new_session = message.new_session
        if new_session.HasField("initialize"):
            self.session_id = new_session.initialize.session_id
        if new_session.page_script_hash:
            self.page_script_hash = new_session.page_script_hash
        run = message.metadata.run
        self._run_id = run.script_run_id or f"run-{len(self._runs)}"
        self._fragment_ids = frozenset(run.fragment_ids)
        if not self._fragment_ids:  # a full run starts every fragment timer afresh
            for timer in self._timers.values():
                timer.cancel()
            self._timers.clear()
        self._runs.append((self._run_id, None))

    def _finished(self, message: ForwardMsg) -> None:
        status = message.script_finished
        run_id = message.metadata.run.script_run_id or self._run_id
        if status == FINISHED:
            self.tree.prune(run_id)
        elif status == FINISHED_FRAGMENT:
            fragments = frozenset(message.metadata.run.fragment_ids) or self._fragment_ids
            self.tree.prune(run_id, fragments)
        for index in range(len(self._runs) - 1, -1, -1):
            if self._runs[index][0] == run_id:
                self._runs[index] = (run_id, int(status))
                break
        if status in (FINISHED, FINISHED_FRAGMENT):
            self.stats.runs_finished += 1
            # The frontend forgets the values of widgets that are no longer on the page.
            present = {node.id for node in self.tree.walk() if node.id}
            for widget_id in [w for w in self._states if w not in present]:
                del self._states[widget_id]

    def _run_scripts(self, message: ForwardMsg) -> None:
        """Emulate the one kind of script a load driver must: setting a cookie."""
        element = message.delta.new_element
        if message.delta.WhichOneof("type") != "new_element" or element.WhichOneof("type") != (
            "html"
        ):
            return
        if not element.html.unsafe_allow_javascript:
            return
        for _, assignment in _COOKIE_SCRIPT.findall(element.html.body):
            name, _, value = assignment.split(";", 1)[0].partition("=")
            if name.strip():
                self.cookies[name.strip()] = value.strip()

    def _start_timer(self, fragment_id: str, interval_s: float) -> None:
        if fragment_id in self._timers and self._intervals.get(fragment_id) == interval_s:
            return  # the frontend keeps a running timer of the same period
        self._intervals[fragment_id] = interval_s
        old = self._timers.pop(fragment_id, None)
        if old is not None:
            old.cancel()
        if interval_s > 0:
            self._timers[fragment_id] = asyncio.create_task(self._tick(fragment_id, interval_s))

    async def _tick(self, fragment_id: str, interval_s: float) -> None:
        while True:  # like the frontend's setInterval: fixed period, whatever the server does
            await asyncio.sleep(interval_s)
            if self._ws is not None:
                with contextlib.suppress(Disconnected, OSError):
                    await self._send_rerun(fragment_id=fragment_id, auto=True)

    # ------------------------------------------------------------------ outgoing messages

    async def _send_rerun(
        self, *, fragment_id: str = "", auto: bool = False, trigger: WidgetState | None = None
    ) -> int:
        """Send a rerun request with the page's widget values; returns the index the run it
        starts will have in `_runs`."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page_name
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        query = f"?{self.query_string}" if self.query_string else ""
        state.context_info.url = f"{self.base_url}/{self.page_name}{query}"
        for widget in self._states.values():
            state.widget_states.widgets.append(widget)
        if trigger is not None:
            state.widget_states.widgets.append(trigger)
        index = len(self._runs)
        if self._ws is None:
            raise Disconnected("not connected")
        try:
            await self._ws.send(message.SerializeToString())
        except ConnectionClosed as error:  # not an OSError: callers must not miss it
            raise Disconnected(f"connection dropped while sending: {error}") from error
        return index

    async def rerun(self, fragment_id: str = "") -> None:
        """Request a script run (the whole page, or one fragment) with the current values."""
        await self._send_rerun(fragment_id=fragment_id)

    async def _rerun_and_wait(
        self, *, fragment_id: str = "", trigger: WidgetState | None = None, timeout_s: float
    ) -> None:
        index = await self._send_rerun(fragment_id=fragment_id, trigger=trigger)

        def done() -> bool:
            return any(status in (FINISHED, FINISHED_FRAGMENT) for _, status in self._runs[index:])

        await self.wait_for(done, timeout_s)

    async def click(self, node: Node, *, wait: bool = True, timeout_s: float | None = None) -> None:
        """Click a button: one trigger, with the form's values when it submits a form. The
        rerun is the fragment's when the button is inside one, as in the frontend."""
        trigger = WidgetState(id=node.id, trigger_value=True)
        if node.form_id:
            self._states.update(self._form_states.pop(node.form_id, {}))
        await self._run_after_change(node, trigger, wait, timeout_s)

    async def set_value(
        self,
        node: Node,
        value: str | float | bool | None,
        *,
        wait: bool = True,
        timeout_s: float | None = None,
    ) -> None:
        """Set a widget as a person would: type text, enter a number, tick a box, or choose
        an option by its label (radio, select box). Outside a form this reruns (and waits for
        that run unless `wait` is False); inside one it waits for the submit button."""
        state = WidgetState(id=node.id)
        if node.kind in ("text_input", "text_area") and isinstance(value, str):
            state.string_value = value
        elif node.kind in ("radio", "selectbox") and isinstance(value, str):
            options = list(getattr(node.proto, "options", []))
            if value not in options:
                raise ValueError(f"{value!r} is not an option of {node.label!r}: {options}")
            state.string_value = value
        elif node.kind == "checkbox" and isinstance(value, bool):
            state.bool_value = value
        elif node.kind == "number_input" and isinstance(value, (int, float)):
            state.double_value = float(value)
        else:
            raise ValueError(f"cannot set {node.kind} {node.label!r} to {value!r}")
        if node.form_id:
            self._form_states.setdefault(node.form_id, {})[node.id] = state
            return
        self._states[node.id] = state
        await self._run_after_change(node, None, wait, timeout_s)

    async def _run_after_change(
        self, node: Node, trigger: WidgetState | None, wait: bool, timeout_s: float | None
    ) -> None:
        if wait:
            await self._rerun_and_wait(
                fragment_id=node.fragment_id, trigger=trigger, timeout_s=timeout_s or self.timeout_s
            )
        else:
            await self._send_rerun(fragment_id=node.fragment_id, trigger=trigger)

    # ------------------------------------------------------------------ waiting

    async def wait_for(self, check: Callable[[], T | None], timeout_s: float | None = None) -> T:
        """Wait until `check()` returns something truthy (re-checked after every message) and
        return it; TimeoutError after `timeout_s`."""
        deadline = time.monotonic() + (self.timeout_s if timeout_s is None else timeout_s)
        while True:
            if self._failure is not None:
                raise SessionError(f"session failed: {self._failure!r}") from self._failure
            result = check()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the page did not show what was awaited in time")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_for_text(
        self, text: str, *, within_key: str | None = None, timeout_s: float | None = None
    ) -> str:
        """Wait until `text` is shown (inside the block keyed `within_key` when given);
        returns the whole text it was found in."""

        def shown() -> str | None:
            page = self.tree.text(within_key)
            return page if text in page else None

        return await self.wait_for(shown, timeout_s)

    async def wait_for_node(
        self,
        *,
        kind: str | None = None,
        label: str | None = None,
        key: str | None = None,
        text: str | None = None,
        within_key: str | None = None,
        timeout_s: float | None = None,
    ) -> Node:
        """Wait until an element matching the filters (see `ElementTree.find_all`) is shown."""
        return await self.wait_for(
            lambda: self.tree.find(
                kind=kind, label=label, key=key, text=text, within_key=within_key
            ),
            timeout_s,
        )

    async def wait_fresh(self, timeout_s: float | None = None) -> None:
        """Wait until a run has finished on the latest connection (after a reconnect, what
        the tree holds before that is the old server's page)."""
        await self.wait_for(
            lambda: (
                self._ws is not None and self.stats.runs_finished > self.stats.runs_before_connect
            ),
            timeout_s,
        )

    async def wait_idle(self, timeout_s: float | None = None) -> None:
        """Wait until at least one run has finished and no script is running."""
        await self.wait_for(
            lambda: self.stats.runs_finished > 0 and not self.script_running, timeout_s
        )
