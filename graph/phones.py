"""Phone identity (kept for imports): the rules live in :mod:`graph.identity`."""

from __future__ import annotations

from graph.identity import LOCAL_AREA_CODES, NANP_REGIONS, phone_entity_id, to_e164

__all__ = ["LOCAL_AREA_CODES", "NANP_REGIONS", "phone_entity_id", "to_e164"]
