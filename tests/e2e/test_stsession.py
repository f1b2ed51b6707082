"""The protocol-level Streamlit client (`bench/stsession`) against a throwaway app: it reads what
the script rendered, types into a text input, clicks a button, chooses a radio option inside an
auto-rerunning fragment, submits a form, keeps a cookie set by a script and a query string set
by the app, and reconnects to a restarted server like the frontend does."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.stsession import StSession, key_of
from tests.e2e.helpers import StreamlitServer

APP = textwrap.dedent(
    """
    import streamlit as st

    st.title("Tiny app")
    name = st.text_input("Your name", key="name")
    if st.button("Greet", key="greet"):
        st.markdown(f"Hello, {name}!")
    st.html(
        "<script>document.cookie = 'tiny_cookie=k3y; path=/; max-age=60';</script>",
        unsafe_allow_javascript=True,
    )
    st.caption(f"Cookie seen by the server: {st.context.cookies.get('tiny_cookie', 'none')}")
    with st.form("sign"):
        st.text_input("Town", key="town")
        if st.form_submit_button("Sign"):
            st.query_params["town"] = st.session_state.town
    st.caption(f"Town in the address: {st.query_params.get('town', 'none')}")

    @st.fragment(run_every=0.5)
    def ticker():
        st.session_state.setdefault("ticks", 0)
        st.session_state.ticks += 1
        with st.container(key="tick-box"):
            st.markdown(f"Ticks: {st.session_state.ticks}")
            st.radio("Pick", ["red", "green"], key="pick", index=None)
            st.caption(f"Picked {st.session_state.pick}")

    ticker()
    """
)


@pytest.fixture(scope="module")
def app_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    script = tmp_path_factory.mktemp("stsession") / "tiny_app.py"
    script.write_text(APP, encoding="utf-8")
    return script


@pytest.fixture(scope="module")
def server(app_script: Path) -> Iterator[StreamlitServer]:
    with StreamlitServer(app_script) as running:
        yield running


def test_key_of_reads_the_user_key_from_an_element_id() -> None:
    assert key_of("$$ID-4007d28e50a09855d2bb43ee932ffb14-name") == "name"
    assert key_of("$$ID-4007d28e50a09855d2bb43ee932ffb14-join-send") == "join-send"
    assert key_of("$$ID-4007d28e50a09855d2bb43ee932ffb14-None") is None
    assert key_of("plain") is None


def test_the_client_reads_sets_clicks_and_follows_a_fragment(server: StreamlitServer) -> None:
    async def scenario() -> None:
        async with StSession(f"{server.url}/", source_address="127.0.0.3") as tab:
            await tab.wait_for_text("Tiny app")
            assert "Hello" not in tab.tree.text()
            name = await tab.wait_for_node(kind="text_input", label="Your name")
            await tab.set_value(name, "Ada")
            greet = tab.tree.find(kind="button", key="greet")
            assert greet is not None
            await tab.click(greet)
            await tab.wait_for_text("Hello, Ada!", timeout_s=10)

            # The fragment reruns on its own timer, which the client drives.
            before = tab.stats.runs_finished
            await tab.wait_for(lambda: tab.stats.runs_finished >= before + 3, 10)
            pick = await tab.wait_for_node(kind="radio", key="pick", within_key="tick-box")
            assert pick.fragment_id
            with pytest.raises(ValueError):
                await tab.set_value(pick, "blue")
            await tab.set_value(pick, "green")
            await tab.wait_for_text("Picked green", within_key="tick-box", timeout_s=10)
            assert "Hello, Ada!" in tab.tree.text()  # a fragment run keeps the rest

    asyncio.run(scenario())


def test_form_values_reach_the_server_only_on_submit(server: StreamlitServer) -> None:
    async def scenario() -> None:
        async with StSession(f"{server.url}/?keep=1") as tab:
            town = await tab.wait_for_node(kind="text_input", label="Town")
            await tab.set_value(town, "Lyon")
            await asyncio.sleep(1.5)  # fragment reruns meanwhile must not submit the form
            assert "town=" not in tab.query_string
            sign = tab.tree.find(kind="button", label="Sign")
            assert sign is not None and sign.form_id
            await tab.click(sign)
            await tab.wait_for_text("Town in the address: Lyon", timeout_s=10)
            assert "town=Lyon" in tab.query_string and "keep=1" in tab.query_string

    asyncio.run(scenario())


def test_after_a_restart_the_client_reconnects_with_its_cookie_and_address(
    app_script: Path,
) -> None:
    async def scenario(first: StreamlitServer) -> StSession:
        tab = StSession(f"{first.url}/?town=Oslo", timeout_s=20)
        await tab.open()
        await tab.wait_for_text("Cookie seen by the server: none")
        assert tab.cookies["tiny_cookie"] == "k3y"  # set by the page's script
        return tab

    async def after_restart(tab: StSession) -> None:
        # A new server process: a new session, which sees the cookie and the same address.
        await tab.wait_for_text("Cookie seen by the server: k3y", timeout_s=30)
        await tab.wait_for_text("Town in the address: Oslo")
        assert tab.stats.reconnects == 1
        await tab.close()

    loop = asyncio.new_event_loop()
    try:
        with StreamlitServer(app_script) as first:
            tab = loop.run_until_complete(scenario(first))
            port, old_session = first.port, tab.session_id
        loop.run_until_complete(asyncio.sleep(0.5))
        with StreamlitServer(app_script, port=port):
            loop.run_until_complete(after_restart(tab))
        assert tab.session_id != old_session
    finally:
        loop.close()
