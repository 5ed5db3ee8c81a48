"""Workspace pages: each file is one Streamlit page script, registered in app.py with st.navigation."""
