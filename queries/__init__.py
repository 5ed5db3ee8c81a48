"""Named, parameterised Cypher used by the Neo4j store: one query per ``NAME.cypher`` file.

A package only so the files install with Threadline (``pip install .`` as well as ``-e .``);
:func:`graph.neo4j_store.cypher` loads them by name.
"""
