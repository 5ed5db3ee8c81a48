"""Layouts read as layouts: tables by their columns, forms by their keys, messages by their speakers."""

from __future__ import annotations

from extract.layouts import read_layout
from extract.layouts.forms import find_fields, is_form_key, is_person_key, value_name
from extract.layouts.messages import find_messages, narrator_of
from extract.layouts.tables import find_tables
from extract.layouts.telegraphic import capitalised_names, find_telegram
from extract.lexicon import word_set

PIPE_TABLE = """BOOKINGS (extract)

| Room | Guest name        | Mobile          | Vehicle      |
|------|-------------------|-----------------|--------------|
| 12   | BROWN, Lorna      | 876-555-0190    | 4410 KT      |
| 14   | Desmond PALMER    | (876) 555-0191  | -            |
"""

FIXED_TABLE = """DAY     DRIVER     PICK-UP             FARE
------  ---------  ------------------  -----
Mon     GORDON     Halfway Bus Park    1,200
Tue     REYNOLDS   22 Mango Walk       800
"""


def test_pipe_table_cells_keep_offsets_and_headers():
    table = find_tables(PIPE_TABLE)[0]
    cell = table.rows[0].cells[1]
    assert (cell.value, cell.header) == ("BROWN, Lorna", "Guest name")
    assert PIPE_TABLE[cell.start : cell.end] == "BROWN, Lorna"


def test_rule_line_is_not_a_row():
    assert len(find_tables(PIPE_TABLE)[0].rows) == 2


def test_fixed_width_columns_come_from_the_dash_rule():
    table = find_tables(FIXED_TABLE)[0]
    assert [c.value for c in table.rows[1].cells] == ["Tue", "REYNOLDS", "22 Mango Walk", "800"]
    assert table.rows[0].cells[2].header == "PICK-UP"


def test_column_headers_name_the_role_of_their_cells():
    table = find_tables(PIPE_TABLE)[0]
    roles = {c.header: c.roles for c in table.rows[0].cells}
    assert "person" in roles["Guest name"]
    assert "phone" in roles["Mobile"]
    assert "vehicle" in roles["Vehicle"]
    assert roles["Room"] == frozenset()


def test_tab_separated_lines_are_a_table():
    text = "Name\tPhone\nAnn Reid\t555-0101\nBo Lyn\t555-0102\n"
    table = find_tables(text)[0]
    assert table.kind == "tab"
    assert [c.value for c in table.rows[1].cells] == ["Bo Lyn", "555-0102"]


def test_a_line_with_one_bar_is_not_a_table():
    assert find_tables("Office: Half Way Tree | Tel. 876-555-0100\nOpen daily.\n") == []


def test_form_keys_are_labels_and_values_follow_them():
    text = "Date seen: 02/02/2024      Place Last Seen: Coronation Market\nReported by: Cst. A. Lewis\n"
    fields = find_fields(text)
    assert [f.key for f in fields] == ["Date seen", "Place Last Seen", "Reported by"]
    assert fields[1].value == "Coronation Market"


def test_a_speaker_is_not_a_form_key():
    assert not is_form_key("Lorna Brown")
    assert is_form_key("Signature of Witness")


def test_person_field_gives_the_name_without_rank():
    text = "Laid by: T. McKOY, Det. Cpl., Reg. No. 5512\n"
    field = find_fields(text)[0]
    assert is_person_key(field)
    start, end = value_name(text, field, word_set("titles"))
    assert text[start:end] == "T. McKOY"


def test_surname_first_value_keeps_its_initial():
    text = "Name: GRANT, Orville P.\n"
    field = find_fields(text)[0]
    start, end = value_name(text, field, word_set("titles"))
    assert text[start:end] == "GRANT, Orville P."


CHAT = """[03/05/2024, 20:01] Lorna B: mi reach di yard
[03/05/2024, 20:03] Desmond: ok. I will call you later
[03/05/2024, 20:04] Lorna B: tell him my number change
"""


def test_chat_lines_name_their_speakers():
    messages = find_messages(CHAT)
    assert [m.speaker for m in messages] == ["Lorna B", "Desmond", "Lorna B"]
    assert CHAT[messages[1].body_start : messages[1].body_end] == "ok. I will call you later"


def test_name_with_time_in_brackets_is_a_speaker():
    text = "Tricia (09:12): where you are?\nMarlon (09:15): on the road\n"
    assert [m.speaker for m in find_messages(text)] == ["Tricia", "Marlon"]


EMAIL = """From: Ruth Clarke <ruth.c@example.org>
Sent: Monday, 4 March 2024 10:00
To: Paul Young <p.young@example.org>

Paul, I have the list.

> On Sun, 3 Mar 2024 at 18:20, Paul Young <p.young@example.org> wrote:
> Ruth - send me the list when you can.
"""


def test_email_body_belongs_to_the_sender_and_quote_to_its_author():
    messages = find_messages(EMAIL)
    by_kind = {m.kind: m for m in messages}
    assert by_kind["email"].speaker == "Ruth Clarke"
    assert EMAIL[by_kind["email"].body_start : by_kind["email"].body_end].strip() == "Paul, I have the list."
    assert by_kind["quoted"].speaker == "Paul Young"
    assert "send me the list" in EMAIL[by_kind["quoted"].body_start : by_kind["quoted"].body_end]


INTERVIEW = """Interview record
Interviewee: Sasha GREEN | Age: 19

Q: Who took your phone?
A: The driver took it from me.
Q: Where?
A: At the gate. I never see it again.
"""


def test_answers_are_the_interviewees_and_questions_nobodys():
    fields = find_fields(INTERVIEW)
    narrator = narrator_of(INTERVIEW, fields)
    assert INTERVIEW[narrator[0] : narrator[1]] == "Sasha GREEN"
    bodies = [INTERVIEW[m.body_start : m.body_end] for m in find_messages(INTERVIEW, narrator)]
    assert bodies == ["A: The driver took it from me.", "A: At the gate. I never see it again."]


def test_signal_in_capitals_is_telegraphic_and_names_follow_subj():
    text = "FM STN CENTRAL\nTO HQ CID\nREF YOUR MSG 14 STOP\nSUBJ ROHAN TULLOCH SEEN WITH TWO GIRLS STOP\n"
    telegram = find_telegram(text)
    assert telegram is not None
    assert [text[s:e] for s, e in capitalised_names(text, telegram)] == ["ROHAN TULLOCH"]


def test_layout_kinds_of_a_chat_and_a_table():
    assert read_layout(CHAT).kinds == {"chat"}
    assert "table" in read_layout(PIPE_TABLE).kinds


def test_aligned_columns_without_a_rule_are_a_table():
    text = "NAME             PHONE           ROLE\nCarl MURRAY      876-555-0161    driver\nJune ALLEN       876-555-0162    cook\n"
    table = find_tables(text)[0]
    assert [c.value for c in table.rows[1].cells] == ["June ALLEN", "876-555-0162", "cook"]
    assert table.rows[0].cells[1].header == "PHONE"


def test_prose_lines_are_no_aligned_table():
    text = "The driver  and the cook  were named.\nNobody else was seen there that night.\nThey left.\n"
    assert find_tables(text) == []
