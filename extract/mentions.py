"""In-report coreference: which mentions name the same person, place or organisation.

Within one report, ``Marlon "Bigga" Campbell``, a later ``Campbell``, ``CAMPBELL`` and
``Bigga`` are one provisional entity. Names seen once are looked for again everywhere in
the report (a surname the model missed, a nickname in capitals). Cross-report identity is
the resolver's job (``extract/resolve.py``), not this module's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from spacy.lang.en.stop_words import STOP_WORDS

from extract.lexicon import given_names, lexicon, lookup_place, word_set
from extract.literals import literal_alternation
from extract.recognise import QUOTES, Found, settle

_NICK_RULES = ("nickname-cue", "nickname-brackets")


@dataclass
class Cluster:
    """Mentions of one thing in one report."""

    label: str
    key: str
    mentions: list[Found] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)
    props: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The fullest surface form: no quotes, no titles, capitals only where names have them."""
        if self.label == "PERSON":
            return person_name(self)
        if self.label == "LOCATION" and self.props.get("canonical"):
            return self.props["canonical"]
        forms = [m.text for m in self.mentions]
        best = max(forms, key=lambda f: (len(f.split()), not f.isupper(), len(f)))
        return _tidy(best)

    @property
    def aliases(self) -> list[str]:
        seen: list[str] = []
        name = self.name
        for form in [m.text for m in self.mentions] + self.nicknames:
            form = _tidy(form) if self.label == "PERSON" else form
            if form != name and form not in seen:
                seen.append(form)
        return seen


@lru_cache(maxsize=4096)
def _tidy(text: str) -> str:
    """A name without quoted nicknames, outer quotes and doubled spaces (pure: cached, names recur)."""
    text = re.sub(rf"\s*[{QUOTES}][^{QUOTES}]*[{QUOTES}]\s*", " ", text) if re.search(rf"\s[{QUOTES}]", text) else text
    return re.sub(r"\s+", " ", text.strip(QUOTES + " "))


def person_name(cluster: Cluster) -> str:
    """``REID, Dwayne Fitzroy`` -> ``Dwayne Fitzroy Reid``; ``Marlon "Bigga" Campbell`` -> ``Marlon Campbell``."""
    candidates = []
    for mention in cluster.mentions:
        if mention.rule in _NICK_RULES or mention.rule in ("kinship-name", "title-initial"):
            continue
        form = _tidy(mention.text)
        if "," in form:
            surname, given = [p.strip() for p in form.split(",", 1)]
            form = f"{given} {surname}"
        words = [w.title() if w.isupper() and len(w) > 1 else w for w in form.split()]
        candidates.append(" ".join(words))
    if not candidates:
        return _tidy(cluster.mentions[0].text)
    return max(candidates, key=lambda f: (len(f.split()), len(f)))


def _name_parts(text: str) -> list[str]:
    return list(_name_parts_of(text))


@lru_cache(maxsize=4096)
def _name_parts_of(text: str) -> tuple[str, ...]:
    form = _tidy(text)
    if "," in form:
        surname, given = [p.strip() for p in form.split(",", 1)]
        form = f"{given} {surname}"
    return tuple(w for w in form.split() if len(w) > 1)


def _fold(word: str) -> str:
    return word.casefold().strip(".'’")


def _inside_reference(text: str, found: Found) -> bool:
    """``CTIP`` in ``CTIP/WM/2023/041``: a word glued by a slash to a code is part of a report or
    case number, never a name (phones, e-mails and handles are read elsewhere)."""
    if found.label not in ("PERSON", "ORG", "LOCATION"):
        return False
    return bool(
        re.match(r"^/[A-Z0-9]", text[found.end : found.end + 2]) or re.search(r"[A-Z0-9]/$", text[: found.start][-2:])
    )


def cluster_mentions(
    text: str, found: list[Found], known: list[tuple[str, str]] | None = None
) -> tuple[list[Found], list[Cluster]]:
    """Settle overlaps, look for known names again, and group mentions into clusters.

    ``known`` are (surface form, label) pairs named elsewhere in the batch (other reports):
    they are looked for here too. Returns the final mentions (text order) and the clusters.
    """
    mentions = [f for f in settle(found) if not _inside_reference(text, f)]
    mentions = _propagate(text, mentions, known or [])
    mentions = _extend_given_names(text, mentions)
    clusters: list[Cluster] = []
    by_key: dict[tuple[str, str], Cluster] = {}

    def add(mention: Found, cluster: Cluster) -> None:
        cluster.mentions.append(mention)
        mention.key = cluster.key

    aliases = _acronym_keys(text, mentions)
    # non-person kinds: their keys already say what they are
    for mention in mentions:
        if mention.label == "PERSON":
            continue
        key = mention.key or _default_key(mention)
        key = aliases.get(key, key)
        cluster = by_key.get((mention.label, key))
        if cluster is None:
            cluster = Cluster(mention.label, key, props=dict(mention.props))
            by_key[(mention.label, key)] = cluster
            clusters.append(cluster)
        add(mention, cluster)
    _cluster_people(text, [m for m in mentions if m.label == "PERSON"], clusters)
    return mentions, clusters


def _acronym_keys(text: str, mentions: list[Found]) -> dict[str, str]:
    """``Trafficking in Persons Unit (TIPU)``: the acronym's key points at the full name's key."""
    keys: dict[str, str] = {}
    orgs = [m for m in mentions if m.label == "ORG"]
    for mention in orgs:
        if not (mention.text.isupper() and text[mention.start - 1 : mention.start] == "("):
            continue
        before = [o for o in orgs if o.end <= mention.start and mention.start - o.end <= 3 and o is not mention]
        if before:
            full = before[-1]
            full_key = full.key or _default_key(full)
            keys.setdefault(_default_key(mention), full_key)
    return keys


def _default_key(mention: Found) -> str:
    if mention.label == "ORG":
        words = [w for w in re.split(r"[^\w]+", mention.text.casefold()) if w]
        return "ORG_" + "_".join(words)
    return mention.label[:1] + "_" + "_".join(re.split(r"[^\w]+", mention.text.casefold())).strip("_")


def _cluster_people(text: str, people: list[Found], clusters: list[Cluster]) -> None:
    """Full names first, then nicknames tied to the name next to them, then single words by name part."""
    person_clusters: list[Cluster] = []
    part_index: dict[str, list[Cluster]] = {}
    assigned: dict[tuple[int, int], Cluster] = {}

    def new_cluster(mention: Found) -> Cluster:
        cluster = Cluster("PERSON", f"P#{len(person_clusters)}")
        person_clusters.append(cluster)
        clusters.append(cluster)
        return cluster

    def index(cluster: Cluster, mention: Found) -> None:
        for part in _name_parts(mention.text):
            part_index.setdefault(_fold(part), [])
            if cluster not in part_index[_fold(part)]:
                part_index[_fold(part)].append(cluster)
        if nick := mention.props.get("nickname"):
            if nick not in cluster.nicknames:
                cluster.nicknames.append(nick)
            for part in (nick, *nick.split()):
                part_index.setdefault(_fold(part), [])
                if cluster not in part_index[_fold(part)]:
                    part_index[_fold(part)].append(cluster)

    def attach(mention: Found, cluster: Cluster) -> None:
        cluster.mentions.append(mention)
        mention.key = cluster.key
        assigned[mention.span] = cluster
        index(cluster, mention)

    # 1. multi-word names: same full name (folded) -> same cluster; a shorter full name
    #    whose words all belong to a longer one joins it
    multi = [
        m
        for m in people
        if len(_name_parts(m.text)) >= 2 and m.rule not in _NICK_RULES + ("kinship-name", "title-initial")
    ]
    multi.sort(key=lambda m: -len(_name_parts(m.text)))
    for mention in multi:
        parts = [_fold(p) for p in _name_parts(mention.text)]
        home = None
        for cluster in person_clusters:
            for other in cluster.mentions:
                other_parts = [_fold(p) for p in _name_parts(other.text)]
                if parts[-1] == other_parts[-1] and set(parts) <= set(other_parts) or parts == other_parts:
                    home = cluster
                    break
            if home:
                break
        attach(mention, home or new_cluster(mention))
    # 2. nicknames and single words: a nickname cue ties to the person named next to it;
    #    a single word joins the cluster whose name part it is (the nearest one before it)
    rest = sorted((m for m in people if m.span not in assigned), key=lambda m: m.start)
    for mention in rest:
        if (
            mention.rule in _NICK_RULES
            or mention.props.get("cue")
            or mention.props.get("nickname") == mention.text
            or _after_alias_cue(text, mention)
        ):
            neighbour = _nearest_name(text, mention, people, assigned)
            if neighbour is not None:
                attach(mention, neighbour)
                if mention.text not in neighbour.nicknames:
                    neighbour.nicknames.append(mention.text)
                    for part in (mention.text, *mention.text.split()):
                        part_index.setdefault(_fold(part), [])
                        if neighbour not in part_index[_fold(part)]:
                            part_index[_fold(part)].append(neighbour)
                continue
        folded = mention.props.get("ocr_of") or _fold(_tidy(mention.text))
        owners = part_index.get(folded, []) or part_index.get(_ocr_fold(folded), []) or _near_miss(folded, part_index)
        if not owners and " " in folded:
            owners = part_index.get(_fold(folded.split()[-1]), [])
        if owners:
            attach(mention, _nearest_owner(owners, mention, text))
        else:
            attach(mention, new_cluster(mention))
    # 3. clusters formed before a nickname tied them together: merge clusters that share a nickname
    _merge_by_nickname(person_clusters, clusters)
    for n, cluster in enumerate(c for c in clusters if c.label == "PERSON"):
        cluster.key = f"P#{n}"
        for mention in cluster.mentions:
            mention.key = cluster.key
        cluster.mentions.sort(key=lambda m: m.start)


def _nearest_owner(owners: list[Cluster], mention: Found, text: str = "") -> Cluster:
    """Whose surname a lone surname is when two people share it: the one named earlier on the same
    line or sentence, else the one the report named first (its subject), else the nearest."""
    if len(owners) > 1 and text:
        line_start = max(text.rfind("\n", 0, mention.start), text.rfind(". ", 0, mention.start)) + 1
        same_line = [c for c in owners if any(line_start <= m.start < mention.start for m in c.mentions)]
        if len(same_line) == 1:
            return same_line[0]
        introduced = [c for c in owners if any(m.start < mention.start for m in c.mentions)]
        if introduced:
            return min(introduced, key=lambda c: min(m.start for m in c.mentions))
    before = [(max((m.start for m in c.mentions if m.start < mention.start), default=-1), c) for c in owners]
    best = max(before, key=lambda pair: pair[0])
    if best[0] >= 0:
        return best[1]
    return min(owners, key=lambda c: min(m.start for m in c.mentions))


_ALIAS_CUE_BEFORE = re.compile(
    r"(?:\bknown(?:\s+\w+){0,2}\s+as|\balias|\baka|\ba\.k\.a\.|\bnicknamed|\bstreet name)\s*[:,]?\s*[\"“]?$"
    r"|[\"”]\s*(?:,|and|or|,\s*and)\s*[\"“]$",
    re.IGNORECASE,
)


def _after_alias_cue(text: str, mention: Found) -> bool:
    """``known locally as "Mr. K" and "Big Lee"``: a name right after an alias cue (or after
    another quoted alias in such a list) is another name of the person before the cue."""
    return bool(_ALIAS_CUE_BEFORE.search(text[max(0, mention.start - 40) : mention.start]))


def _nearest_name(text: str, mention: Found, people: list[Found], assigned: dict) -> Cluster | None:
    """The person a nickname belongs to: the name just before it on its line (``REID ("Pinchy")``,
    ``Winston Edwards (alias "Junior"``) or, after "believed/identified ... as", just after it."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line_end = len(text) if line_end == -1 else line_end
    before = [
        m
        for m in people
        if line_start <= m.start and m.end <= mention.start and m.span in assigned and mention.start - m.end <= 40
    ]
    after_text = text[mention.end : min(line_end, mention.end + 60)]
    after = [m for m in people if mention.end < m.start <= min(line_end, mention.end + 60) and m.span in assigned]
    if after and re.search(r"believed (?:to be )?|identified (?:him |her )?as|real name|true name|i\.e\.", after_text):
        return assigned[after[0].span]
    if before:
        closest = max(before, key=lambda m: m.end)
        gap = text[closest.end : mention.start]
        if re.fullmatch(r"\s+(?:call|calls|called)\s+(?:her|him|them)?\s*[\"“]?", gap) and re.search(
            r"\b(?:one|girl|woman|lady|man|boy|youth|female|male)\s+$", text[max(0, closest.start - 12) : closest.start]
        ):
            return None  # "a quiet one Reid called "Keish"": Reid is the one calling her that
        if re.match(r"^['’]s?\s+(?:\w+\s+)?[a-z]+", gap):
            return None  # "Henry's foreman, known as "Bulla"": the nickname is the foreman's
        if "." not in gap.replace("St.", "") or re.search(r"\(|alias|aka|known", gap):
            return assigned[closest.span]
    if after and re.search(r"^\W{0,3}\(", after_text):
        return assigned[after[0].span]
    return None


def _merge_by_nickname(person_clusters: list[Cluster], clusters: list[Cluster]) -> None:
    by_nick: dict[str, Cluster] = {}
    for cluster in list(person_clusters):
        if cluster not in clusters:
            continue
        for nick in cluster.nicknames:
            other = by_nick.get(_fold(nick))
            if other is not None and other is not cluster and other in clusters:
                if _compatible(other, cluster):
                    other.mentions.extend(cluster.mentions)
                    other.nicknames.extend(n for n in cluster.nicknames if n not in other.nicknames)
                    clusters.remove(cluster)
                    break
            else:
                by_nick[_fold(nick)] = cluster


def _compatible(a: Cluster, b: Cluster) -> bool:
    """Two clusters may be one person unless both carry full names with different surnames."""

    def surnames(c: Cluster) -> set[str]:
        return {
            _fold(_name_parts(m.text)[-1])
            for m in c.mentions
            if len(_name_parts(m.text)) >= 2 and m.rule not in _NICK_RULES + ("kinship-name",)
        }

    sa, sb = surnames(a), surnames(b)
    return not sa or not sb or bool(sa & sb)


# --- propagation -------------------------------------------------------------------------------


def _extend_given_names(text: str, mentions: list[Found]) -> list[Found]:
    """A given name alone followed by a capitalised surname (``Shanice Walker``) becomes the full name."""
    given = {_name_parts(m.text)[0] for m in mentions if m.label == "PERSON" and len(_name_parts(m.text)) >= 2}
    taken = [(m.start, m.end) for m in mentions]
    for mention in mentions:
        if mention.label != "PERSON" or " " in mention.text or mention.text not in given:
            continue
        m = re.match(r"[ \t]+((?:Mc|Mac|O')?[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?|[A-Z]{3,})\b", text[mention.end :])
        if not m:
            continue
        word = m.group(1)
        if (
            word in word_set("not_persons")
            or word.lower() in STOP_WORDS
            or lookup_place(word)
            or word in word_set("titles")
        ):
            continue
        end = mention.end + m.end()
        if any(s < end and mention.end < e for s, e in taken):
            continue
        mention.end = end
        mention.text = text[mention.start : end]
    return mentions


_OCR_FIXES = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("1", "l"), ("0", "o"), ("5", "s"), ("|", "l"), ("!", "l"))


def _near_miss(folded: str, part_index: dict[str, list]) -> list:
    """The owners of the one known long name part one letter away from ``folded`` (a misspelt surname)."""
    if len(folded) < 6 or " " in folded:
        return []
    close = [k for k in part_index if len(k) >= 6 and k[0] == folded[0] and Levenshtein.distance(k, folded) == 1]
    return part_index[close[0]] if len(close) == 1 else []


def _ocr_fold(word: str) -> str:
    """A word with the usual OCR confusions undone, case-folded (``Carnpbell`` -> ``campbell``)."""
    fixed = word.casefold()
    for wrong, right in _OCR_FIXES:
        fixed = fixed.replace(wrong, right)
    return fixed


def _ocr_names(text: str, taken: list[Found], person_forms: set[str]) -> list[Found]:
    """Known names with scanning slips (``Carnpbell``, ``CAMPBE1L``, ``McFar1ane``): a word that
    becomes a known name once the usual OCR confusions are undone is that name."""
    known = {f.casefold() for f in person_forms if " " not in f and len(f) >= 5}
    if not known:
        return []
    by_initial: dict[str, list[str]] = {}
    for k in known:
        by_initial.setdefault(k[0], []).append(k)
    overlaps_taken = _overlap_test(taken)
    found = []
    for m in _CAPITALISED_WORD.finditer(text):
        word = m.group()
        if word.casefold() in known or overlaps_taken(m.start(), m.end()):
            continue
        fixed = _ocr_fold(word)
        if fixed != word.casefold() and fixed in known:
            found.append(Found(m.start(), m.end(), "PERSON", word, "propagated", props={"ocr_of": fixed}))
            continue
        # one slip of the pen in a long surname ("Campbel", "McFarlain" aside): edit distance 1
        folded = word.casefold()
        if (
            len(folded) >= 6
            and word not in given_names()
            and not lookup_place(word)
            and word not in word_set("not_persons")
        ):
            close = [
                k
                for k in by_initial.get(folded[0], ())
                if abs(len(k) - len(folded)) <= 1 and Levenshtein.distance(k, folded) == 1
            ]
            if len(close) == 1 and close[0] not in _folded_given_names():
                found.append(Found(m.start(), m.end(), "PERSON", word, "propagated", props={"ocr_of": close[0]}))
    return found


_CAPITALISED_WORD = re.compile(r"(?<![\w@#/.])[A-Z][A-Za-z0-9|!]{3,}(?![\w@])")


@lru_cache(maxsize=1)
def _folded_given_names() -> frozenset[str]:
    return frozenset(g.casefold() for g in given_names())


def _overlap_test(taken: list[Found]):
    """``(start, end) -> whether any of taken overlaps it``: the largest end among the readings
    starting before ``end``, found by bisection (readings may overlap one another)."""
    ordered = sorted(taken, key=lambda t: t.start)
    starts = [t.start for t in ordered]
    reach: list[int] = []
    for t in ordered:
        reach.append(max(t.end, reach[-1]) if reach else t.end)

    def overlaps(start: int, end: int) -> bool:
        before = bisect_left(starts, end)
        return before > 0 and reach[before - 1] > start

    return overlaps


@lru_cache(maxsize=4096)
def _lower_case_safe(name: str) -> bool:
    """Whether a name may also be matched in lower case (transcripts: "a man name dwayne"):
    only common given names that are not ordinary words."""
    from extract.recognise import _AMBIGUOUS_GIVEN

    words = name.split()
    return (
        len(words) >= 1
        and all(len(w) >= 4 for w in words)
        and words[0] in given_names()
        and words[0] not in _AMBIGUOUS_GIVEN
        and not any(w.lower() in STOP_WORDS for w in words)
    )


def _surname_cases(word: str) -> set[str]:
    """How a surname with a Mc/Mac/O' prefix is written in ordinary case: ``McKENZIE`` -> ``McKenzie``."""
    lowered = word.lower()
    for prefix, written in (("mc", "Mc"), ("mac", "Mac"), ("o'", "O'"), ("o’", "O’")):
        if lowered.startswith(prefix) and len(lowered) > len(prefix) + 2:
            return {written + lowered[len(prefix) :].title()}
    return set()


#: A chat or transcript line: a speaker (a name, or a date and time then a name) and a colon.
_MESSAGE_LINE = re.compile(
    r"[ \t]*(?:\[?[\d/.,: \-APMapm]{8,}\]?[ \t-]*)?[A-Z][\w'’.\-]*(?:[ \t][A-Z][\w'’.\-]*){0,3}[ \t]?"
    r"(?:\(\d{1,2}[:.]\d{2}[^)]*\))?:[ \t]"
)


def _in_message(text: str, at: int) -> bool:
    """Whether ``at`` is in the message part of a chat or transcript line, where people write
    names in lower case ("kiki mi waan come home")."""
    line_start = text.rfind("\n", 0, at) + 1
    m = _MESSAGE_LINE.match(text, line_start)
    return m is not None and m.end() <= at


_LOWER_NAMING_CUE = re.compile(r"\b(?:name|named|call|calls|called|nickname|alias|aka|know\s+as|known\s+as)\s+$", re.I)


@lru_cache(maxsize=1)
def _blocked_words() -> frozenset[str]:
    return word_set("not_persons") | word_set("titles") | word_set("demonyms")


@lru_cache(maxsize=8)
def _known_forms(known: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str, dict]]:
    """How a batch's names may be written (surface -> label, rule, props): the same for every
    report of the batch, so worked out once. Callers copy it before adding their own forms."""
    forms: dict[str, tuple[str, str, dict]] = {}
    blocked = _blocked_words()
    for surface, label in known:
        if surface in blocked or surface.lower() in STOP_WORDS or len(surface) < 3 or lookup_place(surface):
            continue
        forms.setdefault(surface, (label, "propagated", {}))
        if label == "PERSON" and surface.istitle() and " " not in surface:
            forms.setdefault(surface.upper(), (label, "propagated", {}))
        if label == "PERSON" and _lower_case_safe(surface):
            forms.setdefault(surface.lower(), (label, "propagated", {}))
        elif label == "PERSON" and not surface.islower() and surface.lower() not in STOP_WORDS:
            # a street name written in lower case in a transcript: "one lady name mama yoyo",
            # "a youth dem call ratty"; only after a naming word, so ordinary words stay words
            forms.setdefault(surface.lower(), (label, "propagated", {"needs_naming_cue": True}))
    return forms


def _propagate(text: str, mentions: list[Found], known: list[tuple[str, str]]) -> list[Found]:
    """Find known names again: surnames, given names, nicknames (as written or in capitals),
    organisation short forms and acronyms, venue short forms, and names from other reports.

    A name found again replaces what only the statistical model said about that text
    (``Nadine Lewis`` read as an organisation, ``Keisha`` as a place)."""
    forms = dict(_known_forms(tuple(known)))  # surface -> (label, rule, props)
    blocked = _blocked_words()
    for mention in mentions:
        if mention.label == "PERSON":
            parts = _name_parts(mention.text)
            if mention.rule in ("kinship-name", "title-initial"):
                parts = [_tidy(mention.text)]
            elif mention.props.get("nickname"):
                parts = parts + [mention.props["nickname"]]
            for part in parts:
                if part in blocked or part.lower() in STOP_WORDS or lookup_place(part) or len(part) < 3:
                    continue
                for variant in {part, part.upper(), part.title(), *_surname_cases(part)}:
                    forms.setdefault(variant, ("PERSON", "propagated", {}))
                if _lower_case_safe(part.title()):
                    forms.setdefault(part.lower(), ("PERSON", "propagated", {}))
                elif len(part) >= 4 and " " not in part:
                    # a name this report gives, written in lower case in a chat line ("kiki mi waan come")
                    lower = {"needs_naming_cue": True, "in_message": True}
                    if forms.get(part.lower(), (None, None, lower))[2].get("needs_naming_cue"):
                        forms[part.lower()] = ("PERSON", "propagated", lower)
        elif mention.label == "ORG":
            words = mention.text.split()
            suffixes = set(lexicon()["org_suffixes"])
            forms.setdefault(mention.text, ("ORG", "propagated", {}))
            if mention.text.isupper() or mention.text.istitle():
                forms.setdefault(
                    mention.text.upper() if not mention.text.isupper() else mention.text.title(),
                    ("ORG", "propagated", {}),
                )
            countries = set(lexicon()["countries_in_org_names"])
            if (
                len(words) >= 3
                and (words[-1] in suffixes or words[-1] in countries)
                and words[-2] not in ("of", "and", "in")
            ):
                short = " ".join(words[:-1])
                if not lookup_place(short) and short.split()[0] not in ("The",):
                    forms.setdefault(short, ("ORG", "propagated", {"short_of": mention.text}))
                    forms.setdefault(short.upper(), ("ORG", "propagated", {"short_of": mention.text}))
        if mention.label == "LOCATION" and mention.rule in ("venue", "address"):
            forms.setdefault(mention.text, ("LOCATION", "propagated", {"short_of": mention.text}))
        if mention.label == "LOCATION" and mention.rule == "venue":
            words = mention.text.split()
            for n in range(2, len(words)):
                short = " ".join(words[:n])
                if short.split()[-1].lower() in STOP_WORDS:
                    continue
                forms.setdefault(short, ("LOCATION", "propagated", {"short_of": mention.text}))
    if not forms:
        return mentions
    # only forms the text contains can match: a batch's hundreds of names make one pattern
    # per report that is dear to compile, and most of them are not in any one report
    present = [f for f in forms if f in text]
    alternation = literal_alternation(present)
    pattern = re.compile(rf"(?<![\w@#/.])(?:{alternation})(?![\w@/]|-[a-z]|\.\w)")
    added: list[Found] = []
    replaced: set[int] = set()
    for m in pattern.finditer(text) if present else ():
        label, rule, props = forms[m.group()]
        if props.get("needs_naming_cue"):
            if not (
                _LOWER_NAMING_CUE.search(text[max(0, m.start() - 20) : m.start()])
                or (props.get("in_message") and _in_message(text, m.start()))
            ):
                continue
            props = {}
        overlapping = [
            i for i, x in enumerate(mentions) if i not in replaced and m.start() < x.end and x.start < m.end()
        ]
        if any(a.start < m.end() and m.start() < a.end for a in added):
            continue
        if overlapping:
            weak = all(
                mentions[i].rule == "model" and mentions[i].start >= m.start() and mentions[i].end <= m.end()
                for i in overlapping
            )
            if not weak:
                continue
            replaced.update(overlapping)
        found = Found(m.start(), m.end(), label, m.group(), rule, props=dict(props))
        added.append(found)
    mentions = [x for i, x in enumerate(mentions) if i not in replaced]
    added.extend(_ocr_names(text, mentions + added, {f for f, (label, _, _) in forms.items() if label == "PERSON"}))
    # short forms share the cluster key of their long form
    long_keys = {m.text: m.key or _default_key(m) for m in mentions}
    orgs = [m for m in mentions if m.label == "ORG"]
    for found in added:
        if short_of := found.props.get("short_of"):
            found.key = long_keys.get(short_of, "")
        elif found.label == "ORG":
            # a short form known from another report ("Island Dreams") is this report's long name
            longer = next((m for m in orgs if m.text.casefold().startswith(found.text.casefold() + " ")), None)
            if longer is not None:
                found.key = longer.key or _default_key(longer)
    return sorted(mentions + added, key=lambda f: f.start)
