"""The model's own attribute rules (coarse part of speech, morphology, a few lemmas), applied
without spaCy's general ``Matcher``: the same patterns, looked up by the values they name.

spaCy's ``attribute_ruler`` runs its 179 patterns (``en_core_web_sm``) through the ``Matcher``,
whose set and regex tests are Python calls for every token and pattern: about a tenth of the
model's time per report. :class:`FastAttributeRuler` reads the patterns of the model's ruler,
indexes each by one value it requires (``TAG == "NN"``, ``LOWER in {...}``), checks only the
patterns indexed under a token's values, and sets the ruler's own normalised attributes in the
ruler's order (later rules win), so every token ends up with the same ``pos_``, ``morph``,
``lemma`` and ``dep_`` as under spaCy's ruler. A ruler using anything else (operators, other
attributes or predicates) is left to spaCy: :func:`fast_attribute_ruler` returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from graph.errors import ThreadlineError

#: Token attributes a pattern may test, in the column order of ``Doc.to_array``.
ATTRIBUTES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_ARRAY_IDS = [TAG, LOWER, DEP, IS_SPACE]
#: Columns whose values are strings (compared by their hash); IS_SPACE is 0 or 1.
_STRING_COLUMNS = {0, 1, 2}

#: A test of one token: its attribute row (hashes) -> whether it passes. ``strings`` reads a hash.
Test = Callable[[list[int], Callable[[int], str]], bool]


@dataclass(frozen=True)
class CompiledPattern:
    """One pattern of one rule: the tests of each of its tokens, where it is anchored, and what it sets."""

    rule: int  # the ruler's attribute id: rules apply in this order, later ones winning
    tests: tuple[Test | None, ...]  # one per token of the pattern (None: nothing left to check)
    anchor: int  # which of its tokens the index found
    target: int  # which of its tokens gets the attributes (the rule's index, made non-negative)


class UnsupportedPattern(ThreadlineError, ValueError):
    """A pattern this ruler does not reproduce exactly (spaCy's ruler is kept for it)."""


def _test(column: int, value: object) -> tuple[Test, tuple[int, set[int]] | None]:
    """The test of one ``ATTR: value`` pair, and the (column, values) it can be indexed by, if any."""
    if isinstance(value, bool) and column not in _STRING_COLUMNS:
        wanted = int(value)
        return (lambda row, _s: row[column] == wanted), (column, {wanted})
    if isinstance(value, str) and column in _STRING_COLUMNS:
        wanted = get_string_id(value)
        return (lambda row, _s: row[column] == wanted), (column, {wanted})
    if isinstance(value, dict) and len(value) == 1 and column in _STRING_COLUMNS:
        ((operator, operand),) = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
            values = {get_string_id(v) for v in operand}
            if operator == "IN":
                return (lambda row, _s: row[column] in values), (column, values)
            return (lambda row, _s: row[column] not in values), None
        if operator == "REGEX" and isinstance(operand, str):
            search = re.compile(operand).search
            return (lambda row, strings: bool(search(strings(row[column])))), None
    raise UnsupportedPattern(f"{ATTRIBUTES[column]}: {value!r}")


def _all(tests: list[Test]) -> Test | None:
    """One test for all of ``tests`` (``None`` when there are none: the token always passes)."""
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda row, strings: first(row, strings) and second(row, strings)
    return lambda row, strings: all(test(row, strings) for test in tests)


def compile_pattern(rule: int, pattern: list[dict], index: int) -> tuple[CompiledPattern, int, set[int] | None]:
    """A ruler pattern as tests per token, with the column and values that index it (``None``: check
    everywhere). The test the index stands for is left out: a token found through it passes it."""
    if not pattern:
        raise UnsupportedPattern("empty pattern")
    per_token: list[list[tuple[Test, tuple[int, set[int]] | None]]] = []
    best: tuple[int, int, int, set[int]] | None = None  # (position, test number, column, values): fewest values
    for position, token in enumerate(pattern):
        tests = []
        for attribute, value in token.items():
            if attribute not in ATTRIBUTES:
                raise UnsupportedPattern(f"attribute {attribute}")
            test, key = _test(ATTRIBUTES.index(attribute), value)
            if key is not None and (best is None or len(key[1]) < len(best[3])):
                best = (position, len(tests), *key)
            tests.append((test, key))
        per_token.append(tests)
    target = index if index >= 0 else len(pattern) + index
    if not 0 <= target < len(pattern):
        raise UnsupportedPattern(f"index {index} outside a pattern of {len(pattern)} tokens")
    if best is None:
        token_tests = tuple(_all([test for test, _key in tests]) for tests in per_token)
        return CompiledPattern(rule, token_tests, 0, target), -1, None
    anchor, indexed, column, values = best
    token_tests = tuple(
        _all([test for n, (test, _key) in enumerate(tests) if (position, n) != (anchor, indexed)])
        for position, tests in enumerate(per_token)
    )
    return CompiledPattern(rule, token_tests, anchor, target), column, values


class FastAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns by index lookup; same results, a fraction of the time."""

    def __init__(self, ruler: AttributeRuler, name: str = "threadline_attributes") -> None:
        self.name = name
        self.attrs = ruler.attrs  # normalised {attr id: value} per rule, as spaCy's ruler sets them
        self.index: list[dict[int, list[CompiledPattern]]] = [{} for _ in ATTRIBUTES]
        self.everywhere: list[CompiledPattern] = []
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                compiled, column, values = compile_pattern(rule, pattern, entry.get("index", 0))
                if values is None:
                    self.everywhere.append(compiled)
                else:
                    for value in values:
                        self.index[column].setdefault(value, []).append(compiled)

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(rule, token index) of every pattern that matches, in the order spaCy's ruler applies them."""
        rows = doc.to_array(_ARRAY_IDS).tolist()
        strings = doc.vocab.strings.__getitem__
        found: set[tuple[int, int]] = set()
        n = len(rows)
        tag_index, lower_index, dep_index, space_index = self.index
        for i, row in enumerate(rows):
            candidates = []
            for column_index, value in ((tag_index, row[0]), (lower_index, row[1]), (dep_index, row[2])):
                hits = column_index.get(value)
                if hits:
                    candidates.extend(hits)
            hits = space_index.get(row[3])
            if hits:
                candidates.extend(hits)
            candidates.extend(self.everywhere)
            for pattern in candidates:
                tests = pattern.tests
                if len(tests) == 1:
                    test = tests[0]
                    if test is None or test(row, strings):
                        found.add((pattern.rule, i))
                    continue
                start = i - pattern.anchor
                if start < 0 or start + len(tests) > n:
                    continue
                if all(test is None or test(rows[start + offset], strings) for offset, test in enumerate(tests)):
                    found.add((pattern.rule, start + pattern.target))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        for rule, token_index in self.matches(doc):
            set_token_attrs(doc[token_index], self.attrs[rule])
        return doc


def fast_attribute_ruler(ruler: object, name: str = "threadline_attributes") -> FastAttributeRuler | None:
    """The fast equivalent of a model's attribute ruler, or ``None`` when it is not a plain
    ``AttributeRuler`` or uses a pattern this module does not reproduce exactly."""
    if type(ruler) is not AttributeRuler:
        return None
    try:
        return FastAttributeRuler(ruler, name)
    except UnsupportedPattern:
        return None


@Language.factory("threadline_attributes", default_config={"ruler": "attribute_ruler"})
def make_fast_attribute_ruler(nlp: Language, name: str, ruler: str) -> FastAttributeRuler:
    """Built from the pipeline's own ruler (``ruler``, by name), which should then be disabled."""
    fast = fast_attribute_ruler(nlp.get_pipe(ruler), name)
    if fast is None:
        raise ValueError(f"The attribute ruler {ruler!r} uses patterns threadline_attributes cannot reproduce")
    return fast
