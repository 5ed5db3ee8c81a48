"""HTML for people to read: the network view (pyvis), highlighted report text. No policy, no Streamlit."""
