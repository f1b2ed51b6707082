"""`ServerAddressHint` adds the server's address to a page's own HTML and touches nothing else."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from deploy.server_address import HINT, STREAMLIT_ROUTES, ServerAddressHint, page_of, with_hint

HTML = b"<!doctype html><html><head><meta charset='UTF-8'></head><body>app</body></html>"

segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789-", min_size=1, max_size=20)
page_name = segment.filter(lambda s: s not in STREAMLIT_ROUTES)
base_path = st.lists(segment, max_size=3).map("/".join)


def test_page_of_names_a_page_one_segment_below_the_base() -> None:
    assert page_of("/cost_estimator") == "cost_estimator"
    assert page_of("/cost_estimator/") == "cost_estimator"
    assert page_of("/course/lesson", "course") == "lesson"
    assert page_of("/course/lesson", "/course/") == "lesson"


def test_page_of_refuses_everything_else() -> None:
    assert page_of("/") is None  # home: Streamlit's first try is right
    assert page_of("/course", "course") is None  # the app's own base
    assert page_of("/favicon.png") is None
    assert page_of("/_stcore/health") is None
    assert page_of("/static/js/index.js") is None
    assert page_of("/media") is None
    assert page_of("/cost_estimator/_stcore/health") is None
    assert page_of("/lesson", "course") is None  # outside the base


@given(base=base_path, page=page_name)
def test_any_page_under_any_base_is_found(base: str, page: str) -> None:
    assert page_of(f"/{base}/{page}".replace("//", "/"), base) == page


@given(base=base_path, page=page_name, deeper=segment)
def test_deeper_paths_are_not_pages(base: str, page: str, deeper: str) -> None:
    assert page_of(f"/{base}/{page}/{deeper}".replace("//", "/"), base) is None


def test_hint_goes_first_in_the_head_once() -> None:
    hinted = with_hint(HTML)
    assert hinted.startswith(b"<!doctype html><html><head>" + HINT + b"<meta")
    assert hinted.count(HINT) == 1
    assert with_hint(b"no head here") == b"no head here"


def _serve(
    path: str,
    *,
    method: str = "GET",
    content_type: bytes = b"text/html; charset=utf-8",
    extra_headers: list[tuple[bytes, bytes]] | None = None,
    body: bytes = HTML,
) -> tuple[list[dict[str, Any]], list[tuple[bytes, bytes]]]:
    """Run the middleware over an app that answers in two body chunks; what was sent, and the
    request headers the app saw."""
    seen: list[tuple[bytes, bytes]] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.extend(scope["headers"])
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            *(extra_headers or []),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        half = len(body) // 2
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:], "more_body": False})

    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {
        "type": "http", "method": method, "path": path,
        "headers": [(b"accept-encoding", b"gzip"), (b"accept", b"text/html")],
    }  # fmt: skip
    asyncio.run(ServerAddressHint(inner)(scope, receive, send))
    return sent, seen


def _body(sent: list[dict[str, Any]]) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_a_pages_html_gets_the_hint_and_a_true_length() -> None:
    sent, seen = _serve("/cost_estimator")
    body = _body(sent)
    assert body == with_hint(HTML)
    length = dict(sent[0]["headers"])[b"content-length"]
    assert int(length) == len(body)
    assert b"accept-encoding" not in dict(seen)  # asked uncompressed, so it can be edited


def test_other_answers_pass_through_untouched() -> None:
    for path, kwargs in [
        ("/", {}),
        ("/_stcore/host-config", {"content_type": b"application/json"}),
        ("/cost_estimator", {"method": "HEAD"}),
        ("/cost_estimator", {"content_type": b"text/plain"}),
        ("/cost_estimator", {"extra_headers": [(b"content-encoding", b"gzip")]}),
    ]:
        sent, _ = _serve(path, **kwargs)  # type: ignore[arg-type]
        assert _body(sent) == HTML, (path, kwargs)
        assert len(sent) == 3, (path, kwargs)
