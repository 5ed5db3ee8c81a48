"""The Threadline investigation workspace: Streamlit pages, the graph view and exports."""
