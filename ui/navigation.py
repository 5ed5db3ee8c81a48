"""Links across the workspace: open an entity in Explore or a report at its sentence, from any table row.

The view an analyst is looking at lives in the URL query string (``?entity=…&hops=2`` on
Explore, ``?from=…&to=…`` on Paths, ``?report=…&at=…`` on Reports), so it can be shared with a
colleague on the same case and survives a reload. Ids in the URL are the ids the user was shown (a hidden
victim's is her pseudonym's), never a name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd
import streamlit as st

from graph.model import Entity


class EntityReader(Protocol):
    def get_entity(self, entity_id: str) -> Entity | None: ...

EXPLORE = "ui/pages/explore.py"
REPORTS = "ui/pages/reports.py"


def open_entity(entity_id: str, hops: int | None = None) -> None:
    """Go to Explore showing ``entity_id`` (stops this run)."""
    params = {"entity": entity_id}
    if hops:
        params["hops"] = str(hops)
    st.switch_page(EXPLORE, query_params=params)


def open_report(report_id: str, start: int | None = None) -> None:
    """Go to Reports showing ``report_id``, scrolled to the sentence starting at ``start`` (stops this run)."""
    params = {"report": report_id}
    if start is not None and start >= 0:
        params["at"] = str(start)
    st.switch_page(REPORTS, query_params=params)


def url_value(name: str) -> str | None:
    """A value from the page's query string, or None."""
    value = st.query_params.get(name)
    return str(value) if value else None


def url_int(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string, kept within ``low``..``high``."""
    try:
        return min(high, max(low, int(st.query_params.get(name, default))))
    except (TypeError, ValueError):
        return default


def keep_in_url(**values: object) -> None:
    """Write the current view into the query string (None removes a value); only what changed is written."""
    for name, value in values.items():
        if value is None or value == "":
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)


#: What a link naming an entity the user may not see answers: the same as one naming nothing.
NOT_IN_YOUR_CASE = "The entity in the link is not in the case as you may see it."


def linked_entity(store: EntityReader, searched: Entity | None, name: str) -> Entity | None:
    """The entity a page works on: the one just searched for, else the one the page's link names
    (``?NAME=ID``, an id as the user was shown it), kept in the URL. A link naming an entity the
    user may not see gets the same warning as one naming nothing."""
    wanted = url_value(name) if searched is None else None
    entity = searched if searched is not None else store.get_entity(wanted) if wanted else None
    if entity is None:
        if wanted:
            st.warning(NOT_IN_YOUR_CASE)
        return None
    keep_in_url(**{name: entity.id})
    return entity


@dataclass(frozen=True)
class RowTarget:
    """Where a table row leads: an entity (Explore) or a report at a sentence (Reports)."""

    entity_id: str | None = None
    report_id: str | None = None
    start: int | None = None
    sentence: str = ""  # found in the report when ``start`` is not known


def linked_table(rows: Sequence[dict], targets: Sequence[RowTarget], key: str, **options: object) -> None:
    """A table whose rows open what they are about: select a row to go there.

    ``targets[i]`` is where row ``i`` leads. Case text in cells is shown as text (tables do not
    read Markdown).
    """
    if not rows:
        return
    caption = options.pop("caption", "Select a row to open it.")
    frame = pd.DataFrame(list(rows))
    generation = st.session_state.get(f"{key}_opened", 0)  # a followed row must not stay selected
    picked = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"{key}_{generation}",
        **options,
    )
    if caption:
        st.caption(str(caption))
    selected = list(getattr(getattr(picked, "selection", None), "rows", []) or [])
    if selected and 0 <= selected[0] < len(targets):
        st.session_state[f"{key}_opened"] = generation + 1
        follow(targets[selected[0]])


def follow(target: RowTarget, go_entity: Callable[[str], None] = open_entity) -> None:
    """Go where a row leads (stops this run)."""
    if target.entity_id:
        go_entity(target.entity_id)
    elif target.report_id:
        start = target.start
        if start is None and target.sentence:
            start = sentence_offset(target.report_id, target.sentence)
        open_report(target.report_id, start)


def sentence_offset(report_id: str, sentence: str) -> int | None:
    """Where ``sentence`` starts in the report as the user sees it (None when it cannot be found)."""
    from ui.context import store

    report = store().get_report(report_id)
    if report is None or not sentence:
        return None
    found = report.text.find(sentence.strip()[:80])
    return found if found >= 0 else None
