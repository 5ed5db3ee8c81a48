"""The `threadline` command line: thin commands over the extract and graph packages."""
