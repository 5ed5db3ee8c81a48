"""Threadline benchmarks: ratios against a baseline measured in the same run, never absolute times.

Run them with ``python -m bench`` (or ``threadline bench``); ``--quick`` runs a small version
of each, ``--json`` prints one JSON object. Every module follows :data:`bench.common.BenchModule`.
"""
