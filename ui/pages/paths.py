"""paths page (being built)."""

import streamlit as st

st.title("paths")
st.info("This page is being built.")
