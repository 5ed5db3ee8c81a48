"""Victim redaction at case scale: the whole case as a viewer reads it, against the raw read.

On a ``threadline synth`` case (1,000 reports: about 4,700 links and 330 victims), reads the
whole-case subgraph raw and through the guard for a viewer who may not reveal (every victim
hidden), first with the victims' forms built (a new case version; the victims' pseudonym
numbers already assigned, as in a case in use) and then again as the next Streamlit rerun
does (forms and redacted sentences reused by content). The redaction before this design (each
victim's names compiled into a pattern for every sentence) is timed on a sample of the same
sentences and scaled to all of them, as the "before" figure.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from bench.common import BenchResult, best_of, ratio, timed

FIRST_READ_BAR = 5.0  # a new case version: the guarded whole-case read at most 5x the raw read
RERUN_BAR = 3.0  # the next rerun at the same version: at most 3x


def _old_redact(text: str, victims: list) -> str:
    """The redaction this module replaced: one pattern per victim, compiled for every text."""
    for victim in victims:
        variants = {victim.name, *victim.aliases}
        for name in list(variants):
            words = re.findall(r"[^\W\d_][\w'’\-]*", name)
            if len(words) > 1:
                variants.update(w for w in words if len(w) >= 3)
        alternation = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        text = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE).sub("Victim V-000", text)
    return text


def run(quick: bool = False) -> list[BenchResult]:
    from bench.synth import synth_case
    from governance import redaction
    from governance.access import DEFAULT_ROLES, User
    from governance.audit import AuditLog
    from governance.guard import guard
    from graph.embedded import EmbeddedStore

    n_reports = 200 if quick else 1000
    viewer = User("bench viewer", "viewer", ("*",), permissions=DEFAULT_ROLES["viewer"])
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "case.db")
        store.ingest_many(synth_case(n_reports))
        audit = AuditLog(Path(folder) / "audit.db", key="bench")
        raw_s = best_of(store.subgraph, repeat=3)
        subgraph = store.subgraph()
        victims = [e for e in store.entities(["PERSON"]) if e.role == "victim"]
        guard(store, viewer, audit).subgraph()  # pseudonym numbers assigned once, as in a case in use
        redaction._FORMS_CACHE.clear()
        first_s, view = timed(lambda: guard(store, viewer, audit).subgraph())
        rerun_s = best_of(lambda: guard(store, viewer, audit).subgraph(), repeat=3)
        sample = [k.sentence for k in subgraph.links[:100]]
        old_sample_s, _ = timed(lambda: [_old_redact(s, victims) for s in sample])
        old_s = old_sample_s * len(subgraph.links) / max(1, len(sample))
        store.close()
        audit.close()
    detail = (
        f"{len(subgraph.links)} links, {len(victims)} victims: raw {raw_s:.2f} s, guarded {first_s:.2f} s "
        f"(new version), {rerun_s:.2f} s (rerun); before (per-victim patterns, scaled from "
        f"{len(sample)} sentences) {old_s:.1f} s = {ratio(old_s, raw_s):.0f}x raw"
    )
    return [
        BenchResult("redaction.whole_case_first_read", ratio(first_s, raw_s), FIRST_READ_BAR, detail, direction="lower"),
        BenchResult("redaction.whole_case_rerun", ratio(rerun_s, raw_s), RERUN_BAR, detail, direction="lower"),
    ]


if __name__ == "__main__":
    for result in run(quick="--quick" in sys.argv):
        print(f"{result.name}: {result.ratio:.2f}x (bar {result.bar_text}) {result.detail}")
