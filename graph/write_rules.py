"""How a stored entity takes what a newly ingested report says about it: the rules both stores apply.

Pure functions over property dictionaries, so the embedded store (Python over SQLite) and the
Neo4j store (which reads the stored properties in its ingest check and writes only the changes)
cannot drift apart:

* a property is filled in only where the store says nothing yet (None, "" or "unknown");
* a person assessed a victim becomes one, whatever role was stored (victim protection first);
* an analyst's role is final: no report overrides a role an analyst set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Values that say nothing: a property holding one of them may be filled in by any report.
UNSAID: tuple[Any, ...] = (None, "", "unknown")


def says_something(value: Any) -> bool:
    return value not in UNSAID


def takes(key: str, stored: Any, new: Any, role_is_final: bool = False) -> bool:
    """Whether a stored property ``key`` holding ``stored`` takes the ``new`` value a report gives.

    >>> takes("parish", None, "St James")
    True
    >>> takes("role", "suspect", "victim")
    True
    >>> takes("role", "victim", "suspect")
    False
    >>> takes("role", "suspect", "victim", role_is_final=True)
    False
    """
    if not says_something(new):
        return False
    if key == "role" and role_is_final:
        return False
    return not says_something(stored) or (key == "role" and new == "victim")


def changes(stored: Mapping[str, Any], new: Mapping[str, Any], role_is_final: bool = False) -> dict[str, Any]:
    """The properties of ``new`` that ``stored`` takes (see :func:`takes`), to write over it."""
    return {key: value for key, value in new.items() if takes(key, stored.get(key), value, role_is_final)}


def combined(stored: Mapping[str, Any], new: Mapping[str, Any], role_is_final: bool = False) -> dict[str, Any]:
    """``stored`` with what it takes from ``new``."""
    return {**stored, **changes(stored, new, role_is_final)}
