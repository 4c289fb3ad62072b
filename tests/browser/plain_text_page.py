"""A Streamlit page for test_plain_text_rendering.py (not a test itself): every hostile
construct of tests/_hostile_text.py through ``raati.ui.plain`` into each kind of element
that renders Markdown, and as it is into the ones that do not (selectbox, multiselect,
st.text)."""

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent)]

from _hostile_text import ALL  # noqa: E402

from raati.ui import plain  # noqa: E402

st.set_page_config(layout="wide")
for i, text in enumerate(ALL):
    md = plain(text)
    with st.container(key=f"k{i}_markdown"):
        st.markdown(md)
    with st.container(key=f"k{i}_caption"):
        st.caption(md)
    with st.container(key=f"k{i}_title"):
        st.title(md, anchor=False)
    with st.container(key=f"k{i}_info"):
        st.info(md)
    with st.container(key=f"k{i}_button"):
        st.button(md, key=f"b{i}")
    with st.container(key=f"k{i}_checkbox"):
        st.checkbox(md, key=f"c{i}")
    with st.container(key=f"k{i}_toggle"):
        st.toggle(md, key=f"t{i}")
    with st.container(key=f"k{i}_textarea"):
        st.text_area(md, key=f"a{i}")
    with st.container(key=f"k{i}_expander"):
        st.expander(md).write("")
    with st.container(key=f"k{i}_tab"):
        st.tabs([md])
    with st.container(key=f"k{i}_radio"):
        st.radio(f"radio {i}", [md], key=f"r{i}")
    with st.container(key=f"k{i}_pills"):
        st.pills(f"pills {i}", [md], key=f"p{i}")
    with st.container(key=f"k{i}_metric"):
        st.metric(md, 1)
    # Not Markdown: the text goes in as it is.
    with st.container(key=f"k{i}_selectbox"):
        st.selectbox(f"selectbox {i}", [text], key=f"s{i}")
    with st.container(key=f"k{i}_multiselect"):
        st.multiselect(f"multiselect {i}", [text], default=[text], key=f"m{i}")
    with st.container(key=f"k{i}_text"):
        st.text(text)
