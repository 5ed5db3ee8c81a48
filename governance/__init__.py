"""Governance: intelligence grading, access and need-to-know, victim protection, the audit log and retention.

Pure modules the CLI, the workspace and the stores call; none of them touches Streamlit.
"""
