"""The bundled sample case's hand-made answer (``samples/sample_case.gold.json``) in the gold.jsonl layout.

The sample gold lists entities with their surface forms and links with evidence, not spans; its
mentions are every occurrence of a listed form (``samples.loader.find_mentions``). Written out as a
corpus folder (report files + ``gold.jsonl``) it can be scored by ``threadline evaluate`` like the
dev corpus. Spans found this way are as good as the listed forms: a form the list lacks is missed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from extract.evaluation import DocRecord


def sample_case_records() -> list[DocRecord]:
    """One gold record per sample report file, in file order."""
    from samples.loader import gold_extractions, read_sample_reports

    reports = read_sample_reports()
    extractions = gold_extractions(reports)
    records: list[DocRecord] = []
    for name in sorted(reports):
        extraction = extractions[name]
        records.append(
            {
                "doc": name,
                "entities": [
                    {"start": m.start, "end": m.end, "text": m.text, "label": m.label, "entity_id": m.entity_id}
                    for m in extraction.mentions
                ],
                "relations": [
                    {"type": link.type, "head": link.source, "tail": link.target, "evidence": link.sentence}
                    for link in extraction.links
                ],
            }
        )
    return records


def write_sample_case_corpus(folder: str | Path) -> Path:
    """Copy the sample report files into ``folder`` with a ``gold.jsonl`` beside them."""
    from samples.loader import sample_report_files

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for path in sample_report_files():
        shutil.copyfile(path, target / path.name)
    with (target / "gold.jsonl").open("w", encoding="utf-8") as out:
        for record in sample_case_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


if __name__ == "__main__":
    import sys

    print(write_sample_case_corpus(sys.argv[1] if len(sys.argv) > 1 else "tests/data/sample_case_gold"))
