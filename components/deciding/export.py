""" "Deploy it": the recommendation as Azure ML CLI v2 YAML, with a copy button and downloads.

Asks for the Azure names, validates them (messages in words), then shows each file with
`st.code` (which has a copy button) and a download button, plus the commands to apply them.
All of it sits in an expander that builds its content only while open: the code blocks' syntax
highlighter is a 1.5 MB download the page need not wait for.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError
from streamlit.delta_generator import DeltaGenerator

from deploycore.deciding.azureml_yaml import (
    NAME_RULES,
    DeploymentNames,
    deployment_files,
    suggest_endpoint_name,
)
from deploycore.deciding.inputs import DecisionInputs
from deploycore.deciding.rules import Kind
from deploycore.deciding.verdict import Recommendation

# The expander's own key: its open state, and the `.st-key-decide-export` class tests locate it by
# (a keyed container around it was one more block).
EXPORT_OPEN_KEY = "decide-export"

_SIDES = {Kind.REAL_TIME: "Real-time endpoint", Kind.BATCH: "Batch endpoint"}


def show_export(result: Recommendation, inputs: DecisionInputs) -> None:
    """Names in, YAML files out."""
    panel = st.expander(
        "Deploy it: Azure ML CLI v2 YAML",
        icon=":material/rocket_launch:",
        key=EXPORT_OPEN_KEY,
        on_change="rerun",
    )
    if not panel.open:
        return  # the files (and the browser's code highlighter) are built only when open
    _show_files(panel, result, inputs)


def _show_files(panel: DeltaGenerator, result: Recommendation, inputs: DecisionInputs) -> None:
    with panel:
        st.write(
            "Apply these files with `az ml ... create -f` in your Azure ML workspace. The sizes "
            "and counts are the ones priced above; the model must already be registered."
        )
        st.caption(
            "Real-time files use an Azure ML managed online endpoint: Azure runs the always-on "
            "containers for you, instead of you deploying them to ACI or AKS yourself."
        )
        side = st.radio(
            "Export for",
            options=[Kind.REAL_TIME, Kind.BATCH],
            index=0 if result.leaning is Kind.REAL_TIME else 1,
            format_func=lambda kind: (
                _SIDES[kind] + (" (recommended)" if kind is result.leaning else "")
            ),
            horizontal=True,
            key=f"decide-export-side-{result.leaning}",
        )
        left, middle, right = st.columns(3)
        endpoint = left.text_input(
            "Endpoint name",
            value=suggest_endpoint_name(inputs.name),
            key=f"decide-endpoint-name-{suggest_endpoint_name(inputs.name)}",
        )
        model = middle.text_input("Registered model name", value="my-model", key="decide-model")
        version = right.number_input(
            "Model version", min_value=1, value=1, step=1, key="decide-model-version"
        )
        cluster = "batch-cluster"
        if side is Kind.BATCH:
            cluster = st.text_input(
                "Compute cluster name", value="batch-cluster", key="decide-cluster-name"
            )
        try:
            names = DeploymentNames(
                endpoint_name=endpoint.strip(),
                model_name=model.strip(),
                model_version=int(version),
                cluster_name=cluster.strip(),
            )
        except ValidationError as error:
            for detail in error.errors():
                field = str(detail["loc"][0])
                st.error(
                    f"{field.replace('_', ' ').capitalize()} must be {NAME_RULES[field]}.",
                    icon=":material/edit:",
                )
            return
        try:
            files = deployment_files(result, names, inputs.name, side)
        except ValueError as error:
            st.error(str(error), icon=":material/error:")
            return
        st.code("\n".join(f.command for f in files), language="bash")
        for tab, file in zip(st.tabs([f.filename for f in files]), files, strict=True):
            with tab:
                st.code(file.text, language="yaml")
                st.download_button(
                    f"Download {file.filename}",
                    data=file.text,
                    file_name=file.filename,
                    mime="application/x-yaml",
                    key=f"decide-download-{file.filename}",
                    icon=":material/download:",
                )
