"""The graph side of Threadline: the data model, the store contract, its backends and analysis."""
