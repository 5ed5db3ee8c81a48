"""network_analysis page (being built)."""

import streamlit as st

st.title("network_analysis")
st.info("This page is being built.")
