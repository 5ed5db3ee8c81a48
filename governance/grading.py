"""Intelligence grading: the schemes a deployment can choose, reading gradings from report headers,
and what a link, a path or a key-player explanation is worth given the evidence behind it.

Two schemes are built in. Both store their grades in ``Report.source_grading`` /
``Report.information_grading`` (see :class:`graph.model.Grading`, which compares them):

``admiralty`` (the default)
    NATO / Admiralty code: source reliability A (completely reliable) to F (cannot be
    judged), information credibility 1 (confirmed) to 6 (cannot be judged). The handling
    code is whatever the deployment writes (free text, e.g. ``H2`` or ``OFFICIAL-SENSITIVE``).
``5x5x5``
    The UK National Intelligence Model form: source evaluation A (always reliable) to E
    (untested source), intelligence evaluation 1 (known to be true without reservation) to 5
    (suspected to be false or malicious), and handling code 1 to 5 (1 may be disseminated to
    other law-enforcement and prosecuting agencies ... 5 no further dissemination: refer to
    the originator). Written ``B/2/4`` or ``B24``; the letter is always the source.

Choose the scheme with ``THREADLINE_GRADING_SCHEME`` or ``[settings] grading_scheme`` in the
users file (see :mod:`governance.access`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from graph.errors import ThreadlineError
from graph.model import INFORMATION_GRADES, SOURCE_GRADES, Evidence, Grading, Report

DEFAULT_SCHEME = "admiralty"


class GradingError(ThreadlineError, ValueError):
    """A grading that the deployment's scheme does not allow; the message lists what it does."""


@dataclass(frozen=True)
class GradingScheme:
    """One way of grading intelligence: the allowed grades, best first, with what each means."""

    name: str
    title: str
    source_grades: tuple[tuple[str, str], ...]  # (grade, meaning), best first
    information_grades: tuple[tuple[str, str], ...]
    handling_codes: tuple[tuple[str, str], ...] = ()  # empty: free text

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(grade for grade, _ in self.source_grades)

    @property
    def informations(self) -> tuple[str, ...]:
        return tuple(grade for grade, _ in self.information_grades)

    @property
    def handlings(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.handling_codes)

    def meaning(self, grading: Grading) -> str:
        """``"B2: usually reliable; probably true"`` for display beside a grade."""
        source = dict(self.source_grades).get(grading.source or "", "source not graded")
        information = dict(self.information_grades).get(grading.information or "", "information not graded")
        return f"{grading}: {source}; {information}"

    def check(self, source: str | None, information: str | None, handling: str | None = None) -> Grading:
        """The Grading for these values, or GradingError naming the values this scheme allows."""
        source = source.strip().upper() if source else None
        information = information.strip() if information else None
        if source is not None and source not in self.sources:
            raise GradingError(f"{self.title}: source grade {source!r} is not one of {', '.join(self.sources)}")
        if information is not None and information not in self.informations:
            raise GradingError(
                f"{self.title}: information grade {information!r} is not one of {', '.join(self.informations)}"
            )
        if handling is not None and self.handling_codes and handling.strip() not in self.handlings:
            raise GradingError(f"{self.title}: handling code {handling!r} is not one of {', '.join(self.handlings)}")
        return Grading(source, information)


ADMIRALTY = GradingScheme(
    name="admiralty",
    title="Admiralty (NATO) A-F / 1-6",
    source_grades=(
        ("A", "completely reliable"),
        ("B", "usually reliable"),
        ("C", "fairly reliable"),
        ("D", "not usually reliable"),
        ("E", "unreliable"),
        ("F", "reliability cannot be judged"),
    ),
    information_grades=(
        ("1", "confirmed by other sources"),
        ("2", "probably true"),
        ("3", "possibly true"),
        ("4", "doubtful"),
        ("5", "improbable"),
        ("6", "truth cannot be judged"),
    ),
)

UK_5X5X5 = GradingScheme(
    name="5x5x5",
    title="UK 5x5x5 (National Intelligence Model)",
    source_grades=(
        ("A", "always reliable"),
        ("B", "mostly reliable"),
        ("C", "sometimes reliable"),
        ("D", "unreliable"),
        ("E", "untested source"),
    ),
    information_grades=(
        ("1", "known to be true without reservation"),
        ("2", "known personally to the source but not to the officer"),
        ("3", "not personally known to the source but corroborated"),
        ("4", "cannot be judged"),
        ("5", "suspected to be false or malicious"),
    ),
    handling_codes=(
        ("1", "may be disseminated to other law-enforcement and prosecuting agencies"),
        ("2", "may be disseminated to non-prosecuting parties (authorisation and records needed)"),
        ("3", "may be disseminated to foreign law-enforcement agencies (special conditions apply)"),
        ("4", "may be disseminated within the originating agency only"),
        ("5", "no further dissemination: refer to the originator (special handling)"),
    ),
)

SCHEMES: dict[str, GradingScheme] = {scheme.name: scheme for scheme in (ADMIRALTY, UK_5X5X5)}


def scheme_named(name: str | None = None) -> GradingScheme:
    """The scheme a deployment chose: ``name``, else ``THREADLINE_GRADING_SCHEME``, else Admiralty."""
    chosen = (name or os.environ.get("THREADLINE_GRADING_SCHEME") or DEFAULT_SCHEME).strip().lower()
    aliases = {"nato": "admiralty", "uk": "5x5x5", "nim": "5x5x5", "5x5": "5x5x5"}
    chosen = aliases.get(chosen, chosen)
    if chosen not in SCHEMES:
        raise GradingError(f"Unknown grading scheme {chosen!r}: choose one of {', '.join(SCHEMES)}")
    return SCHEMES[chosen]


# --- reading gradings from report headers ----------------------------------------------------


@dataclass(frozen=True)
class HeaderGrading:
    """What a report header says about its grading."""

    scheme: str
    grading: Grading
    handling_code: str | None = None


_GRADING_LINE = re.compile(
    r"^[ \t]*(?P<key>grading|evaluation|admiralty|nato grading|source grading|5\s*x\s*5\s*x\s*5|nim grading)"
    r"[ \t]*[:=][ \t]*(?P<value>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_HANDLING_LINE = re.compile(r"^[ \t]*handling(?:[ \t]+code)?[ \t]*[:=][ \t]*(?P<value>[^\n(]*)", re.I | re.M)


def parse_header_grading(text: str, scheme: GradingScheme | None = None, lines: int = 25) -> HeaderGrading | None:
    """The grading written in the first ``lines`` lines of a report, or None when there is none.

    Reads ``Grading: B2 (usually reliable, probably true)``, ``Grading: B/2``,
    ``5x5x5: B/2/4`` (source, intelligence, handling) and ``5x5x5: 2/B/1`` (numbers and the
    letter in either order: the letter is the source, the first number the information
    grade, the second the handling code), plus a separate ``Handling code: 4`` line.
    A ``5x5x5`` key selects that scheme whatever the deployment default.
    """
    head = "\n".join(text.split("\n")[:lines])
    match = _GRADING_LINE.search(head)
    handling_line = _HANDLING_LINE.search(head)
    handling = handling_line["value"].strip() or None if handling_line else None
    if match is None:
        if handling is None:
            return None
        chosen = scheme or scheme_named()
        return HeaderGrading(chosen.name, Grading(), handling)
    key = re.sub(r"\s", "", match["key"].lower())
    chosen = UK_5X5X5 if key == "5x5x5" else (scheme or scheme_named())
    value = match["value"].split("(")[0].strip()
    letters = re.findall(r"(?<![A-Za-z])[A-Fa-f](?![A-Za-z])", value)
    digits = re.findall(r"(?<!\d)[1-6](?!\d)", value)
    source = letters[0].upper() if letters else None
    information = digits[0] if digits else None
    if len(digits) > 1 and handling is None:
        handling = digits[1]
    if source is not None and source not in chosen.sources:
        source = None
    if information is not None and information not in chosen.informations:
        information = None
    return HeaderGrading(chosen.name, Grading(source, information), handling)


# --- what evidence is worth -----------------------------------------------------------------

ASSESSMENT = "assessment"
CONFIRMED = "confirmed"
RECORD = "record"

#: How each link method is labelled: machine extraction is an assessment, never a fact.
_METHOD_LABELS = {"analyst": CONFIRMED, "calls": RECORD}


def assessment_label(method: str) -> str:
    """``"confirmed"`` for a link an analyst confirmed, ``"record"`` for call-detail records, and
    ``"assessment"`` for everything machine-extracted or imported (rule, co-occurrence, import)."""
    return _METHOD_LABELS.get((method or "").strip().lower(), ASSESSMENT)


def _rank(grade: str | None, scale: Sequence[str]) -> int:
    """Position on the scale, best = 0; a missing or unknown grade is the worst."""
    return scale.index(grade) if grade in scale else len(scale) - 1


def worse(first: Grading, second: Grading) -> Grading:
    """The weaker of two gradings, axis by axis (an ungraded axis is the weakest)."""
    source = max((first.source, second.source), key=lambda g: (_rank(g, SOURCE_GRADES), g is None))
    information = max((first.information, second.information), key=lambda g: (_rank(g, INFORMATION_GRADES), g is None))
    return Grading(source, information)


def better(first: Grading, second: Grading) -> Grading:
    """The stronger of two gradings, axis by axis."""
    source = min((first.source, second.source), key=lambda g: (_rank(g, SOURCE_GRADES), g is None))
    information = min((first.information, second.information), key=lambda g: (_rank(g, INFORMATION_GRADES), g is None))
    return Grading(source, information)


def weakest_grading(evidence: Iterable[Evidence]) -> Grading:
    """The weakest source and the weakest information grade among the evidence (each axis on its
    own). No evidence, or ungraded evidence, gives an ungraded (worst) Grading."""
    result: Grading | None = None
    for item in evidence:
        result = item.grading if result is None else worse(result, item.grading)
    return result or Grading()


def link_grading(evidence: Iterable[Evidence]) -> Grading:
    """What a link between two entities is worth: the best grading among the reports supporting
    it (one well-graded report is enough to stand the link up)."""
    result: Grading | None = None
    for item in evidence:
        result = item.grading if result is None else better(result, item.grading)
    return result or Grading()


def independent_reports(evidence: Iterable[Evidence]) -> int:
    """How many independent reports support the evidence: distinct reports, where reports
    that give the very same sentence (word for word, ignoring case and spacing) count once,
    since a sentence copied from one report into another is not corroboration."""
    by_report: dict[str, set[str]] = {}
    for item in evidence:
        sentence = " ".join(item.sentence.casefold().split())
        by_report.setdefault(item.report_id, set()).update({sentence} if sentence else set())
    groups: list[tuple[set[str], set[str]]] = []  # (report ids, sentences) judged to be one source
    for report_id, sentences in by_report.items():
        joined = [g for g in groups if g[1] & sentences]
        reports = {report_id}.union(*(g[0] for g in joined))
        merged = set(sentences).union(*(g[1] for g in joined))
        groups = [g for g in groups if g not in joined] + [(reports, merged)]
    return len(groups)


@dataclass(frozen=True)
class Support:
    """What a path, a link or a key-player explanation rests on, for display beside it."""

    weakest: Grading
    independent_reports: int
    reports: int
    labels: tuple[str, ...]  # assessment / confirmed / record, as found

    @property
    def is_assessment(self) -> bool:
        """True when any part rests only on machine extraction (not confirmed by an analyst)."""
        return ASSESSMENT in self.labels

    def describe(self) -> str:
        label = ASSESSMENT if self.is_assessment else (self.labels[0] if self.labels else ASSESSMENT)
        return (
            f"weakest grading {self.weakest}, {self.independent_reports} independent report(s) "
            f"of {self.reports}; {label}"
        )


def path_support(hops: Sequence[Sequence[Evidence]]) -> Support:
    """The support of a path whose hops each have their evidence: the weakest hop's grading
    (a hop is as good as its best report), and how many independent reports stand behind it."""
    weakest: Grading | None = None
    every: list[Evidence] = []
    labels: list[str] = []
    for evidence in hops:
        hop_grade = link_grading(evidence)
        weakest = hop_grade if weakest is None else worse(weakest, hop_grade)
        every.extend(evidence)
        hop_labels = {assessment_label(e.method) for e in evidence}
        # a hop an analyst confirmed is confirmed, whatever else also supports it
        hop_label = CONFIRMED if CONFIRMED in hop_labels else RECORD if hop_labels == {RECORD} else ASSESSMENT
        if hop_label not in labels:
            labels.append(hop_label)
    return Support(
        weakest=weakest or Grading(),
        independent_reports=independent_reports(every),
        reports=len({e.report_id for e in every}),
        labels=tuple(labels),
    )


def evidence_support(evidence: Sequence[Evidence]) -> Support:
    """The support of a set of evidence taken together (e.g. a key player's explanation):
    the weakest grading among it and how many independent reports it comes from."""
    return Support(
        weakest=weakest_grading(evidence),
        independent_reports=independent_reports(evidence),
        reports=len({e.report_id for e in evidence}),
        labels=tuple(dict.fromkeys(assessment_label(e.method) for e in evidence)),
    )


def meets_minimum(grading: Grading, minimum: str | None) -> bool:
    """Whether a grading passes a minimum-grading filter such as ``"B2"`` (None passes all)."""
    return True if not minimum else grading.meets(Grading.parse(minimum))


def filter_evidence(evidence: Iterable[Evidence], minimum: str | None) -> list[Evidence]:
    """Only the evidence whose report is graded at least ``minimum``."""
    return [e for e in evidence if meets_minimum(e.grading, minimum)]


def apply_grading(
    report: Report,
    grading: str | None = None,
    handling_code: str | None = None,
    scheme: GradingScheme | None = None,
) -> Report:
    """The report with its grading and handling code set, on ingest or when an analyst edits them.

    What the user gives (a CLI flag, the upload form) wins over what the report header says;
    the result is checked against the scheme (GradingError names the allowed values).
    """
    header = parse_header_grading(report.text, scheme)
    chosen = scheme or (SCHEMES[header.scheme] if header is not None else scheme_named())
    given = Grading.parse(grading) if grading else None
    source = (given.source if given else None) or (header.grading.source if header else None) or report.source_grading
    information = (
        (given.information if given else None)
        or (header.grading.information if header else None)
        or report.information_grading
    )
    handling = handling_code or (header.handling_code if header else None) or report.handling_code
    if grading and given == Grading():
        raise GradingError(f"{grading!r} is not a grading: write it like B2 ({chosen.title})")
    chosen.check(source, information, handling)
    return replace(report, source_grading=source, information_grading=information, handling_code=handling)
