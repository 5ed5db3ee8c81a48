"""``Key: value`` forms: header blocks, case forms, charge sheets and narrative boxes.

A field's key (``Name``, ``Reported by``, ``Place Last Seen``) is a label, never an entity;
the value of a person key (``Accused: R. MALABRE, Det. Insp.``) starts with a person's name.
Several fields may share a line (``Sex: F      Age: 14``, ``Officer: ... | Interpreter: ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.layouts.vocabulary import folded_key, word_list


@dataclass(frozen=True)
class Field:
    """``text[key_start:key_end]`` is the key, ``text[value_start:value_end]`` its value (stripped)."""

    key: str
    key_start: int
    key_end: int
    value: str
    value_start: int
    value_end: int

    @property
    def folded(self) -> str:
        return folded_key(self.key)


# a key: up to five words opening a line or following a wide gap / a bar, then a colon
_FIELD = re.compile(
    r"(?:^|(?<=[ \t]{2})|(?<=\| )|(?<=\*  ))[ \t]*(?P<key>[A-Za-z][A-Za-z/&'.()\-]*(?:[ \t][A-Za-z/&'.()\-]+){0,4})[ \t]*:"
    r"(?!//)[ \t]*(?P<value>[^\n|]*?)(?=[ \t]{3,}[A-Za-z][A-Za-z/ .()\-]{0,30}:|[ \t]*\||[ \t]*$)",
    re.MULTILINE,
)


def is_form_key(key: str) -> bool:
    """Whether a key is a form label: a known key, or known words ending it (``Date/Time Last Seen``,
    ``Signature of Reporting Officer``)."""
    folded = folded_key(key)
    keys = word_list("form_keys")
    if folded in keys:
        return True
    words = folded.split()
    return any(" ".join(words[i:]) in keys for i in range(1, len(words))) or (
        len(words) >= 2 and words[0] in keys and words[1] in ("of", "by", "no", "no.", "number")
    )


def find_fields(text: str) -> list[Field]:
    """Every ``Key: value`` field whose key is a form label, in text order."""
    fields = []
    for m in _FIELD.finditer(text):
        key = m["key"].strip()
        if not is_form_key(key):
            continue
        fields.append(
            Field(key, m.start("key"), m.start("key") + len(key), m["value"], m.start("value"), m.end("value"))
        )
    return fields


def is_person_key(field_: Field) -> bool:
    folded = field_.folded
    keys = word_list("person_keys")
    return folded in keys or any(
        folded.endswith(" " + k) for k in keys if " " not in k and k not in ("to", "from", "cc")
    )


_INITIALS = r"(?:[A-Z]\.[ \t]?){1,3}"
_WORD = r"(?:Mc|Mac|O')?[A-ZÀ-Þ][A-Za-zß-ÿ'’\-]+"
#: The name a person field's value starts with: ``R. MALABRE``, ``FAIRCLOUGH, Tyesha A.``,
#: ``Jocelyne Moïse``, ``K. Lyn``, ``"Moya"``.
_VALUE_NAME = re.compile(
    rf"(?:\[[^\]\n]{{1,12}}\][ \t]*)?(?P<q>[\"“])?(?P<name>(?:{_INITIALS})?{_WORD}(?:(?<=[A-Z]{{2}}),[ \t]+{_WORD}(?:[ \t]+(?:{_WORD}|[A-Z]\.)){{0,2}}|(?:[ \t]+(?:{_WORD}|[A-Z]\.)){{0,3}}))(?(q)[\"”])"
)


def value_name(
    text: str, field_: Field, titles: frozenset[str], not_names: frozenset[str] = frozenset()
) -> tuple[int, int] | None:
    """The span of the person's name a person field's value starts with (titles skipped), or None
    when the value opens with a word that is no name (``not_names``: ``Office of the ...``)."""
    at = field_.value_start
    while True:
        m = re.match(r"[A-Z][A-Za-z]{0,5}\.?[ \t]+", text[at : field_.value_end])
        if m and m.group().strip().rstrip(".") in titles | {t.rstrip(".") for t in titles}:
            at += m.end()
            continue
        break
    m = _VALUE_NAME.match(text, at, field_.value_end)
    if m is None:
        return None
    name = m["name"]
    words = name.replace(",", " ").split()
    if words[0] in not_names or (len(words) == 1 and len(words[0]) < 3):
        return None
    # a trailing title or rank after the name ("R. MALABRE, Det") is not part of it
    while len(words) > 1 and words[-1].rstrip(".") in {t.rstrip(".") for t in titles}:
        cut = name.rfind(words[-1])
        name = name[:cut].rstrip(" ,\t")
        words = words[:-1]
    return m.start("name"), m.start("name") + len(name)
