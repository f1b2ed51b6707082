"""The app as served: Streamlit's own server running `app.py`, with `ServerAddressHint`.

Start it as `streamlit run serve.py` (what `make run`, `make class`, the replicas and the tests
do). `streamlit run app.py` serves the same app, but a page opened by its own address then
waits for a failed health check and a retry timer before it connects (`deploy/server_address.py`).
"""

import streamlit as st
from starlette.middleware import Middleware

from deploy.server_address import ServerAddressHint

app = st.App("app.py", middleware=[Middleware(ServerAddressHint)])
