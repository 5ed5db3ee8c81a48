"""ingest page (being built)."""

import streamlit as st

st.title("ingest")
st.info("This page is being built.")
