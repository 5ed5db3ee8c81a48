"""The use cases the command line and the workspace share (see DESIGN.md)."""
