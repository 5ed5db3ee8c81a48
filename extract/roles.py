"""A first assessment of each person's role in a report: victim, suspect, officer or witness.

Victim protection hangs on the role (victims are shown as pseudonyms), so a person must not
wait for an analyst before being treated as a victim. These are assessments from the
extracted links and the words around a name; an analyst's role always wins (the resolver's
decisions and the stores keep it).

Rules (weighed over every report of a batch, see :func:`decide_role`):
- the one acted upon by an act of trafficking or exploitation (the tail of RECRUITED,
  TRANSPORTED, TRANSFERRED, HARBOURED, RECEIVED, EXPLOITED) is a victim;
- a report's interviewee, complainant or survivor named in a header line is a victim;
- a person named right after a police rank (Det. Sgt., Cpl., Insp., Constable...) is an officer;
- the one who carries out such an act, or CONTROLS a person, is a suspect;
- a person named in a "Witness:" header line is a witness.
"""

from __future__ import annotations

import re
from collections import Counter

from graph.model import Extraction, Report

#: Links whose tail is a trafficked or exploited person.
VICTIM_LINKS = frozenset({"RECRUITED", "TRANSPORTED", "TRANSFERRED", "HARBOURED", "RECEIVED", "EXPLOITED"})


_RANK = re.compile(
    r"(?:\b(?:Det|Sgt|Cpl|Cst|Const|Insp|Supt|Lt|Capt|DCP|ACP|SSP|ASP|DSP|PC|DC|DS|DI)\.?"
    r"|\b(?:Detective|Sergeant|Corporal|Constable|Inspector|Superintendent|Officer|Commissioner))"
    r"(?:[ \t]+(?:Det|Sgt|Cpl|Cst|Insp|Supt)\.?)*[ \t]+$"
)
_VICTIM_HEADER = re.compile(
    r"^[ \t]*(?:Interviewee|Complainant|Survivor|Victim|Client)\b[^:\n]{0,20}:[ \t]*", re.I | re.M
)
_WITNESS_HEADER = re.compile(r"^[ \t]*(?:Witness|Deponent)\b[^:\n]{0,20}:[ \t]*", re.I | re.M)


def role_evidence(report: Report, extraction: Extraction) -> dict[str, Counter[str]]:
    """What one report says of each person's role, as weights per role.

    An act link adds its confidence to its tail's ``victim`` and its head's ``suspect``
    weight (CONTROLS over a person to the head's ``suspect``); a police rank before a name
    adds 1 to ``officer``; an interviewee or complainant header line 2 to ``victim``, a
    witness header line 1 to ``witness``.
    """
    people = {e.id for e in extraction.entities if e.kind == "PERSON"}
    found: dict[str, Counter[str]] = {}

    def note(entity_id: str, role: str, weight: float) -> None:
        if entity_id in people:
            found.setdefault(entity_id, Counter())[role] += weight

    for link in extraction.links:
        if link.type in VICTIM_LINKS:
            note(link.target, "victim", link.confidence)
            note(link.source, "suspect", link.confidence)
        elif link.type == "CONTROLS" and link.target in people:
            note(link.source, "suspect", link.confidence)
    victim_lines = {m.end() for m in _VICTIM_HEADER.finditer(report.text)}
    witness_lines = {m.end() for m in _WITNESS_HEADER.finditer(report.text)}
    officers: set[str] = set()
    for mention in extraction.mentions:
        if mention.entity_id not in people:
            continue
        line_start = report.text.rfind("\n", 0, mention.start) + 1
        if _RANK.search(report.text[line_start : mention.start]):
            officers.add(mention.entity_id)
        if mention.start in victim_lines:
            note(mention.entity_id, "victim", 2.0)
        if mention.start in witness_lines:
            note(mention.entity_id, "witness", 1.0)
    for entity_id in officers:
        note(entity_id, "officer", 1.0)
    return found


def decide_role(weights: Counter[str]) -> str:
    """One role from the weights of every report: a victim unless the evidence of offending is
    stronger (protection first); an officer unless offending outweighs it; then suspect, witness."""
    victim, suspect, officer = weights["victim"], weights["suspect"], weights["officer"]
    if victim > 0 and victim >= suspect:
        return "victim"
    if officer > 0 and officer >= suspect:
        return "officer"
    if suspect > 0:
        return "suspect"
    return "witness" if weights["witness"] > 0 else "unknown"


def assess_roles(report: Report, extraction: Extraction) -> dict[str, str]:
    """The assessed role of each person of one report's extraction (unknown ones left out)."""
    decided = {entity_id: decide_role(weights) for entity_id, weights in role_evidence(report, extraction).items()}
    return {entity_id: role for entity_id, role in decided.items() if role != "unknown"}
