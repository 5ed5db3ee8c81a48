"""recruitment page (being built)."""

import streamlit as st

st.title("recruitment")
st.info("This page is being built.")
