"""From a report to its Extraction: provisional entities, exact mentions, typed links, indicators.

Entity ids are provisional (``{report_id}#{n}``) and unique within a batch, except those
whose identity is in the text itself: phones (``PH_`` + E.164), e-mails (``EM_`` + address),
handles (``H_`` + account) and plated vehicles (``V_`` + plate). The resolver
(``extract/resolve.py``) turns provisional ids into canonical ones across reports.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from functools import lru_cache

import phonenumbers
from spacy.language import Language
from spacy.tokens import Doc

from extract.components import ExtractionExporter
from extract.dates import date_events
from extract.phones import PhoneMatch
from extract.pipeline import load_pipeline
from extract.readers import MAX_CHUNK_CHARS, chunk_text
from graph.identity import phone_number
from graph.model import Entity, Extraction, Indicator, Link, Mention, Report, make_entity, strongest_links


def extraction_pipeline(model_name: str | None = None) -> Language:
    """The cached pipeline that ends with ``threadline_export`` (plain results, multiprocess-safe)."""
    return load_pipeline(model_name, export=True)


# --- documents to extractions ------------------------------------------------------------------


def extract_report(report: Report, nlp: Language | None = None) -> Extraction:
    """The Extraction of one report (provisional entity ids)."""
    return next(iter(extract_reports([report], nlp=nlp)))


def extract_reports(
    reports: Iterable[Report],
    nlp: Language | None = None,
    workers: int = 1,
    batch_size: int = 8,
    max_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Extraction]:
    """Extractions of many reports in order, via ``nlp.pipe`` (``workers`` processes).

    Long reports are cut at paragraph boundaries into chunks spaCy accepts; offsets stay
    offsets into the whole report text.
    """
    nlp = nlp or extraction_pipeline()
    exporting = "threadline_export" in nlp.pipe_names
    reports = list(reports)
    pieces: list[tuple[str, tuple[int, int, int]]] = []
    for index, report in enumerate(reports):
        size = max_chars if len(report.text) <= WINDOW_CHARS else min(max_chars, WINDOW_CHARS // 2)
        for chunk_no, (offset, piece) in enumerate(chunk_text(report.text, size)):
            pieces.append((piece, (index, chunk_no, offset)))
    assemblies = {index: ExtractionAssembly(report) for index, report in enumerate(reports)}
    for window in _windows(pieces, reports):
        contexts = [context for _piece, context in window]
        if exporting and workers > 1 and len(window) > 1 and "fork" in multiprocessing.get_all_start_methods():
            results = _in_workers(nlp, [piece for piece, _context in window], workers, batch_size)
        else:
            results = _in_this_process(nlp, window, exporting, batch_size)
        for data, (index, chunk_no, offset) in zip(results, contexts, strict=True):
            assemblies[index].add(chunk_no, offset, data)  # the plain results go with this window
        del results
    for index in range(len(reports)):
        yield assemblies.pop(index).finish()


#: A report longer than this is read in windows of at most this much text, each window's parsed
#: docs let go before the next is parsed, so memory stays flat however long the report (its
#: names are shared within a window). Shorter reports are read together as one batch, as before.
WINDOW_CHARS = 100_000


def _windows(
    pieces: list[tuple[str, tuple[int, int, int]]], reports: list[Report]
) -> Iterator[list[tuple[str, tuple[int, int, int]]]]:
    """The pieces in the groups they are parsed in: every piece of a report of at most
    WINDOW_CHARS together, then each longer report's pieces in windows of at most WINDOW_CHARS."""
    together = [p for p in pieces if len(reports[p[1][0]].text) <= WINDOW_CHARS]
    if together:
        yield together
    window: list[tuple[str, tuple[int, int, int]]] = []
    size, current = 0, None
    for piece in pieces:
        index = piece[1][0]
        if len(reports[index].text) <= WINDOW_CHARS:
            continue
        if window and (index != current or size + len(piece[0]) > WINDOW_CHARS):
            yield window
            window, size = [], 0
        window.append(piece)
        size += len(piece[0])
        current = index
    if window:
        yield window


def _in_this_process(
    nlp: Language, pieces: list[tuple[str, tuple[int, int, int]]], exporting: bool, batch_size: int
) -> list[dict]:
    """Both passes (the pipeline, then the batch's names) here: the plain results of every piece, in order."""
    later = _later_steps(nlp)
    stream = nlp.pipe(pieces, as_tuples=True, batch_size=batch_size, disable=later)
    if exporting:
        docs = [doc for doc, _context in stream]
    else:  # a pipeline without the export step: export here
        export = ExtractionExporter(nlp, "threadline_export")
        docs = [export(doc) for doc, _context in stream]
    known = batch_names([doc._.extraction for doc in docs])
    for doc in docs:
        finish(nlp, doc, known, later)
    return [doc._.extraction for doc in docs]


def _in_workers(nlp: Language, texts: list[str], workers: int, batch_size: int) -> list[dict]:
    """Both passes in ``workers`` forked processes, each keeping its share of the parsed docs
    between them: only plain results and the batch's names cross process boundaries, and the
    second pass runs in parallel too (with ``nlp.pipe(n_process=...)`` it ran here, alone)."""
    context = multiprocessing.get_context("fork")
    shares = _shares(texts, workers)
    running = []
    for share in shares:
        ours, theirs = context.Pipe()
        process = context.Process(target=_worker, args=(nlp, share, batch_size, theirs), daemon=True)
        process.start()
        theirs.close()
        running.append((process, ours))
    try:
        first = [_receive(conn) for _process, conn in running]
        known = batch_names([data for part in first for data in part])
        for _process, conn in running:
            conn.send(known)
        return [data for _process, conn in running for data in _receive(conn)]
    finally:
        for process, conn in running:
            conn.close()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


def _shares(texts: list[str], workers: int) -> list[list[str]]:
    """``texts`` cut into at most ``workers`` runs in order, of about equal length."""
    total = sum(len(t) for t in texts) or 1
    shares: list[list[str]] = [[]]
    done = 0
    for text in texts:
        if shares[-1] and done >= total * len(shares) / workers and len(shares) < workers:
            shares.append([])
        shares[-1].append(text)
        done += len(text)
    return shares


def _worker(nlp: Language, texts: list[str], batch_size: int, conn) -> None:
    try:
        later = _later_steps(nlp)
        docs = list(nlp.pipe(texts, batch_size=batch_size, disable=later))
        conn.send(("ok", [doc._.extraction for doc in docs]))
        known = conn.recv()
        for doc in docs:
            finish(nlp, doc, known, later)
        conn.send(("ok", [doc._.extraction for doc in docs]))
    except Exception as error:  # noqa: BLE001 - carried to the parent, which raises it
        conn.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        conn.close()


def _receive(conn) -> list[dict]:
    try:
        status, value = conn.recv()
    except EOFError as error:
        raise RuntimeError("An extraction worker stopped without an answer (out of memory?)") from error
    if status != "ok":
        raise RuntimeError(f"An extraction worker failed: {value}")
    return value


def batch_names(extractions: list[dict]) -> list[tuple[str, str]]:
    """Names worth looking for in every report of a batch: full names of people, their parts
    and nicknames, and organisation names with several words, as found in any report."""
    found: dict[str, str] = {}
    for data in extractions:
        for cluster in data["clusters"]:
            label = cluster["label"]
            if label == "PERSON":
                name_words = cluster["name"].split()
                if len(name_words) >= 2:
                    found.setdefault(cluster["name"], label)
                    found.setdefault(name_words[0], label)
                    found.setdefault(name_words[-1], label)
                for alias in cluster["aliases"]:
                    if alias.startswith(('"', "“")):
                        continue
                    if len(name_words) >= 2 and len(alias.split()) == 1 and alias.istitle():
                        found.setdefault(alias, label)
            elif label == "ORG" and len(cluster["name"].split()) >= 2:
                found.setdefault(cluster["name"], label)
                for alias in cluster["aliases"]:
                    if len(alias.split()) >= 2 and not alias.isupper():
                        found.setdefault(alias, label)
    return sorted(found.items())


#: Steps that read the mentions as a batch's names settle them: run once, after that.
LATER_STEPS = ("threadline_coref", "threadline_relations", "threadline_indicators")


def _later_steps(nlp: Language) -> list[str]:
    return [name for name in LATER_STEPS if name in nlp.pipe_names]


def finish(nlp: Language, doc: Doc, known: list[tuple[str, str]], later: list[str]) -> None:
    """The second pass over a doc whose first pass ran without the ``later`` steps: look for
    the batch's names again (when there are any), then run the ``later`` steps once on the
    settled mentions (running them in the first pass too wasted them whenever the names changed
    the mentions; indicators read only the text)."""
    from extract.components import record
    from extract.recognise import Found

    data = doc._.extraction
    if known:
        doc._.candidates = [
            Found(**{**c, "alias_of": tuple(c["alias_of"]) if c.get("alias_of") else None}) for c in data["candidates"]
        ]
        doc._.phones = [PhoneMatch(**p) for p in doc._.phones or []]
        doc._.known_names = known
        nlp.get_pipe("threadline_mentions")(doc)
        for name in later:
            nlp.get_pipe(name)(doc)
        ExtractionExporter(nlp, "threadline_export")(doc)
        return
    if not later:
        return
    doc._.mentions = [
        Found(**{**m, "alias_of": tuple(m["alias_of"]) if m.get("alias_of") else None}) for m in data["mentions"]
    ]
    for name in later:
        nlp.get_pipe(name)(doc)
    data["relations"] = [record(r) for r in doc._.relations or []]
    data["indicators"] = [record(i) for i in doc._.indicators or []]
    doc._.mentions = doc._.relations = doc._.indicators = None


def regroup(nlp: Language, doc: Doc, known: list[tuple[str, str]]) -> None:
    """Run the mention step again with the batch's names, and what depends on its result.

    Indicators read only the text, so they are kept as found; relations read the mentions,
    so they are found again only when the mentions changed (most reports of a batch find
    nothing new, and the relation rules are the dearest step after the model).
    """
    from extract.components import mention_record
    from extract.recognise import Found

    data = doc._.extraction
    doc._.candidates = [
        Found(**{**c, "alias_of": tuple(c["alias_of"]) if c.get("alias_of") else None}) for c in data["candidates"]
    ]
    doc._.phones = [PhoneMatch(**p) for p in doc._.phones or []]
    doc._.known_names = known
    nlp.get_pipe("threadline_mentions")(doc)
    unchanged = [mention_record(m) for m in doc._.mentions or []] == data["mentions"]
    if not unchanged:
        for name in ("threadline_coref", "threadline_relations"):
            if name in nlp.pipe_names:
                nlp.get_pipe(name)(doc)
    ExtractionExporter(nlp, "threadline_export")(doc)
    doc._.extraction["indicators"] = data["indicators"]
    if unchanged:
        doc._.extraction["relations"] = data["relations"]


class ExtractionAssembly:
    """The Extraction of one report, assembled chunk by chunk from the plain results of its
    chunks as each window of a long report is parsed, so the plain results are let go window
    by window instead of all being held until the end. Chunks are added in order."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.entities: dict[str, Entity] = {}
        self.key_to_id: dict[str, str] = {}
        self.mentions: list[Mention] = []
        self.links: list[Link] = []
        self.indicators: list[Indicator] = []
        self.counter = 0
        self.person_names: dict[str, str] = {}
        self.last_chunk = -1

    def add(self, chunk_no: int, offset: int, data: dict) -> None:
        if chunk_no <= self.last_chunk:
            raise ValueError(f"chunk {chunk_no} of {self.report.id} came after chunk {self.last_chunk}")
        self.last_chunk = chunk_no
        report, entities, key_to_id = self.report, self.entities, self.key_to_id

        def local(key: str) -> str:
            return f"{chunk_no}:{key}" if key.startswith("P#") else key

        for cluster in data["clusters"]:
            key = local(cluster["key"])
            if cluster["label"] == "PERSON" and key not in key_to_id:
                # the same full name in another chunk of this report is the same person
                same = self.person_names.get(cluster["name"].casefold())
                if same is not None:
                    key_to_id[key] = same
                    continue
            if key in key_to_id:
                entity = entities[key_to_id[key]]
                for alias in [cluster["name"], *cluster["aliases"]]:
                    if alias != entity.name and alias not in entity.aliases:
                        entity.aliases.append(alias)
                continue
            entity_id = _entity_id(report.id, cluster, self.counter)
            self.counter += 1
            key_to_id[key] = entity_id
            if cluster["label"] == "PERSON" and len(cluster["name"].split()) >= 2:
                self.person_names.setdefault(cluster["name"].casefold(), entity_id)
            if entity_id in entities:
                continue
            entities[entity_id] = _entity(entity_id, cluster)
        sentences: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its mentions
        for m in data["mentions"]:
            entity_id = key_to_id.get(local(m["key"]))
            if entity_id is None:
                continue
            start, end = m["start"] + offset, m["end"] + offset
            bounds = _sentence_bounds(report.text, start, end)
            sentence = sentences.get(bounds)
            if sentence is None:
                sentence = sentences[bounds] = report.text[bounds[0] : bounds[1]].strip()
            self.mentions.append(
                Mention(report.id, entity_id, start, end, report.text[start:end], m["label"], sentence)
            )
        for r in data["relations"]:
            head, tail = key_to_id.get(local(r["head"])), key_to_id.get(local(r["tail"]))
            if head is None or tail is None or head == tail:
                continue
            self.links.append(
                Link(
                    r["type"],
                    head,
                    tail,
                    report.id,
                    r["sentence"],
                    r["start"] + offset,
                    r["end"] + offset,
                    r["confidence"],
                    r["method"],
                )
            )
        for i in data["indicators"]:
            self.indicators.append(
                Indicator(
                    report.id,
                    i["category"],
                    i["name"],
                    i["sentence"],
                    i["start"] + offset,
                    i["end"] + offset,
                    i["confidence"],
                )
            )

    def finish(self) -> Extraction:
        """The report's Extraction, once every chunk is in (e-mail headers and event dates added)."""
        for email in _header_emails(self.report, self.entities):
            self.entities.setdefault(email.id, email)
        extraction = Extraction(
            entities=list(self.entities.values()),
            mentions=self.mentions,
            links=strongest_links(self.links),
            indicators=self.indicators,
        )
        date_events(self.report, extraction)
        return extraction


def all_links(extraction: Extraction) -> list[Link]:
    return extraction.links


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or line) around the span ``start:end`` of ``text`` begins and ends."""
    left = max(text.rfind("\n", 0, start), max(text.rfind(". ", 0, start), -1) + 1)
    right_candidates = [p for p in (text.find("\n", start), text.find(". ", end)) if p != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return max(0, left), right + (1 if right < len(text) and text[right] == "." else 0)


def _entity_id(report_id: str, cluster: dict, counter: int) -> str:
    key = cluster["key"]
    label = cluster["label"]
    if label in ("PHONE", "EMAIL", "HANDLE"):
        return key
    if label == "VEHICLE" and any(c.isdigit() for c in key):
        return key
    return f"{report_id}#{counter}"


def _entity(entity_id: str, cluster: dict) -> Entity:
    label = cluster["label"]
    props = dict(cluster["props"])
    name = cluster["name"]
    aliases = list(cluster["aliases"])
    if label == "PHONE":
        e164 = phone_number(entity_id)
        known = _phone_facts(e164)
        if known is not None:
            props["region"], props["number_type"] = known
        aliases = [a for a in [name, *aliases] if a != e164]
        name = e164
    return make_entity(label, entity_id, name, aliases, **props)


@lru_cache(maxsize=8192)
def _phone_facts(e164: str) -> tuple[str | None, str] | None:
    """(region, number type) of an E.164 number, or None if ``phonenumbers`` cannot parse it (cached)."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(number), _number_type(number)


def _number_type(number: phonenumbers.PhoneNumber) -> str:
    kind = phonenumbers.number_type(number)
    names = {
        phonenumbers.PhoneNumberType.MOBILE: "mobile",
        phonenumbers.PhoneNumberType.FIXED_LINE: "fixed line",
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed line or mobile",
        phonenumbers.PhoneNumberType.VOIP: "voip",
        phonenumbers.PhoneNumberType.TOLL_FREE: "toll free",
    }
    return names.get(kind, "unknown")


def _header_emails(report: Report, entities: dict[str, Entity]) -> list[Entity]:
    """Addresses from an e-mail's headers that the body never repeats still become EMAIL entities."""
    import re

    found = []
    head = report.text[:2000]
    for match in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", head):
        entity_id = "EM_" + match.group().casefold()
        if entity_id not in entities:
            found.append(make_entity("EMAIL", entity_id, match.group()))
    return found


#: Link types the corpus format does not annotate: kept in the store, left out of ``--jsonl``.
UNANNOTATED_LINKS = ("CO_MENTIONED", "LOCATED_AT")


def as_record(document_name: str, extraction: Extraction) -> dict:
    """An extraction in the corpus's ``gold.jsonl`` form: entities (spans) and the typed relations
    the corpus annotates (no CO_MENTIONED, no LOCATED_AT)."""
    kinds = {e.id: e.kind for e in extraction.entities}
    return {
        "doc": document_name,
        "entities": [
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "label": kinds.get(m.entity_id, m.label),
                "entity_id": m.entity_id,
            }
            for m in sorted(extraction.mentions, key=lambda m: (m.start, m.end))
        ],
        "relations": [
            {
                "type": link.type,
                "head": link.source,
                "tail": link.target,
                "evidence": link.sentence,
                "confidence": link.confidence,
            }
            for link in extraction.links
            if link.type not in UNANNOTATED_LINKS
        ],
    }
