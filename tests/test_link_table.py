"""Reading structured link lists (i2-style CSV) into one report and its extraction."""

from __future__ import annotations

import pytest

from extract.link_table import LinkTableError, LinkTableSpec, read_link_table, read_link_text
from tests.test_analysis_projection import NETWORKS

LIST = """from,to,kind,calls
Ann Lee,Bob Ray,associate,2
Bob Ray,Ann Lee,associate,1
Ann Lee,"Cole, Dee",recruited,
"""


def test_rows_become_entities_and_links_with_the_row_as_evidence():
    result = read_link_text(LIST, LinkTableSpec("from", "to", type_column="kind"), "list.csv")
    assert sorted(e.id for e in result.extraction.entities) == ["P_ann_lee", "P_bob_ray", "P_cole_dee"]
    recruited = next(k for k in result.extraction.links if k.type == "RECRUITED")
    assert (recruited.source, recruited.target, recruited.method, recruited.confidence) == (
        "P_ann_lee",
        "P_cole_dee",
        "import",
        1.0,
    )
    assert recruited.sentence == 'Ann Lee,"Cole, Dee",recruited,'
    assert result.report.text[recruited.start : recruited.end] == recruited.sentence


def test_repeated_undirected_rows_add_weight_to_one_link():
    result = read_link_text(LIST, LinkTableSpec("from", "to", weight="calls", type_column="kind"))
    (associates,) = [k for k in result.extraction.links if k.type == "ASSOCIATE_OF"]
    assert associates.weight == 3.0


def test_directed_rows_in_both_directions_stay_two_links():
    result = read_link_text(LIST, LinkTableSpec("from", "to", type_column="kind", directed=True))
    assert len([k for k in result.extraction.links if k.type == "ASSOCIATE_OF"]) == 2


def test_one_mention_per_entity_points_at_its_cell():
    result = read_link_text(LIST, LinkTableSpec("from", "to", type_column="kind"))
    assert len(result.extraction.mentions) == 3
    for mention in result.extraction.mentions:
        assert result.report.text[mention.start : mention.end] == mention.text
    assert {m.text for m in result.extraction.mentions} == {"Ann Lee", "Bob Ray", "Cole, Dee"}


def test_the_file_is_one_link_import_report_named_after_it():
    result = read_link_text(LIST, LinkTableSpec("from", "to", rel_type="PAID"), "ledger.csv")
    assert (result.report.kind, result.report.title, result.report.text) == ("link-import", "ledger.csv", LIST)
    assert {k.type for k in result.extraction.links} == {"PAID"}


def test_phone_lists_get_e164_ids():
    text = "a,b\n555-0143,(876) 555 0112\n"
    result = read_link_text(text, LinkTableSpec("a", "b", kind="PHONE"))
    assert sorted(e.id for e in result.extraction.entities) == ["PH_+18765550112", "PH_+18765550143"]


def test_bad_rows_are_listed_with_line_numbers_and_skipped():
    text = "a,b,t\nAnn,Bob,associate\n,Bob,associate\nAnn,Bob,frobbed\nAnn,Ann,associate\n"
    result = read_link_text(text, LinkTableSpec("a", "b", type_column="t"))
    assert result.rows == 1
    assert [(bad.line, bad.message.split(" ")[0]) for bad in result.bad_rows] == [
        (3, "empty"),
        (4, "link"),
        (5, "source"),
    ]


def test_an_unknown_column_is_refused_naming_the_columns_there_are():
    with pytest.raises(LinkTableError, match=r"no column 'source'.*columns: from, to, kind, calls"):
        read_link_text(LIST, LinkTableSpec("source", "to"))


def test_an_unknown_fixed_link_type_is_refused():
    with pytest.raises(LinkTableError, match="not one of"):
        read_link_text(LIST, LinkTableSpec("from", "to", rel_type="LIKES"))


def test_the_florentine_marriage_list_reads_as_fifteen_families_and_twenty_marriages():
    result = read_link_table(NETWORKS / "florentine_marriages.csv", LinkTableSpec("family_a", "family_b"))
    assert (len(result.extraction.entities), len(result.extraction.links), result.bad_rows) == (15, 20, [])
