"""Who says what: chat and message exports, e-mail threads with quoted replies, Q/A interviews
and statements.

A :class:`Message` is a stretch of text one person wrote or said; its speaker is a mention of
that person, and "I", "me", "my" inside it are that person. Read are:

* chat exports: ``[12/03/2024, 21:14] Name: text``, ``12/03/2024 21:14 - Name: text``,
  ``Name (10:32): text``, transcript lines ``NAME: text`` (when a report has several);
* e-mails: the body under ``From: Name <address>``, and ``>`` quoted lines under
  ``On <date>, Name <address> wrote:`` (one level of ``>`` per quoted e-mail);
* interviews and statements: the answers (``A:``) and the narrative of the person the header
  names (``Interviewee: ...``, ``Statement of ...``); questions are nobody's first person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.layouts.forms import is_form_key
from extract.layouts.vocabulary import folded_key, word_list


@dataclass(frozen=True)
class Message:
    """``text[body_start:body_end]`` was written or said by the person named at ``text[speaker_start:speaker_end]``."""

    speaker: str
    speaker_start: int
    speaker_end: int
    body_start: int
    body_end: int
    kind: str  # "chat", "email", "quoted", "answer", "statement"


# a speaker's name; a scanned one may have a digit for a letter ("Kiki 8lackwood", "B1ackwood")
_NAME = r"[A-ZÀ-Þ][\w'’.\-]*(?:[ \t](?:[A-ZÀ-Þ]|[018](?=[a-z]{2}))[\w'’.\-]*){0,3}"
_STAMP = (
    r"\[?\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4},?[ \t]+\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]?[APap]\.?[Mm]\.?)?\]?(?:[ \t]*-)?"
)
_CHAT_STAMPED = re.compile(rf"^[ \t]*{_STAMP}[ \t]*(?P<speaker>{_NAME}|\+?[\d ]{{7,}})[ \t]*:[ \t]?(?P<body>.*)$", re.M)
_CHAT_TIMED = re.compile(
    rf"^[ \t]*(?P<speaker>{_NAME})[ \t]*\(\d{{1,2}}[:.]\d{{2}}(?:[ \t]?[APap][Mm])?\)[ \t]*:[ \t]?(?P<body>.*)$", re.M
)
_CHAT_PLAIN = re.compile(rf"^[ \t]*(?P<speaker>{_NAME})[ \t]*:[ \t]+(?P<body>\S.*)$", re.M)
_FROM = re.compile(r"^[ \t]*From:[ \t]*(?P<speaker>[^<\n]*?)[ \t]*(?:<[^>\n]+>|\[[^\]\n]+\])?[ \t]*$", re.M)
_WROTE = re.compile(
    r"^(?P<q>[> \t]*)On[ \t][^\n]*?,[ \t]*(?P<speaker>[A-Z][^<\n,]*?)[ \t]*(?:<[^>\n]+>)?[ \t]*wrote:[ \t]*$", re.M
)
_ANSWER = re.compile(r"^[ \t]*(?P<who>[A-Za-z][A-Za-z .'’\-]{0,20}?)[ \t]*[:.)][ \t]+(?P<body>.*)$", re.M)


def find_messages(text: str, narrator: tuple[int, int] | None = None) -> list[Message]:
    """Every message in ``text``: chats, e-mails and their quoted replies, and (given the span of
    the person a statement or interview header names) that person's answers and narrative."""
    messages = _chats(text) + _emails(text)
    if narrator is not None and not messages:
        messages = _statement(text, narrator)
    messages.sort(key=lambda m: m.body_start)
    return messages


def _speaker_ok(speaker: str) -> bool:
    words = speaker.split()
    return (
        bool(words)
        and len(words) <= 4
        and not is_form_key(speaker)
        and folded_key(speaker) not in word_list("question_speakers") | word_list("answer_speakers")
    )


def _ocr_folded(name: str) -> str:
    """A speaker's name as compared with the others: folded, with scanning slips undone (8lackwood = Blackwood)."""
    return folded_key(name).translate(str.maketrans("0185", "olbs"))


def _chats(text: str) -> list[Message]:
    found: list[Message] = []
    taken: set[int] = set()
    for pattern in (_CHAT_STAMPED, _CHAT_TIMED):
        for m in pattern.finditer(text):
            if m.start() in taken or not _speaker_ok(m["speaker"]) or m["speaker"][0] == "+":
                continue
            taken.add(m.start())
            found.append(
                Message(m["speaker"], m.start("speaker"), m.end("speaker"), m.start("body"), m.end("body"), "chat")
            )
    plain = [m for m in _CHAT_PLAIN.finditer(text) if m.start() not in taken and _speaker_ok(m["speaker"])]
    speakers = [_ocr_folded(m["speaker"]) for m in plain]
    # plain "Name: text" lines are a transcript only when speakers take turns: a name heads two or more
    for m, folded in zip(plain, speakers, strict=True):
        if speakers.count(folded) >= 2 and len(set(speakers)) >= 2:
            found.append(
                Message(m["speaker"], m.start("speaker"), m.end("speaker"), m.start("body"), m.end("body"), "chat")
            )
    # a message runs on over the lines that follow it until the next speaker or a blank line
    found.sort(key=lambda m: m.body_start)
    extended = []
    for n, message in enumerate(found):
        stop = found[n + 1].speaker_start if n + 1 < len(found) else len(text)
        end = message.body_end
        while True:
            nxt = text.find("\n", end + 1)
            line_end = len(text) if nxt == -1 else nxt
            line = text[end + 1 : line_end]
            if end >= stop or end + 1 >= stop or not line.strip() or line_end > stop:
                break
            if re.match(rf"^[ \t]*(?:{_STAMP}|[A-Z][\w ]{{0,30}}:|\[|VN-|---|===)", line):
                break
            end = line_end
        extended.append(
            Message(message.speaker, message.speaker_start, message.speaker_end, message.body_start, end, message.kind)
        )
    return extended


def _quote_depth(line: str) -> int:
    return re.match(r"^[> \t]*", line).group().count(">")


def _emails(text: str) -> list[Message]:
    """Bodies under ``From:`` headers (to the first quoted line or the next header), and quoted
    replies under ``On ... wrote:`` (the lines quoted at least as deep as the first one below it)."""
    found: list[Message] = []
    headers = [m for m in _FROM.finditer(text) if m["speaker"].strip()]
    wrote = list(_WROTE.finditer(text))
    for n, m in enumerate(headers):
        blank = text.find("\n\n", m.end())
        if blank == -1:
            continue
        start = blank + 2
        stops = [h.start() for h in headers[n + 1 :]] + [w.start() for w in wrote if w.start() > start]
        quoted = re.search(r"^[ \t]*>", text[start:], re.M)
        if quoted:
            stops.append(start + quoted.start())
        end = min(stops, default=len(text))
        speaker = m["speaker"].strip().strip("\"'")
        s = m.start("speaker") + m["speaker"].find(speaker)
        found.append(Message(speaker, s, s + len(speaker), start, end, "email"))
    for w in wrote:
        body_start = w.end() + 1
        depth = None
        end = body_start
        for line in re.finditer(r"^.*$", text[body_start:], re.M):
            marks = _quote_depth(line.group())
            if depth is None:
                depth = max(marks, 1)
            if marks < depth or _WROTE.match(line.group()):
                break
            end = body_start + line.end()
        if end > body_start:
            speaker = w["speaker"].strip()
            found.append(
                Message(speaker, w.start("speaker"), w.start("speaker") + len(speaker), body_start, end, "quoted")
            )
    return found


def _statement(text: str, narrator: tuple[int, int]) -> list[Message]:
    """A statement's or interview's narrative after its header: every line but the questions."""
    name = text[narrator[0] : narrator[1]]
    questions = word_list("question_speakers")
    answers = word_list("answer_speakers")
    out = []
    blank = text.find("\n\n", narrator[1])
    after = len(text) if blank == -1 else blank + 2  # the narrative starts under the header block
    for line in re.finditer(r"^.*$", text[after:], re.M):
        start = after + line.start()
        body = line.group()
        if not body.strip():
            continue
        m = _ANSWER.match(body)
        shouting = m is not None and m["who"].isupper() and len(m["who"]) > 2
        if m and (
            folded_key(m["who"]) in questions
            or (folded_key(m["who"]) not in answers and (is_form_key(m["who"]) or shouting))
        ):
            continue  # a question, the officer's own line, or a note or field that is nobody's speech
        out.append(Message(name, narrator[0], narrator[1], start, start + len(body), "answer" if m else "statement"))
    return out


def narrator_of(text: str, fields) -> tuple[int, int] | None:
    """The span of the person a statement or interview is by, from its header fields
    (``Interviewee:``, ``Statement of:``, ``Witness:``) or a ``STATEMENT OF NAME`` title."""
    keys = word_list("narrator_keys")
    if re.search(r"(?m)^[ \t]*Q\d*[:.][ \t]", text) and re.search(r"(?m)^[ \t]*A\d*[:.][ \t]", text):
        keys = keys | {"subject", "name"}  # in a Q/A record the subject named in the header answers
    from extract.layouts.forms import value_name
    from extract.lexicon import word_set

    for f in fields:
        if f.folded in keys:
            span = value_name(text, f, word_set("titles"), word_set("not_persons"))
            if span and len(text[span[0] : span[1]].replace(",", " ").split()) >= 2:
                return span  # a name, not "Anonymous" or "Female"
    m = re.search(
        rf"(?im)^[ \t]*(?:statement|declaration|deposition)[ \t]+(?:of|by)[ \t]*:?[ \t]*(?P<name>{_NAME})", text
    )
    if m:
        return m.start("name"), m.end("name")
    return None
