"""export page (being built)."""

import streamlit as st

st.title("export")
st.info("This page is being built.")
